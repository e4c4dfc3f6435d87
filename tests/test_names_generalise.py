"""Names that generalise (issue 14, part 2): before/after tables of whole redactions, one per
category, each with near-misses that must survive. Every "after" below differs from what the
code before this change wrote (its output is noted where it leaked)."""

from __future__ import annotations

import pytest

from balint_redact.detect import firms as F
from balint_redact.detect import people as P
from balint_redact.detect import signatures as SG
from balint_redact.detect.steps_people import REASONS
from balint_redact.text.lexicon import Lexicon
from balint_redact.text.names import end_forms, join_name_parts
from balint_redact.text.spans import Span
from balint_redact.text.wordlists import common_words, rare_words, word_name_list


def _out(redactor, text: str) -> str:
    return redactor.redact(text).text


# ---- a word used as a name is that name wherever it is capitalised ----------------------------
WORD_NAMES = [
    # was: "Hope, the trainee … Hope raised …" (both kept)
    ("Hope, the trainee who sits with me, was the first to notice. Hope raised an eyebrow "
     "and went back to the bundle.",
     "Person A, the trainee who sits with me, was the first to notice. Person A raised an "
     "eyebrow and went back to the bundle."),
    # was: "Summer … Summer says" kept; "the summer" is a season
    ("Summer, our paralegal, has built the chronology. Summer says it is wrong. We have been "
     "at it since the summer.",
     "Person A, our paralegal, has built the chronology. Person A says it is wrong. We have been "
     "at it since the summer."),
    # was: "Grace herself" kept (sentence-initial)
    ("I took Grace to school on Monday. Grace herself was upset. By the grace of God she "
     "went in.",
     "I took Person A to school on Monday. Person A herself was upset. By the grace of God "
     "she went in."),
    # a post after the name; "no joy" stays a word
    ("Small things. Joy on reception now puts her straight through. There was no joy in the "
     "office.",
     "Small things. Person A on reception now puts her straight through. There was no joy "
     "in the office."),
    # in an all-lower-case note too
    ("buy card for joy on reception, she's 60 on sat. the job brought no joy.",
     "buy card for Person A on reception, she's 60 on sat. the job brought no joy."),
]

WORD_NAME_NEAR_MISSES = [
    "Hope is not a plan. Will the court allow it? The judge said no.",
    "Mark my words. May I ask? Grant of probate was refused. Hope springs eternal.",
    "Under the Mental Health Act 1983 and the Children Act 1989 the Court of Appeal held "
    "that the appeal failed.",
    # a word-name after a determiner is a word even where the name is found elsewhere
    "I took Grace to school. Grace cried. The grace period ends on Friday; she said the "
    "Grace was long.",
]


@pytest.mark.parametrize("text, after", WORD_NAMES)
def test_a_word_used_as_a_name_is_that_name_wherever_capitalised(redactor, text, after):
    assert _out(redactor, text) == after


@pytest.mark.parametrize("text", WORD_NAME_NEAR_MISSES[:3])
def test_capitalised_ordinary_words_stay_where_nobody_has_that_name(redactor, text):
    # the same sentence-initial word goes where the document names someone so
    named = "Hope, the trainee, rang. " + text
    assert _out(redactor, named) == "Person A, the trainee, rang. " + text.replace(
        "Hope is", "Person A is").replace("Hope springs", "Person A springs")
    assert _out(redactor, text) == text


def test_a_found_word_name_spares_the_word_after_a_determiner(redactor):
    out = _out(redactor, WORD_NAME_NEAR_MISSES[3])
    assert out.startswith("I took Person A to school. Person A cried.")
    assert "The grace period" in out and "the Grace was long" in out


