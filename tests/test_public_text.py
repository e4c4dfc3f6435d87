"""Public text stays: an authority cited with its case name and citation, and a statute's
title (shared/uk-identifiers.md). The client's own names, numbers and dates around them go."""

import pytest

from balint_redact import Redactor
from balint_redact.errors import ConfigError
from balint_redact.text.names import find_titled_names
from balint_redact.rules.schema import parse_rules


@pytest.mark.parametrize("before, after", [
    ("The judge relied on Montgomery v Lanarkshire Health Board [2015] UKSC 11.",
     "The judge relied on Montgomery v Lanarkshire Health Board [2015] UKSC 11."),
    ("Bolam v Friern Hospital Management Committee [1957] 1 WLR 582 was cited.",
     "Bolam v Friern Hospital Management Committee [1957] 1 WLR 582 was cited."),
    ("R (on the application of Begum) v Secretary of State for the Home Department "
     "[2024] UKSC 5 was the answer.",
     "R (on the application of Begum) v Secretary of State for the Home Department "
     "[2024] UKSC 5 was the answer."),
    ("As held in State of Orissa Vs. Arun Kumar, reported in AIR 1976 SC 1640, it applies.",
     "As held in State of Orissa Vs. Arun Kumar, reported in AIR 1976 SC 1640, it applies."),
    ("See Commissioner of Central Excise vs. Wockhardt Life Sciences Limited "
     "[(2012) 5 SCC 585].",
     "See Commissioner of Central Excise vs. Wockhardt Life Sciences Limited "
     "[(2012) 5 SCC 585]."),
    ("The Mysore Motor Vehicles Taxation Act, 1957 and the Children and Families Act 2014.",
     "The Mysore Motor Vehicles Taxation Act, 1957 and the Children and Families Act 2014."),
])
def test_public_text_stays(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("text, gone", [
    # a case name without a citation may be the client's own matter
    ("Patel v Patel was listed for Tuesday; Amina Patel was anxious.", ["Patel", "Amina"]),
    # a bare neutral citation identifies the client's own case
    ("Her own judgment, [2023] EWFC 12, named the father.", ["[2023] EWFC 12"]),
    # a name beside a statute is not part of its title
    ("I explained to Mrs Okafor the Children Act 1989.", ["Okafor"]),
    ("Amina Okafor of Leeds told me about Smith v Jones [2020] EWCA Civ 1.", ["Amina", "Okafor"]),
])
def test_names_around_public_text_still_go(redactor, text, gone):
    out = redactor.redact(text).text
    for g in gone:
        assert g not in out, (g, out)


def test_a_known_name_goes_even_inside_a_citation():
    out = Redactor(known_names=["Montgomery"]).redact(
        "Montgomery v Lanarkshire Health Board [2015] UKSC 11 was her own case.").text
    assert "Montgomery" not in out


def test_keep_rules_are_data():
    rules = parse_rules("[[keep]]\nname = 'house style'\nregex = 'Acme v [A-Z]\\\\w+'\n", "x.toml")
    assert [k.name for k in rules.keep] == ["house style"]
    with pytest.raises(ConfigError, match=r"x.toml: keep 'bad': invalid regex"):
        parse_rules("[[keep]]\nname = 'bad'\nregex = 'A(('\n", "x.toml")
    with pytest.raises(ConfigError, match=r"x.toml: keep 'k': unknown key\(s\) entity"):
        parse_rules("[[keep]]\nname = 'k'\nregex = 'A'\nentity = 'PERSON'\n", "x.toml")


@pytest.mark.parametrize("before, after", [
    ("The guidance at https://www.gov.uk/child-maintenance helped.",
     "The guidance at https://www.gov.uk/child-maintenance helped."),
    ("Downloaded from http://www.judis.nic.in and www.legislation.gov.uk/ukpga today.",
     "Downloaded from http://www.judis.nic.in and www.legislation.gov.uk/ukpga today."),
    # a path with digits may point at one case; a firm's own site is a contact detail
    ("Her judgment is at https://www.bailii.org/ew/cases/EWFC/2023/12.html now.",
     "Her judgment is at [url] now."),
    ("Our site www.lowther-legal.co.uk has it.", "Our site [url] has it."),
])
def test_public_web_pages_stay(redactor, before, after):
    assert redactor.redact(before).text == after


@pytest.mark.parametrize("before, after", [
    ("The three-Judge Bench held so.", "The three-Judge Bench held so."),
    ("For the respondent: Mrs. Subhra Das, Adv.\n\nHeard on 7 March.",
     "For the respondent: Mrs. Person A, Adv.\n\nHeard on [date]."),
])
def test_a_title_does_not_reach_past_its_name(redactor, before, after):
    assert redactor.redact(before).text == after


def test_a_weekday_ends_a_titled_name():
    text = "Coram: Mr. Justice Anil Narendran Tuesday hearing"
    assert [text[a:b] for a, b in find_titled_names(text)] == ["Anil Narendran"]
