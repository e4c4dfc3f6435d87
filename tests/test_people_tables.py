"""Initials, speakers and tables (issue 14, part 2): before/after tables of whole redactions,
one per finding, each with near-misses that must survive (bodies' acronyms, column headers,
ordinary capitalised cells, a form's labels). Every "after" below differs from what the code
before this change wrote (its output is noted as "was:" where it leaked)."""

from __future__ import annotations

import pytest

from balint_redact.detect import initials as I
from balint_redact.detect import people as P
from balint_redact.detect import people_tables as T
from balint_redact.detect.steps_people import REASONS
from balint_redact.text.lexicon import Lexicon
from balint_redact.text.wordlists import common_words, rare_words, word_list


def _out(redactor, text: str) -> str:
    return redactor.redact(text).text


FOUND = [
    # 1. a "Present:" line whose items are initials and names: was "DW", "PK", "AH" kept
    # (and "MG" an organisation), everywhere
    ("Present: DW (chair, claimant rep), PK, MG, Auntie Bernie (that's what the minutes "
     "always call her), me (solicitor), AH (Aisha Hussain, trainee, minuting)\n2. DW: we "
     "start.\nAction: AH to send the notes.",
     "Present: Person A (chair, claimant rep), Person B, Person C, Person D (that's what the "
     "minutes always call her), me (solicitor), Person E (Person F, trainee, minuting)\n2. "
     "Person A: we start.\nAction: Person E to send the notes."),
    # 2. a label followed by more fields on its line: was "Fee earner: FK   Supervisor:
    # Person A", "FK called" kept ("Supervisor" is lost to join_names, which is not ours)
    ("Conflict search run:    Yes — no match    Fee earner: FK   Supervisor: JLD\n\nFK "
     "called the client.",
     "Conflict search run:    Yes — no match    Fee earner: Person A   Supervisor: Person B\n\nPerson A "
     "called the client."),
    # 3. initials before the name in brackets: was "AH (Person A, trainee) … AH sent"
    ("Notes: AH (Aisha Hussain, trainee) took notes. AH sent them round.",
     "Notes: Person A (Person B, trainee) took notes. Person A sent them round."),
    # 3. initials that are the capitals of a found name: was "JL emails" kept
    ("Jean-Luc lives in Singapore. JL emails at 3am.",
     "Person A lives in Place A. Person B emails at 3am."),
    # 4. a Markdown table's column of people: was "KB" kept, "SP" an organisation
    ("| Date | Fee earner | Units |\n| --- | --- | --- |\n| 04/03/2025 | KB | 3 |\n"
     "| 2 April | SP | 4 |\n\nKB did the work.",
     "| Date | Fee earner | Units |\n| --- | --- | --- |\n| [date] | Person A | 3 |\n"
     "| [date] | Person B | 4 |\n\nPerson A did the work."),
    # 4. a pipe table without outer pipes, "Surname, Forename": was "Surname, Name A",
    # "Organisation A, Organisation B"
    ("Surname, Forename | Role\n--- | ---\nHolloway-Finch, Anthea | counsel\nKay, Ruth | "
     "witness",
     "Surname, Forename | Role\n--- | ---\nPerson A | counsel\nPerson B | witness"),
    # 4. a CSV block's name column: was "Name A,name,Person A,property" (its header taken for
    # names)
    ("tenant_id,name,ni_no,property\nHL-00417,Rose Ashworth,PX 41 88 20 C,12 Coronation "
     "Terrace\nHL-00418,Wiktor Zajac,JM 90 16 73 A,Flat 2",
     "tenant_id,name,ni_no,property\n[reference],Person A,[NI number],12 Coronation "
     "Terrace\n[reference],Person B,[NI number],Address A"),
    # 5. a chat export's sender of two words: was "21:04 Person A" (the stamp eaten) and
    # "[date], Person A:"
    ("15/10/2024, 21:04 - Gill Kemp: Hi all\n15/10/2024, 21:06 - Neil Kemp: Hello\n"
     "15/10/2024, 21:07 - Gill Kemp: ok",
     "[date], 21:04 - Person A: Hi all\n[date], 21:06 - Person B: Hello\n[date], 21:07 - "
     "Person A: ok"),
    # 6. an ALL-CAPS form's labels: was "Person B:      [date]", "PLACE Person B WORK:"
    ("RESPONDENT:         CONNOR JAMES MAJOR\nDATE OF BIRTH:      17/05/2004\nPLACE OF "
     "WORK:      roofing",
     "RESPONDENT:         Person A\nDATE OF BIRTH:      [date]\nPLACE OF WORK:      "
     "roofing"),
    # 7. ciphers standing for a person: was "Patient A", "Witness B", "Service User 2",
    # "Mother M" kept and "Person A 3" for "Child C. Pupil 3"
    ("Patient A told Witness B about Child C. Pupil 3 and Service User 2 were there, and "
     "Mother M.",
     "Person A told Person B about Person C. Person D and Person E were there, and Person F."),
    # a cause list's "SURNAME, Forename" whose forename is a word: was "SMITH, Person B"
    ("2  SMITH, Hope               for mention\n3  KAY, Ruth    for trial",
     "2  Person A               for mention\n3  Person B    for trial"),
    # a speaker label that is a found name's capitals, although "AM" is a time elsewhere:
    # was "AM:" kept
    ("Rev. Ann Moss came.\nGP: Inspector seemed fine.\nAM: What do we tell the village?",
     "Rev. Person A came.\nGP: Inspector seemed fine.\nPerson B: What do we tell the "
     "village?"),
]

