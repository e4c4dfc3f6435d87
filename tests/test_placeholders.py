"""Placeholders: lettering, clustering of mentions, and the labels the Redactor writes.

Each table reads "text | which mentions (in order) | the labels they get".
"""

from __future__ import annotations

import pytest
import regex

from balint_redact.render.placeholders import assign, cluster, letters
from balint_redact.text.spans import Span


def spans_of(text: str, *mentions: str, etype: str = "PERSON") -> list[Span]:
    """Spans for each mention, found left to right (a mention may repeat)."""
    out, pos = [], 0
    for m in mentions:
        i = text.index(m, pos)
        out.append(Span(i, i + len(m), etype, 0.9))
        pos = i + len(m)
    return out


# --- letters ----------------------------------------------------------------------------

@pytest.mark.parametrize("n, label", [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"),
    (701, "ZZ"), (702, "AAA"),
])
def test_letters(n: int, label: str) -> None:
    assert letters(n) == label


def test_letters_are_distinct_for_the_first_thousand() -> None:
    labels = [letters(n) for n in range(1000)]
    assert len(set(labels)) == 1000


# --- assign / cluster on hand-made spans -------------------------------------------------

@pytest.mark.parametrize("text, mentions, labels", [
    # one person, several forms: full name, first name, title + initial
    ("Mrs Amina Patel rang. Amina cried. Mrs P called later.",
     ["Amina Patel", "Amina", "P"], ["Person A", "Person A", "Person A"]),
    # surname alone and the possessive form join the full name
    ("Mrs Amina Patel rang. Patel's landlord called.",
     ["Amina Patel", "Patel's"], ["Person A", "Person A"]),
    # two Patels stay two people; first names go to the right one
    ("Amina Patel and Raj Patel argued. Raj shouted at Amina.",
     ["Amina Patel", "Raj Patel", "Raj", "Amina"],
     ["Person A", "Person B", "Person B", "Person A"]),
    # a second person is lettered by first appearance
    ("Amina Patel's landlord, Gerald Thorne, laughed. Thorne left; Amina stayed.",
     ["Amina Patel", "Gerald Thorne", "Thorne", "Amina"],
     ["Person A", "Person B", "Person B", "Person A"]),
    # initial + surname
    ("Gerald Thorne wrote. G. Thorne signed.",
     ["Gerald Thorne", "G. Thorne"], ["Person A", "Person A"]),
])
def test_people_share_labels(text: str, mentions: list[str], labels: list[str]) -> None:
    pairs = assign(text, spans_of(text, *mentions))
    assert [p for _, p in pairs] == labels


@pytest.mark.parametrize("text, mentions, labels", [
    ("Patel Logistics Ltd employed her. Patel Logistics later sacked her.",
     ["Patel Logistics Ltd", "Patel Logistics"], ["Organisation A", "Organisation A"]),
    ("The Thorne Lettings Limited office. Thorne Lettings refused.",
     ["Thorne Lettings Limited", "Thorne Lettings"], ["Organisation A", "Organisation A"]),
    ("Patel Logistics Ltd and Acme Haulage plc were both sued.",
     ["Patel Logistics Ltd", "Acme Haulage plc"], ["Organisation A", "Organisation B"]),
])
def test_organisations_share_labels(text: str, mentions: list[str], labels: list[str]) -> None:
    pairs = assign(text, spans_of(text, *mentions, etype="ORGANIZATION"))
    assert [p for _, p in pairs] == labels


def test_types_are_lettered_separately() -> None:
    text = "Amina Patel worked at Patel Logistics in Leicester."
    spans = (spans_of(text, "Amina Patel") + spans_of(text, "Patel Logistics", etype="ORGANIZATION")
             + spans_of(text, "Leicester", etype="LOCATION"))
    assert [p for _, p in assign(text, spans)] == ["Person A", "Organisation A", "Place A"]


def test_a_person_and_an_organisation_with_the_same_word_are_not_merged() -> None:
    text = "Amina Patel worked at Patel Logistics."
    spans = spans_of(text, "Amina Patel") + spans_of(text, "Patel Logistics",
                                                       etype="ORGANIZATION")
    ids = cluster(text, spans)
    assert ids[0] != ids[1]


@pytest.mark.parametrize("style, expected", [
    ("placeholder", ["Person A", "Person A", "[email]"]),
    ("tag", ["[person]", "[person]", "[email]"]),
    ("mask", ["***********", "*****", "**************"]),
])
def test_styles(style: str, expected: list[str]) -> None:
    text = "Amina Patel wrote. Patel used a@example.com.x"
    spans = spans_of(text, "Amina Patel", "Patel") + [
        Span(text.index("a@"), text.index("a@") + 14, "EMAIL_ADDRESS", 1.0)]
    assert [p for _, p in assign(text, spans, style)] == expected


def test_mask_keeps_line_breaks() -> None:
    text = "Amina\nPatel came."
    pairs = assign(text, [Span(0, 11, "PERSON", 0.9)], "mask")
    assert pairs[0][1] == "*****\n*****"


def test_unclustered_types_get_tags_in_placeholder_style() -> None:
    text = "07700 900123 and 07700 900124"
    spans = [Span(0, 12, "PHONE_NUMBER", 1.0), Span(17, 29, "PHONE_NUMBER", 1.0)]
    assert [p for _, p in assign(text, spans)] == ["[phone]", "[phone]"]


def test_assign_sorts_spans_by_position() -> None:
    text = "Gerald Thorne met Amina Patel."
    spans = list(reversed(spans_of(text, "Gerald Thorne", "Amina Patel")))
    pairs = assign(text, spans)
    assert [(s.start, p) for s, p in pairs] == [(0, "Person A"), (18, "Person B")]


