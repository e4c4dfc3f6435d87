"""Issue #14 part 3: statute and public-law short titles stay, brackets and lists in them
included ("Homes (Fitness for Human Habitation) Act 2018", "Legal Aid, Sentencing and
Punishment of Offenders Act 2012", "Awaab's Law"); a firm's own name inside one, an
identifier after one and a person named beside one are still redacted."""

import pytest

from balint_redact import Redactor
from balint_redact.rules.schema import parse_rules


@pytest.mark.parametrize("text", [
    "We relied on the Homes (Fitness for Human Habitation) Act 2018.",
    "as did the Anti-social Behaviour, Crime and Policing Act 2014.",
    "the Legal Aid, Sentencing and Punishment of Offenders Act 2012 (LASPO) applies.",
    "The Children Act 1989 and the Mental Capacity Act 2005, the Equality Act 2010, "
    "Housing Act 1988, CPR Part 3 and the Human Rights Act.",
    "Awaab's Law timescales now apply, and so does Clare's Law.",
    "the housing (wales) act 2014 and the renting homes (wales) act 2016.",
])
def test_titles_stay(redactor, text):
    assert redactor.redact(text).text == text


@pytest.mark.parametrize("text, gone", [
    ("the Children Act 1989 application no. ZW24C00123 was issued.", ("ZW24C00123",)),
    ("Awaab's Law applies. Awaab rang me about the mould.", ("Awaab rang",)),
    ("I wrote to Smith, Jones and the Housing Act 1988 team.", ("Jones",)),
    ("Section 21 of the Housing Act 1988 was served on 3 May 2024.", ("3 May 2024",)),
])
def test_near_misses_still_redacted(redactor, text, gone):
    out = redactor.redact(text).text
    for g in gone:
        assert g not in out, (g, out)


def test_a_client_company_inside_an_act_is_still_redacted():
    rules = parse_rules('[[terms]]\nentity = "ORGANIZATION"\nterms = ["Hartley Foods"]\n',
                        "rules file #1")
    firm = Redactor(rules=rules)
    out = firm.redact("the Hartley Foods (Pensions) Act 2019 was repealed.").text
    assert "Hartley" not in out and "Foods" not in out and "Act 2019" in out


def test_the_trace_says_a_statute_was_kept():
    text = "We relied on the Homes (Fitness for Human Habitation) Act 2018."
    trace = Redactor(explain=True).redact(text).trace
    kept = [r for r in trace.records if r.action == "keep" and
            text[r.start:r.end] == "Homes"]
    assert kept and kept[0].reason == "a statute's short title (public text)"