# ---- names outside Anglo patterns -----------------------------------------------------------
WORLD_NAMES = [
    # was: "… Person A. Lan will not speak … Lan apologises"
    ("My client is Nguyễn Thị Lan. Lan will not speak on the phone. Lan apologises for "
     "messaging late.",
     "My client is Person A. Person A will not speak on the phone. Person A apologises for "
     "messaging late."),
    # was: "… he is Ka-Ming."
    ("The note. Wong Ka-Ming is 29. To his family he is Ka-Ming.",
     "The note. Person A is [age]. To his family he is Person A."),
    # was: "Nour Person A … Nour's account"
    ("- deceased: Nour El-Sayed, 34, a pharmacist\n- Nour's account was frozen.",
     "- deceased: Person A, [age], a pharmacist\n- Person A's account was frozen."),
    # was: "Person A bint Person B" (the particle left between two placeholders)
    ("The mother, Fatima bint Rashid, and her brother Khalid bin Walid both came.",
     "The mother, Person A, and her brother Person B both came."),
    # was: "Name A dos Person A … Later dos Person A cried."
    ("Maria dos Santos and João da Silva gave evidence. Later dos Santos cried.",
     "Person A and Person B gave evidence. Later Person A cried."),
    # was: "Sade said …" (a short form from the name's end)
    ("My client Folasade Adeyemi-Bello rang. Sade said her landlord had changed the locks.",
     "My client Person A rang. Person B said her landlord had changed the locks."),
    # was: "Can said …" (a Turkish given name that is an English word)
    ("We met Can Yilmaz today. Can said the hearing went well.",
     "We met Person A today. Person A said the hearing went well."),
]


# in an all-lower-case note: a given name beside a name found joins it, and is found again
LOWER_CASE = [
    # was: "saw Person A lan. lan says ok."
    ("saw nguyen thi lan. lan says ok.", "saw Person A. Person A says ok."),
    # was: "call from ka-ming Person A's sister … ka-ming wants …"
    ("call from ka-ming wong's sister mei-ling. ka-ming wants to wear the suit.",
     "call from Person A's sister Person B. Person A wants to wear the suit."),
    # was: "Person A and dean came in"; "the summer" stays a season
    ("rang summer okafor re the flat. summer and dean came in at 3. the summer is long.",
     "rang Person A re the flat. Person A and Person B came in at 3. the summer is long."),
]


@pytest.mark.parametrize("text, after", LOWER_CASE)
def test_lower_case_notes_names_beside_names(redactor, text, after):
    assert _out(redactor, text) == after


def test_lower_case_near_misses(redactor):
    text = "follow-up call re the long-term plan. the dean and the trainee agreed."
    assert _out(redactor, "saw nguyen thi lan. lan rang. " + text) == \
        "saw Person A. Person A rang. " + text


WORLD_NAMES += [
    # was: "Tam is [age]" (the name without its accents, and the name it goes by)
    ("Item 1 — Lưu Văn Tâm (Tam), file 14. Tam is 19.",
     "Item 1 — Person A (Person B), file 14. Person B is [age]."),
    # was: 'Kelvin rang.' (and then the name it goes by a placeholder of its own)
    ('| 1 | Chan Ka-wai ("Kelvin") | deposit | Kelvin rang. |',
     '| 1 | Person A | deposit | Person A rang. |'),
    # was: "Ivy-Rose" kept (a double-barrelled first name of two first names that are words)
    ("The baby, Ivy-Rose, is nine months old. Ivy-Rose cried.",
     "The baby, Person A, is [age]. Person A cried."),
    # was: "Chi says …" (a given name that is a word, speaking)
    ("Thank you. Chi says he wants a man lawyer.",
     "Thank you. Person A says he wants a man lawyer."),
]


def test_a_name_set_off_after_more_roles_and_relations():
    # the rule that finds "My supervisor, Frances, said" knew no porters or grandsons: in a
    # long letter the model missed "Kai" (a blind write-up leaked it)
    import tomllib
    from pathlib import Path

    import regex

    rules = tomllib.loads((Path(__file__).parent.parent / "models" / "rules" /
                           "people.toml").read_text(encoding="utf-8"))
    rule = next(p for p in rules["pattern"] if p["name"] == "name_after_relation")
    pattern = regex.compile(rule["regex"])
    text = "The porter, Dele, was kind. Our client's grandson, Kai, aged 4, was admitted."
    assert [m.group("id") for m in pattern.finditer(text)] == ["Dele", "Kai"]
    assert not pattern.search("The Principal Secretary, Registration, and others.")


def test_brackets_after_a_name_that_are_no_name(redactor):
    text = "Suresh Pillai (Civil) and Ramesh Kumar (Deceased) were heard. Lưu Văn Tâm (Tam) " \
        "rang; Tam cried."
    assert _out(redactor, text) == "Person A (Civil) and Person B (Deceased) were heard. " \
        "Person C (Person D) rang; Person D cried."


@pytest.mark.parametrize("text, after", WORLD_NAMES)
def test_names_outside_anglo_patterns(redactor, text, after):
    assert _out(redactor, text) == after