def test_many_people_go_past_z() -> None:
    names = [f"Zed{chr(97 + i // 26)}{chr(97 + i % 26)} Quill{i:02d}x" for i in range(30)]
    text = ". ".join(names) + "."
    pairs = assign(text, spans_of(text, *names))
    labels = [p for _, p in pairs]
    assert labels[0] == "Person A" and labels[25] == "Person Z" and labels[26] == "Person AA"
    assert len(set(labels)) == 30


# --- through the Redactor -----------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("I met Mrs Amina Patel on Monday. Amina cried. Mrs P apologised the next day.",
     "I met Mrs Person A on Monday. Person A cried. Mrs Person A apologised the next day."),
    ("Mrs Amina Patel rang. Amina cried. Later Mrs P apologised.",
     "Mrs Person A rang. Person A cried. Later Mrs Person A apologised."),
    # the model tags "Amina rang" as one name: the verb must stay, the label must match
    ("I met my client Mrs Amina Patel. Amina rang.",
     "I met my client Mrs Person A. Person A rang."),
    ("Mrs Amina Patel rang. Patel's landlord ignored her.",
     "Mrs Person A rang. Person A's landlord ignored her."),
    ("Amina Patel and her brother Raj Patel argued. Raj shouted; Amina left.",
     "Person A and her brother Person B argued. Person B shouted; Person A left."),
    ("She worked for Patel Logistics Ltd in Leicester. Patel Logistics dismissed her.",
     "She worked for Organisation A in Place A. Organisation A dismissed her."),
    ("My client, Dominic Halloran, was anxious.\n\nDom wanted to be discharged. Chris, "
     "my supervisor, said Dom was right.",
     "My client, Person A, was anxious.\n\nPerson A wanted to be discharged. Person B, "
     "my supervisor, said Person A was right."),
    ("Ms Nguyen asked me to call her Lan. Lan brought cake.",
     "Ms Person A asked me to call her Person B. Person B brought cake."),
], ids=["title-initial", "later-title-initial", "verb-after-first-name", "possessive",
        "two-patels", "organisation", "short-form-of-first-name", "name-she-asked-for"])
def test_redactor_placeholders(redactor, before: str, after: str) -> None:
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("keep_titles, after", [
    (True, "Mrs Person A rang. Person A's landlord, Mr Person B, laughed."),
    (False, "Person A rang. Person A's landlord, Person B, laughed."),
])
def test_keep_titles(redactor, keep_titles: bool, after: str) -> None:
    from balint_redact import Redactor

    r = Redactor(use_default_rules_file=False, keep_titles=keep_titles)
    text = "Mrs Amina Patel rang. Patel's landlord, Mr Gerald Thorne, laughed."
    assert r.redact(text).text == after


def test_a_second_pass_does_not_reuse_labels_the_text_holds(redactor):
    out = redactor.redact("Person A met Amina Patel and Gerald Thorne at Place A.").text
    assert out == "Person A met Person B and Person C at Place A."


# --- only our own placeholders are ours (issue 17, finding 1) -----------------------------

def test_own_placeholder_is_exactly_what_we_write() -> None:
    from balint_redact.render.entities import ENTITY_TYPES
    from balint_redact.render.placeholders import OWN_PLACEHOLDER

    own = regex.compile(OWN_PLACEHOLDER)
    written = [t.tag for t in ENTITY_TYPES.values()] + \
        [f"{t.label} {n}" for t in ENTITY_TYPES.values() if t.clustered for n in ("A", "AB")]
    assert all(own.fullmatch(w) for w in written + ["*****"])
    for not_ours in ["[Zebedee Quarrington]", "[Email]", "[emails]", "[NI numbers]", "[ref]",
                     "Person Ab", "Persons A", "**"]:
        assert not own.fullmatch(not_ours), not_ours


@pytest.mark.parametrize("text", [
    "He said [Zebedee Quarrington] lied.",
    "Client: [Amina Patel]; landlord: [Gerald Thorne].",
    "[Amina Patel](mailto:amina.patel@example.com) wrote again.",
])
def test_names_in_square_brackets_are_redacted(redactor, text: str) -> None:
    out = redactor.redact(text).text
    for word in ("Zebedee", "Quarrington", "Amina", "Patel", "Gerald", "Thorne"):
        assert word not in out, out
    assert redactor.redact(out).text == out  # still idempotent


@pytest.fixture(scope="module")
def with_known_names():
    from balint_redact import Redactor

    return Redactor(use_default_rules_file=False,
                    known_names=["Zebedee Quarrington", "Name Z Okafor"])


@pytest.mark.parametrize("text, after", [
    ("He said [Zebedee Quarrington] lied.", "He said [Person A] lied."),
    # a known name is never cut by one of our labels ("Name Z" of "Name Z Okafor")
    ("Name Z Okafor rang me. Okafor cried.", "Person A rang me. Person A cried."),
])
def test_known_names_in_brackets_or_beside_labels_go_whole(with_known_names, text: str,
                                                           after: str) -> None:
    out = with_known_names.redact(text).text
    assert out == after
    again = with_known_names.redact(out)
    assert again.text == out and again.findings == []


def test_check_reports_a_bracketed_name(redactor) -> None:
    from balint_redact.batch.check import check_text

    assert check_text(redactor, "He said [Zebedee Quarrington] lied.")
    assert check_text(redactor, "He said [Person A] lied; email [email].") == []
