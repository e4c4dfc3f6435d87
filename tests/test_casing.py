"""Quick notes typed all in lower case, and headings in capitals: names and references are
found as in ordinary text (detection reads a true-cased copy; offsets hold for the original)."""

import pytest

from balint_redact.text.layout import unwrap
from balint_redact.evaluate.robustness import wrapped

NOTES = ("quick notes before group. my client is her mother, chantelle brookes, who is 19. "
         "caroline's solicitor, imogen stavely, has been courteous; mr mahmood's solicitor, "
         "naveed chaudhry, was professional. the van, registration yd68 kpw, was his. her "
         "national insurance number, pn 48 73 19 b, was on the form. the housing options "
         "reference was hom/2024/07719. i felt tired and angry all week.")


@pytest.mark.parametrize("gone", [
    "chantelle", "brookes", "imogen", "stavely", "naveed", "chaudhry", "yd68 kpw",
    "pn 48 73 19 b", "hom/2024/07719",
])
def test_lower_case_notes(redactor, gone):
    assert gone not in redactor.redact(NOTES).text


def test_lower_case_notes_still_read(redactor):
    out = redactor.redact(NOTES).text
    for kept in ("quick notes before group", "has been courteous", "was professional",
                 "i felt tired and angry all week"):
        assert kept in out, kept


def test_truecased_copy_keeps_length(redactor):
    tc = redactor._detector.truecaser
    cased = tc(NOTES)
    assert len(cased) == len(NOTES)
    assert "Imogen Stavely" in cased and "YD68 KPW" in cased and "PN 48 73 19 B" in cased


CAPS = ("THE BUSINESS WAS FOUNDED BY TWO FRIENDS, GRACE ACHTERBERG AND TOM FAIRLEY. IN "
        "PRACTICE, GRACE IS THE CEO AND MY LINE MANAGER. I SAID NOTHING.")


def test_a_name_found_in_capitals_is_found_again_in_capitals(redactor):
    out = redactor.redact(CAPS).text
    assert "GRACE" not in out and "ACHTERBERG" not in out, out
    assert "I SAID NOTHING." in out


PARAGRAPH = ("At the hearing the other side's representative, a housing officer called Dean "
             "Sutcliffe, rose to speak and said the arrears were paid in full. She rang me "
             "from work on 07700 900371 the morning after his arrest, and the tribunal "
             "reference was EH356/24/00219 all along.")
WRAPPED = wrapped(PARAGRAPH, 40)  # as an email client or a PDF column breaks it


@pytest.mark.parametrize("gone", ["Dean", "Sutcliffe", "07700", "900371", "EH356"])
def test_hard_wrapped_text(redactor, gone):
    assert gone not in redactor.redact(WRAPPED).text


def test_unwrapped_reading_is_the_paragraph():
    assert "\n" in WRAPPED and unwrap(WRAPPED) == PARAGRAPH


@pytest.mark.parametrize("text", ["a\U0006117eo0/ß", "rang mrs straße at flat 3, 41 weißer road today",
                                  "ref ß12/2023 and ﬁ7 xrt"])
def test_casing_keeps_the_length_where_capitals_are_longer(redactor, text: str) -> None:
    """"ß".upper() is "SS": the cased copy must not grow, or the offsets after it move and
    writing the placeholders fails (found by the property test)."""
    redactor.redact(text)  # raises DetectionError when the offsets are off
