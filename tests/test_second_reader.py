"""The second reader (balint_redact.confirm.reader): independent of the redactor, it flags
what a person who knows the case should confirm — on the redactor's own output, even with
the redactor's detection switched off (issue #15's acceptance)."""

from __future__ import annotations

import pytest

from balint_redact import Redactor
from balint_redact.errors import DetectionError
from balint_redact.confirm.codes import explain
from balint_redact.confirm.mapping import align, to_original, to_redacted
from balint_redact.confirm.reader import REASONS, second_read

# every stage that finds something: what is left is the redactor with its detection off
DETECTION = ["model", "titled_names", "lookups", "codes", "unknown_words", "word_names",
             "speakers", "role_names", "firm_names", "join_names", "name_lists", "propagate",
             "original_casing"]

# (issue #14 category, text, the identifier the redactor leaves, the reason expected)
CATEGORIES = [
    ("sentence-initial word-name", "Hope, the trainee who sits with me, came along.",
     "Hope", "first-name"),
    ("sentence-initial word-name", "It was late. Summer rang at 9am.", "Summer", "first-name"),
    ("code no rule explains", "It was KB-2024-000123 on the system.", "KB-2024-000123",
     "code"),
    ("code no rule explains", "the council's hsg/2291/aw came back", "hsg/2291/aw", "code"),
    ("labelled number", "Pay into account ending 7731 today.", "7731", "labelled"),
    ("labelled number", "It is claim no. 45 in the list.", "45", "labelled"),
    ("non-Anglo name", "I met Nguyễn Thị Lan at the centre.", "Nguyễn Thị Lan",
     "unknown-capitalised"),
    ("non-Anglo name", "Her aunt Folasade Adeyemi came.", "Folasade Adeyemi",
     "unknown-capitalised"),
    ("non-Anglo name", "then Siobhán Ní Bhriain spoke", "Siobhán", "unknown-capitalised"),
    ("non-Anglo name", "and Wojciech Szczepański agreed", "Szczepański", "unknown-capitalised"),
    ("speaker label", "LB: Morning. Custody list is up.\nME: Thanks.", "LB", "speaker"),
    ("initials", "Present: RD (supervisor) and me.", "RD", "initials"),
    ("signature block", "See you Thursday.\n\nKind regards,\nHope Baker\nSenior Associate\n",
     "Hope Baker", "signature"),
    ("firm with an ampersand", "We instructed Bramley & Finch on the lease.", "Bramley",
     "firm"),
    ("firm name", "Harper Lane Solicitors wrote back.", "Harper Lane", "firm"),
    ("email", "Write to zq@example.org today.", "zq@example.org", "email"),
    ("phone", "Ring 07700 900845 after six.", "07700 900845", "phone"),
    ("lower-case name", "rang amina about the hearing", "amina", "name-lower"),
]


@pytest.fixture(scope="module")
def blind() -> Redactor:
    return Redactor(skip_stages=DETECTION, use_default_rules_file=False)


@pytest.mark.parametrize("category,text,word,reason", CATEGORIES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CATEGORIES)])
def test_each_category_is_flagged_with_detection_switched_off(blind, category, text, word,
                                                               reason) -> None:
    red = blind.redact(text).text
    assert word in red  # the redactor (detection off) really misses it
    start = red.index(word)
    hits = [i for i in second_read(red) if i.start < start + len(word) and start < i.end]
    assert hits, category
    assert reason in {i.reason for i in hits}


def test_the_hope_case_on_the_full_redactors_output() -> None:
    text = ("Hope, the trainee who sits with me, took the note. My client Mrs Amina Patel rang "
            "from 07700 900123 on Monday.\n")
    red = Redactor(skip_stages=["word_names", "role_names", "propagate"]).redact(text)
    assert red.text.startswith("Hope,")
    items = second_read(red.text, original=text, findings=red.findings)
    assert [(red.text[i.start:i.end], i.reason) for i in items] == [("Hope", "first-name")]


@pytest.mark.parametrize("text", [
    "Person A rang [phone] about the 2024 order under section 8 of the Children Act 1989.",
    "The hearing in March took 3 hours; costs of £1,200 and 15% interest at 10.30am.",
    "See Re B [2013] UKSC 33 at para 42, and s.31(2) and CPR 3.4(2)(a); page 12.",
    "My client was angry. The judge was kind. I felt out of my depth.",
    "Person B's mother and Organisation A (the school) met in Place C.",
    "We talked for 20 minutes about the 3 children and the 1990s.",
])
def test_ordinary_text_and_our_placeholders_are_not_flagged(text) -> None:
    assert second_read(text) == []


def test_words_of_a_name_redacted_elsewhere_are_flagged() -> None:
    # a surname that is an ordinary word is only caught through the redacted name
    original2 = "I met Mr Tom Stone there."
    red2 = Redactor(use_default_rules_file=False).redact(original2)
    assert "Stone" not in red2.text
    tail = red2.text + " Stone was there."
    assert not [i for i in second_read(tail) if tail[i.start:i.end] == "Stone"
                and i.reason == "redacted-elsewhere"]
    flagged = second_read(tail, original=original2, findings=red2.findings)
    assert ("Stone", "redacted-elsewhere") in {(tail[i.start:i.end], i.reason) for i in flagged}


