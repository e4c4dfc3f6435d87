"""Issue #14 part 3: ordinary words the 1934 dictionary lacks (compounds and modern words:
"paperwork", "caseload", "inbox", "bodycam") and nationalities, peoples and languages where no
person is named ("the Polish interpreter", "a Somali client") are kept; a name beside one, or
a name that is also a rare dictionary entry ("Begum", "Hamza", "Anil"), is still redacted."""

import pytest

from balint_redact.text.lexicon import Lexicon


@pytest.mark.parametrize("before, after", [
    ("I stood there holding the paperwork.", "I stood there holding the paperwork."),
    ("My caseload is huge and my inbox is full.", "My caseload is huge and my inbox is full."),
    ("Ask for the bodycam footage, the voicemail and my timesheet.",
     "Ask for the bodycam footage, the voicemail and my timesheet."),
    ("We spoke on WhatsApp, then Zoom, then a Teams call.",
     "We spoke on WhatsApp, then Zoom, then a Teams call."),
    ("He has built a spreadsheet with timestamps; the seatbelt had been cut.",
     "He has built a spreadsheet with timestamps; the seatbelt had been cut."),
    ("Our paralegal brought the handwritten notes; dishonesty was pleaded.",
     "Our paralegal brought the handwritten notes; dishonesty was pleaded."),
    ("Tell her he'll be out by lunchtime; my gran used to say so.",
     "Tell her he'll be out by lunchtime; my gran used to say so."),
    # abbreviations and Latin of quick notes, acronyms of schemes and bodies
    ("Acting pro bono; 2 yrs 6 months in absentia; interp says fyi.",
     "Acting pro bono; 2 yrs 6 months in absentia; interp says fyi."),
    ("The NRM referral went in, CAMHS discharged him and the LADO upheld it.",
     "The NRM referral went in, CAMHS discharged him and the LADO upheld it."),
    ("i raised the nrm and asked the oic to make a referral.",
     "i raised the nrm and asked the oic to make a referral."),
    # nationalities, peoples and languages
    ("A Somali client; a Sudanese passport; a Nigerian national.",
     "A Somali client; a Sudanese passport; a Nigerian national."),
    ("There is a Yoruba interpreter; she spoke mostly in Gaelic.",
     "There is a Yoruba interpreter; she spoke mostly in Gaelic."),
    ("Welsh-speaking staff and a Kurdish-speaking interpreter for an Eritrean family.",
     "Welsh-speaking staff and a Kurdish-speaking interpreter for an Eritrean family."),
])
def test_before_after(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("text, gone", [
    ("The Polish interpreter, Agnieszka Wróbel, was late.", ("Agnieszka", "Wróbel")),
    ("A Somali client called Hodan rang about the paperwork.", ("Hodan",)),
    ("I spoke to Anil Reeve yesterday, and then to Begum.", ("Anil", "Reeve", "Begum")),
    ("i rang hamza about the paperwork, then anil", ("hamza", "anil")),
    ("Rui rang about the NRM form; so did Mr Sen.", ("Rui", "Sen")),
])
def test_near_misses_still_redacted(redactor, text, gone):
    out = redactor.redact(text).text
    for g in gone:
        assert g not in out, (g, out)


def test_modern_words_are_always_part_of_the_lexicon():
    lex = Lexicon(frozenset({"rang"}))
    assert lex.is_common("paperwork") and lex.is_common("Somali")
    assert not lex.is_common("Begum") and not lex.is_common("Hamza")
    assert not Lexicon(frozenset({"rang"}), modern=frozenset()).is_common("paperwork")


def test_the_trace_says_why_each_word_was_kept():
    from balint_redact import Redactor

    text = "The Polish interpreter found the Paperwork in June. A Welsh-speaking clerk rang."
    trace = Redactor(explain=True).redact(text).trace
    why = {text[r.start:r.end]: r.reason for r in trace.records if r.action == "keep"}
    assert why["Polish"] == why["Welsh-speaking"] == \
        "a nationality, people or language, not a name"
    assert why["Paperwork"] == "an ordinary modern word (models/words/modern_words.txt)"
    assert why["June"] == "a month alone, no exact date"
