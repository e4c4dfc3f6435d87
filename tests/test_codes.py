"""Codes: explain it or redact it (issue 14, part 1; the ``codes`` stage, models/codes.toml).

Before/after tables through the public API: every token with a digit that no rule explains is
an identifier; a label makes what follows one whatever its shape; the formats that were
missing; phones that a validator rejects. Each table has near-misses that must survive
(statute sections, money, years, citations of authorities, times, quantities, percentages,
small counts, list numbers, dates handled as dates).
"""

from __future__ import annotations

import pytest

from balint_redact.detect.document import Document

# ------------------------------------------------------------------ unexplained codes

UNEXPLAINED = [
    # broken across a line, lower case, spaced unusually, glued to punctuation
    ("The file ref is KB-2024-\n000123 and it was issued.",
     "The file ref is [case number] and it was issued."),
    ("The court code was sev / 0417 / 24 in the notes.",
     "The court code was [reference] in the notes."),
    ("Her application 4 3 1 2 7 - 1 9 was lodged.",
     "Her application [reference] was lodged."),
    ("The appeal (pa 51287 2024, as she writes it) is pending.",
     "The appeal ([reference], as she writes it) is pending."),
    ("Crime ref 46/1188\n23/24 was given.", "Crime ref [reference]\n[reference] was given."),
    ("She said the code was 7731.", "She said the code was [reference]."),
    ("The parole board ref was PB-24-088213.", "The parole board ref was [reference]."),
    ("The hospital number was NGH4471823.", "The hospital number was [reference]."),
    ("The unit ID is lf0092815, she said.", "The unit ID is [passport number], she said."),
    ("the file is hsg 2026 0877 aw on the system", "the file is [reference] on the system"),
]

# ------------------------------------------------------------------------------ labels

LABELLED = [
    ("The card ending 7731 was used.", "The card ending [reference] was used."),
    ("Account ending in 4417 was frozen.", "Account ending in [reference] was frozen."),
    ("It was lodged under nos. 12345/05 and 6789/06 that year.",
     "It was lodged under nos. [case number] and [case number] that year."),
    ("Our ref: 88213 applies.", "Our ref: [reference] applies."),
    ("Invoice 10023 is unpaid.", "Invoice [reference] is unpaid."),
    ("Claim no. 2 was issued.", "Claim no. [reference] was issued."),  # small, but labelled
    ("The temporary reference 11A12345 was issued by HMRC.",
     "The temporary reference [reference] was issued by HMRC."),
    ("He was prisoner No.448213 then.", "He was prisoner No.[reference] then."),
]

# --------------------------------------------------------------------- missing formats

FORMATS = [
    ("He gave GB 284 5170 36 as the VAT number.", "He gave [reference] as the VAT number."),
    ("The passport C4417362 expired.", "The passport [reference] expired."),
    ("The passport is AB1234567 and valid.", "The passport is [passport number] and valid."),
    ("His car KXZ 4417 was towed.", "His car [vehicle registration] was towed."),
    ("The car AB12 CDE was towed.", "The car [vehicle registration] was towed."),
    ("The van A123 BCD was towed.", "The van [vehicle registration] was towed."),
    ("The van ABC 123D was towed.", "The van [vehicle registration] was towed."),
    ("The pupil A123456789012 moved school.", "The pupil [reference] moved school."),
    ("The CHI is 1403111006 on file.", "The CHI is [NHS number] on file."),
    ("The application 43127/19 was communicated.",
     "The application [case number] was communicated."),
    ("The driving licence MORGA 753116 SM9IJ was seized.",
     "The driving licence [driving licence] was seized."),
    ("She lives at cf818jp now.", "She lives at [postcode] now."),
]

# ------------------------------------------------------------------------------ phones

PHONES = [
    ("He rang +44 (0)20 7946 0000 twice.", "He rang [phone] twice."),
    ("Call her on 0161 496 000 from abroad.", "Call her on [phone] from abroad."),
    ("He rang from +33 6 12 34 56 78 yesterday.", "He rang from [phone] yesterday."),
]

# --------------------------------------------------------------- addresses and e-mail

ADDRESSES = [
    ("He can stay at 2/1, 18 Finlay Drive, Glasgow G31 2QX (checked).",
     "He can stay at Address A (checked)."),
    ("The office is at\nUned 3, Tŷ Rhymni, Heol y Gogledd, Ystrad Mynach CF82 7EP\n",
     "The office is at\nAddress A\n"),
    ("- home: flat 9, kestrel court, 3 harehills lane, leeds ls97qp. kids",
     "- home: Address A. kids"),
    ("Write to repairs@airevalleyhomes.example today.", "Write to [email] today."),
    ("Post went to 2nd Floor, 17 Gravelly Lane, Erdington, Birmingham B23 6LR last week.",
     "Post went to Address A last week."),
    ("They trade from 331 Green Lanes, Harringay, London N4 1BZ. VAT",
     "They trade from Address A. VAT"),
]

# ------------------------------------------------- near-misses: explained, they stay