def test_world_names_near_misses(redactor):
    # a given name that is a word, on its own at a sentence's start, stays a word; so do
    # ordinary words the document also writes in lower case ("Air" of a model's "Air Sc")
    text = "Can the court hear it today? The air was cold and the son was late."
    assert _out(redactor, text) == text
    named = "We met Can Yilmaz today. " + text
    assert _out(redactor, named) == "We met Person A today. Person A the court hear it " \
        "today? The air was cold and the son was late."


def test_end_forms_and_particles_are_data_driven():
    assert end_forms("Chukwuemeka") == ["Meka", "Emeka"] and end_forms("Tom") == []
    t = "Later van Dijk and do Carmo spoke."
    spans = [Span(10, 14, "PERSON", .8, "m"), Span(22, 27, "PERSON", .8, "m")]
    # "van" joins its surname; "do" (an English word) never leads one
    assert [t[s.start:s.end] for s in join_name_parts(t, spans, frozenset())] == [
        "van Dijk", "Carmo"]


# ---- speaker labels and initials ------------------------------------------------------------
SPEAKERS = [
    # was: "DV" kept everywhere, "Hope" only as a label
    ("[09:02] DV: Running late.\n[09:03] Hope: ok, I will wait.\n[09:05] DV: Hope, sit with "
     "him.\n\nLater Hope wrote back, quite flatly.",
     "[09:02] Person A: Running late.\n[09:03] Person B: ok, I will wait.\n[09:05] Person A: "
     "Person B, sit with him.\n\nLater Person B wrote back, quite flatly."),
    # was: "RD" kept, "CM" an organisation
    ("Present: RD (supervisor), CM (me, for the child).\nRD asked me to keep to initials. "
     "RD said: try again.",
     "Present: Person A (supervisor), Person B (me, for the child).\nPerson A asked me to "
     "keep to initials. Person A said: try again."),
    # was: "Person A (RD) … RD's note"
    ("Rhona Dunbar (RD) chaired the meeting. Afterwards RD's note went round.",
     "Person A (Person B) chaired the meeting. Afterwards Person B's note went round."),
    # was: "EN", "KO'N" kept
    ("Mum, EN, lives nearby. The safeguarder is JF-C. The depute head, KO'N, wrote a "
     "report. I emailed AMcL, who looks after data.",
     "Mum, Person A, lives nearby. The safeguarder is Person B. The depute head, Person C, "
     "wrote a report. I emailed Person D, who looks after data."),
    # was: every label kept
    ("LB: Morning.\nAilsa: Hi.\nLB: Custody list is up.\nAilsa: ok",
     "Person A: Morning.\nPerson B: Hi.\nPerson A: Custody list is up.\nPerson B: ok"),
    ("[JK] I think we should wait.\n[MT] Agreed.\n[JK] Then we wait.",
     "[Person A] I think we should wait.\n[Person B] Agreed.\n[Person A] Then we wait."),
]

# initials listed as people, given actions, or named beside a name
SPEAKERS += [
    # was: every set of initials kept
    ("Present: AK (chair), SB, T-JW, MO'C (notes)\nApologies: DL\n\n- AN to draft the "
     "statement\n- DAP to speak to counsel\n\nSigned: AN / DAP\n",
     "Present: Person A (chair), Person B, Person C, Person D (notes)\nApologies: Person E"
     "\n\n- Person F to draft the statement\n- Person G to speak to counsel\n\nSigned: "
     "Person F / Person G\n"),
    # was: "Fee earner: HW", "(NR on the system)" kept
    ("Fee earner: HW. My supervisor, Nisha Rajaratnam (NR on the system), agreed.",
     "Fee earner: Person A. My supervisor, Person B (Person C on the system), agreed."),
]

SPEAKER_NEAR_MISSES = [
    "Date: tbc\nNote: nothing urgent\nSubject: the bundle",
    "Q: Did you see him?\nA: No.\nQ: Are you sure?\nA: Yes.",
    "The CPS said no. The Local Authority (LA) agreed. The SRA said it would appeal.",
]


@pytest.mark.parametrize("text, after", SPEAKERS)
def test_speaker_labels_and_initials_are_people(redactor, text, after):
    assert _out(redactor, text) == after


@pytest.mark.parametrize("text", SPEAKER_NEAR_MISSES)
def test_headings_question_labels_and_bodies_stay(redactor, text):
    assert _out(redactor, text) == text
    # beside a transcript whose speakers are initials, they still stay
    chat = "LB: Morning.\nLB: list is up.\n"
    assert _out(redactor, chat + text) == "Person A: Morning.\nPerson A: list is up.\n" + text