def test_check_names_are_flagged_in_any_case() -> None:
    text = "the mill lane situation; Quill came too"
    items = second_read(text, check_names=["Zed Quill", "Mill Lane"])
    assert {text[i.start:i.end] for i in items} >= {"mill lane", "Quill"}
    assert {i.reason for i in items} == {"check-name"}


def test_allow_terms_explain_a_word() -> None:
    text = "We applied the Quarrington test."
    assert second_read(text)
    assert second_read(text, allow=["Quarrington"]) == []


def test_items_carry_no_text() -> None:
    item = second_read("Hope rang.")[0]
    assert set(item.to_dict()) == {"start", "end", "reason", "why"}
    assert "Hope" not in repr(item) and "Hope" not in item.why
    assert set(REASONS) >= {i.reason for i in second_read("LB: hi Zed zq@x.org")}


def test_remnants_beside_a_placeholder() -> None:
    text = "From: Person A <p.Person A@ardentlane.example>\nUned Person B 3, Place A"
    got = {(text[i.start:i.end], i.reason) for i in second_read(text)}
    assert ("p.", "beside-redaction") in got and ("@ardentlane.example", "beside-redaction") \
        in got and ("3", "beside-redaction") in got
    assert second_read("On [date], 07:53 Person A wrote.") == []


@pytest.mark.parametrize("token,before,expected", [
    ("2024", [], None), ("£2.5m", [], None), ("4.30pm", [], None), ("45%", [], None),
    ("31A", ["section"], None), ("117B(6", ["section"], None), ("[2019]", [], None),
    ("1054", ["Civ"], None), ("3rd", [], None), ("14/03/2024", [], None), ("15-minute", [], None),
    ("BD24P00417", ["the"], "code"), ("12345", [], "code"), ("7731", ["ending"], "labelled"),
    ("3", ["no."], "labelled"), ("4471", ["PC"], "labelled"), ("43127", ["app"], "labelled"),
    ("2019", ["ref"], "labelled"),
])
def test_digit_explanations(token, before, expected) -> None:
    assert explain(token, before, "") == expected


def test_positions_map_both_ways() -> None:
    class F:
        def __init__(self, s: int, e: int, p: str) -> None:
            self.start, self.end, self.placeholder = s, e, p

    original = "Mrs Amina Patel met Hope and Amina."
    fs = [F(4, 15, "Person A"), F(29, 34, "Person A")]
    red = "Mrs Person A met Hope and Person A."
    segs = align(original, fs, red)
    a = red.index("Hope")
    assert to_original(segs, a, a + 4) == (original.index("Hope"), original.index("Hope") + 4)
    assert to_original(segs, 4, 8) is None
    assert to_redacted(segs, 0, 20) == [(0, 4), (12, 17)]
    with pytest.raises(DetectionError):
        align(original, fs, red.replace("Hope", "Hops"))  # fail closed


def test_alignment_allows_placeholders_the_anonymizer_joined() -> None:
    from types import SimpleNamespace as F

    original = "Date: Wed, 4 March 2026 10:14\nSubject: Completion"
    fs = [F(start=11, end=23, placeholder="[date]"), F(start=24, end=29, placeholder="[date]")]
    red = "Date: Wed, [date]\nSubject: Completion"  # what the anonymizer writes
    segs = align(original, fs, red)
    a = red.index("Subject")
    assert to_original(segs, a, a + 7) == (original.index("Subject"),
                                           original.index("Subject") + 7)


@pytest.mark.parametrize("redacted, word, reason", [
    ("Oscar was born on 2 August 2022 at the hospital.", "2 August 2022", "date"),
    ("the notes say 14/3/24 in pencil", "14/3/24", "date"),
    ("found at flat b, 402 harrow road, london", "402 harrow road", "address"),
])
def test_exact_dates_and_street_addresses_that_survive(redacted, word, reason) -> None:
    a = redacted.index(word)
    assert [(i.start, i.end, i.reason) for i in second_read(redacted)
            if i.start < a + len(word) and a < i.end] == [(a, a + len(word), reason)]


def test_a_short_form_of_a_name_redacted_elsewhere() -> None:
    original = "From: Callum MacLeod\nYou're too close to this one, Cal."
    red = Redactor(skip_stages=["short_forms"]).redact(original)  # as if detection missed it
    assert red.text.endswith(", Cal.")
    items = second_read(red.text, original=original, findings=red.findings)
    at = red.text.rindex("Cal")
    assert ("redacted-elsewhere", at) in {(i.reason, i.start) for i in items}


def test_section_numbers_before_a_road_act_are_no_address() -> None:
    assert second_read("under section 20 of the road traffic act and s.3 of the Act") == []