KEPT = [
    "Under s.47 and section 20(3) of the Children Act 1989 the local authority acted.",
    "Under CPR 3.9 and Part 36, para 12 of PD 12J and art. 8 ECHR she applied.",
    "She paid £450 and then £1,250.50 on costs of 1,500 pounds.",
    "The hearing was at 10:30am and lasted 45 minutes.",
    "The offer was 30% of the claim and 15 per cent of costs.",
    "She walked 5 km and carried 12kg for 3 miles.",
    "She has 3 children and came after 20 minutes.",
    "In 2019 she moved; by the 1990s she had left.",
    "See Montgomery v Lanarkshire Health Board [2015] UKSC 11 and [2019] EWCA Civ 1234.",
    "See Re B (2004) 1 AC 123 and (1997) 24 EHRR 39.",
    "1. The first point.\n2. The second point.",
    "Respondent No. 2 and Accused No. 1 appeared.",
    "She was the 3rd witness on the 21st floor.",
    "The score was 2-1 after 90 minutes.",
    "She filed form C100 and an N244.",
    "The care was 24/7 for 6 weeks.",
    "The Children (Scotland) Act 2020 and SI 2010/1234 apply.",
    "The report is AIR 1981 Punjab 123 and 18 ITR 472.",
    "Pages 12 - 15 of the bundle, and paragraphs 4.1 to 4.3, were read.",
    "She owed 4500 in arrears and paid 2250 after the hearing.",
    "Liability was split 75/25 and the scan showed a prolapse at L4/5.",
    "The figure we are working to is around £1 250 000.",
    "The visit ran 14:00–15:35 and the office is open 9am-5pm.",
]

#: dates are left to the date handling: redacted as dates, never as a code
DATES = [
    ("The order was made on 12/03/2024 and served on 3 May 2024.",
     "The order was made on [date] and served on [date]."),
]


@pytest.mark.parametrize("text, expected", UNEXPLAINED + LABELLED + FORMATS + PHONES +
                         ADDRESSES + DATES)
def test_before_after(redactor, text: str, expected: str) -> None:
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize("text", KEPT)
def test_explained_numbers_stay(redactor, text: str) -> None:
    assert redactor.redact(text).text == text


# -------------------------------------------------------------------------- the trace

def _trace(text: str):
    from balint_redact import Redactor

    result = Redactor(explain=True, use_default_rules_file=False).redact(text)
    return [r for r in result.trace.with_text(text) if r.stage == "codes"]


def test_every_decision_leaves_a_reason() -> None:
    text = "In 2019 she paid £450 under s.47; card ending 88213 and code XQ-5521-Z."
    records = {r.text: (r.action, r.reason) for r in _trace(text)}
    assert records["2019"] == ("keep", "a year or a decade")
    assert records["450"][0] == "keep" and "money" in records["450"][1]
    assert records["s.47"][0] == "keep" and "section" in records["s.47"][1]
    assert records["88213"][0] == "add" and "label" in records["88213"][1]
    # the model took it for a name: the code relabels it
    assert records["XQ-5521-Z"][0] in ("add", "relabel")
    assert "no rule explains" in records["XQ-5521-Z"][1]


def test_reasons_never_quote_the_text() -> None:
    text = "Ref QX88213 and 2019 and £450 and KXZ 4417."
    for r in _trace(text):
        assert "QX88213" not in r.reason and "4417" not in r.reason and "450" not in r.reason


def test_citation_keeps_the_court_name(redactor) -> None:
    """A citation of an authority is public text: the report's court name is not a place."""
    text = "Cases referred:\n\n  Air 1981 Punjab 123\n4 Air 1988 Madras 117\n"
    assert redactor.redact(text).text == text


# ---------------------------------------------------------------- the net, directly

def _decisions(text: str):
    from balint_redact.detect.steps_codes import find_codes

    return [(text[d.start:d.end], d.entity or "keep")
            for d in find_codes(Document.of(text), lambda w: False)]


def test_a_label_beats_a_weak_explanation_not_money() -> None:
    assert _decisions("ref 123") == [("123", "ID")]
    assert _decisions("invoice £450") == [("450", "keep")]


def test_list_after_a_label_is_labelled_but_years_stay() -> None:
    assert _decisions("case nos. 123, 456 and 789 of 2019") == [
        ("123", "ID"), ("456", "ID"), ("789", "ID"), ("2019", "keep")]


def test_validators_choose_the_type_not_whether_it_goes() -> None:
    # an NHS number that fails its checksum is still a number after its label
    assert _decisions("NHS no. 943 476 5918") == [("943 476 5918", "ID")]
    assert _decisions("NHS no. 943 476 5919") == [("943 476 5919", "UK_NHS")]


def test_codes_inside_found_spans_are_left_to_them() -> None:
    from balint_redact.detect.steps_codes import find_codes
    from balint_redact.text.spans import Span

    doc = Document.of("Claim KB-2024-000123 issued.")
    doc.spans = [Span(6, 20, "CASE_NUMBER", 0.85, "rule:ce_file_reference")]
    assert list(find_codes(doc, lambda w: False)) == []


def test_the_data_names_its_source_and_licence() -> None:
    import tomllib
    from importlib import resources

    from balint_redact.detect.codes_data import codes_data

    raw = tomllib.loads(resources.files("balint_redact.models").joinpath("codes.toml")
                        .read_text("utf-8"))
    assert raw["meta"]["source"] and raw["meta"]["licence"]
    data = codes_data()
    assert data.explanations and data.labels and data.kinds
    assert all(e.reason for e in data.explanations)


def test_bad_data_fails_closed() -> None:
    from balint_redact.detect.codes_data import parse
    from balint_redact.errors import DetectionError

    with pytest.raises(DetectionError):
        parse({"explain": [{"name": "x", "reason": "r", "token": "("}]})
    with pytest.raises(DetectionError):
        parse({"type": [{"name": "x", "entity": "ID", "shape": r"\d", "validator": "nope"}]})