def test_speaker_finders_say_why():
    lex = Lexicon(common_words(), rare_words())
    text = "RD asked. Note: one\nLB: a\nLB: b"
    labels = P.speaker_labels(text, lex.is_common, word_name_list())
    assert [(text[a:b], why) for a, b, why in labels] == [("LB", "speaker label")] * 2
    found = P.initials_named(text, lambda w: not lex.is_common(w))
    assert [(text[a:b], why) for a, b, why in found] == [("RD", "initials that speak or act")]


# ---- signature blocks and firm names --------------------------------------------------------
SIGNATURES = [
    # was: "Name A ab Organisation A" (the particle left)
    ("Thanks for reading.\n\nKind regards,\n\nMererid ab Owain\nTanat & Teifi Law\n",
     "Thanks for reading.\n\nKind regards,\n\nPerson A\nOrganisation A\n"),
]


@pytest.mark.parametrize("text, after", SIGNATURES)
def test_signature_blocks(redactor, text, after):
    assert _out(redactor, text) == after


def test_firm_names_with_an_ampersand():
    lex = Lexicon(common_words(), rare_words())
    text = ("We instructed Tanat & Teifi Solicitors; Brown & Hill LLP act for him. Patel & "
            "Ors v State of Kerala & Anr. The Accident & Emergency unit. Q&A.")
    found = [text[a:b] for a, b, _ in F.firm_names(text, lex.is_common)]
    assert found == ["Tanat & Teifi Solicitors", "Brown & Hill LLP"]
    low = "rang brown & hill solicitors today"
    assert [low[a:b] for a, b, _ in F.firm_names(low, lex.is_common, lowered=True)] == [
        "brown & hill solicitors"]


def test_each_new_decision_leaves_a_reason_in_the_trace():
    from balint_redact import Redactor

    text = "[09:02] DV: late\n[09:03] Hope: ok\n[09:04] DV: on my way\nHope, the trainee, came."
    trace = Redactor(use_default_rules_file=False, explain=True).redact(text).trace
    reasons = {(r.stage, r.reason) for r in trace.records if r.action == "add"}
    assert ("speakers", REASONS["initials"]) in reasons
    assert ("role_names", REASONS["role-name"]) in reasons
    text = "[09:02] Ailsa: late\n[09:03] Ailsa: ok"
    trace = Redactor(use_default_rules_file=False, explain=True,
                     skip_stages=["unknown_words"]).redact(text).trace
    assert {(r.stage, r.reason) for r in trace.records if r.action == "add"} == {
        ("speakers", REASONS["speaker-label"])}


def test_the_firm_line_of_a_signature_block():
    lex = Lexicon(common_words(), rare_words())
    text = "Kind regards,\n\nJo Bloggs\nHarbour Law LLP\n01234 567890\n--\nCeri Lloyd-Davies\n" \
        "Senior Associate\n"
    names = SG.signature_names(text, lex.is_common)
    assert [text[a:b] for a, b, _ in names] == ["Jo Bloggs", "Ceri Lloyd-Davies"]
    firms = F.signature_firms(text, names, lex.is_common)
    assert [text[a:b] for a, b, _ in firms] == ["Harbour Law LLP"]  # a job title stays


def test_partner_words_not_after_an_article(redactor):
    # "Town" of a joined "Courtlam Town Panchayat" is a word where "the Town" is written
    # (the legal texts lost retention to it)
    from balint_redact.detect.steps_names import _partner_words

    res = redactor._detector
    text = "Courtlam Town Panchayat met. Elections to all the Town Panchayats followed."
    assert _partner_words(res, {"Courtlam Town Panchayat"}, text) == frozenset()
    assert "Ka-Ming" in _partner_words(res, {"Wong Ka-Ming"}, "Wong Ka-Ming rang.")


def test_a_firm_of_a_found_name_and_generic_words_adds_nothing(redactor):
    from balint_redact.detect import Document
    from balint_redact.detect.steps_people import firm_names

    text = "instructed by Mane & Associates, and by Tanat & Teifi."
    doc = Document.of(text)
    doc.spans = [Span(14, 18, "PERSON", 0.8, "m")]
    firm_names(redactor._detector, doc)
    assert [(text[s.start:s.end], s.entity_type) for s in doc.spans] == [
        ("Mane", "PERSON"), ("Tanat & Teifi", "ORGANIZATION")]