NEAR_MISSES = [
    # bodies' acronyms in a "Present:" line and beside found names
    "Present: the LA, HMRC and the CPS (by video), ET clerk\nThe LA and the CPS agreed. URN "
    "and DOB on file; NI checked.",
    "Present: me, the client, her Mum and the LA social worker\nFee earner: tbc",
    # column headers and ordinary capitalised cells, of a column of people too
    "| Task | Status | Court |\n| --- | --- | --- |\n| Bundle | Done | County Court |\n"
    "| Draft | Pending | High Court |",
    "| Name | Role |\n| --- | --- |\n| Client | instructs |\n| Counsel | advises |\n"
    "| HMRC | opposes |\n| — | — |",
    # labels of a form in ordinary words
    "Date of hearing:   to follow\nPlace of work:   a bakery\nSocial worker:  off sick",
    # documents' parts are no ciphers; nor a cipher's noun before a longer number or a word
    "See Schedule A, Part B, Plan C, Exhibit D and Appendix 1. The Child Arrangements order; "
    "Witness statements. Part 2 of Schedule 3 applies.",
    "Pupil 3.5 and Child 2/3 were counted.",
    # numbered parties are often companies
    "Notice to Respondent 4 was served; Defendant 2 and Claimant 12 agreed.",
    # a "SURNAME, word" that is a place
    "LONDON, England\nCPS, Leeds",
]


@pytest.mark.parametrize("text, after", FOUND)
def test_initials_speakers_tables_and_ciphers_are_people(redactor, text, after):
    assert _out(redactor, text) == after


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_bodies_headers_ordinary_cells_and_form_labels_stay(redactor, text):
    assert _out(redactor, text) == text


def test_a_time_that_spells_a_speakers_initials_stays(redactor):
    # "AM" is a found name's capitals and a label, but also a time here: the label stays
    text = "Rev. Ann Moss came.\nAM: What do we tell them?\nWe meet at 9 AM."
    assert _out(redactor, text) == "Rev. Person A came.\nAM: What do we tell them?\nWe meet " \
        "at 9 AM."


def test_name_capitals_skip_bodies_and_words():
    lex = Lexicon(common_words(), rare_words())
    text = "Lisa Adams and Nathan Owens. The LA said NO. SH and SH again; RD."
    names = ["Lisa Adams", "Nathan Owens", "Sarah Hughes", "Local Authority"]
    found = I.name_capitals(text, names, lambda w: not lex.is_common(w), lex.is_common)
    assert found == {"SH"}  # not LA (a body), NO (a word), RD (no such name)


def test_the_finders_say_why():
    lex = Lexicon(common_words(), rare_words())
    text = "| Who | Task |\n| --- | --- |\n| KB | file |\n"
    assert [(text[a:b], w) for a, b, w in T.column_people(text, lambda w: True)] == [
        ("KB", "a cell of a column of people")]
    text = "Patient A saw Schedule A."
    assert [(text[a:b], w) for a, b, w in T.ciphers(text)] == [
        ("Patient A", "a cipher standing for a person ('Patient A')")]
    text = "DATE OF BIRTH:   1/2/03\nGill Kemp: hi"
    assert [text[a:b] for a, b in T.form_labels(text, lex.is_common, frozenset({"Gill"}))] \
        == ["DATE OF BIRTH"]
    for source in ("column", "cipher", "listing"):
        assert REASONS[source]


def test_the_lists_are_data():
    assert {"fee earner", "present", "name", "surname"} <= word_list("person_fields")
    assert {"patient", "witness", "service user"} <= word_list("person_ciphers")
    assert not {"schedule", "part", "exhibit", "appendix", "person"} & \
        word_list("person_ciphers")
    assert {"LA", "URN", "ME", "DD"} <= word_list("not_initials")
