"""Addresses without a UK street number or postcode, a phone number wrapped onto an indented
line, a chat sender with a role, initials written with dots and apostrophes, and firms named
with "& Sons" or after their owner (issue 14): before/after tables of whole redactions, each
"after" different from the code before (noted as "was"), with near-misses that must
survive."""

from __future__ import annotations

import pytest

TABLE = [
    # was: "Flat 17B, Block C, Lok Fu Estate, Kowloon, Hong Kong" kept
    ("Previous address: Flat 17B, Block C, Lok Fu Estate, Kowloon, Hong Kong\n",
     "Previous address: Address A\n"),
    # was: "in flat 12F" kept
    ("The one I think about is Dr Anh Nguyen in flat 12F, a junior doctor.",
     "The one I think about is Dr Person A in Address A, a junior doctor."),
    # was: "The Old Forge, Church Lane, Person A" (only the village, as a name)
    ("The Claimant owns the adjoining property, The Old Forge, Church Lane, Chartham.",
     "The Claimant owns the adjoining property, Address A."),
    # was: "Second floor flat, Address A"
    ("Property: Second floor flat, 7 Agar Grove, London NW1 9UG\n", "Property: Address A\n"),
    # was: "0/2, Address A" (a Scottish tenement position starting with 0)
    ("I'm at 0/2, 61 Dixon Avenue, Glasgow G42 8EH if you need me.",
     "I'm at Address A if you need me."),
    # was: "07700 900\n  274" with "274" kept
    ("- her niece rang, 07700 900\n  274 — she works nights",
     "- her niece rang, [phone] — she works nights"),
    # was: "Pat (admin):" kept
    ("13/03/2026, 18:15 - Pat (admin): who is going to tell the clients\n",
     "[date], 18:15 - Person A (admin): who is going to tell the clients\n"),
    # was: "C.O'N." in the heading and "COʼN asked" kept
    ("LOG - C.O'N. / M.McK.\n\nCOʼN asked what that meant.\n- MMcK to bring it.\n"
     "- C.O'N. to check it.\n",
     "LOG - Person A / Person B\n\nPerson C asked what that meant.\n- Person D to bring it.\n"
     "- Person A to check it.\n"),
    # was: both firms kept
    ("He works for his uncle's firm, Major & Sons Roofing. We met at Lan's Nails & Beauty.",
     "He works for his uncle's firm, Organisation A. We met at Organisation B."),
]

NEAR_MISSES = [
    "Fish & Chips. Salt & Pepper. The Mother & Baby unit. The Mental Health & Capacity team.",
    "13/03/2026, 18:18 - Note: nothing to add\n",
    "Call 07700 900123\n12 people came.\n",
]


@pytest.mark.parametrize("text, after", TABLE)
def test_before_after(redactor, text, after):
    assert redactor.redact(text).text == after


def test_near_misses_survive(redactor):
    assert redactor.redact(NEAR_MISSES[0]).text == NEAR_MISSES[0]
    assert redactor.redact(NEAR_MISSES[1]).text.endswith("- Note: nothing to add\n")
    assert redactor.redact(NEAR_MISSES[2]).text == "Call [phone]\n12 people came.\n"


def test_initials_that_look_like_a_title_are_one_person(redactor):
    # was: "Person A … Person B … Person C" ("sh" read as the title Sh. and dropped)
    assert redactor.redact("Present: SH (chair). SH said it was fine. Later SH left.").text \
        == "Present: Person A (chair). Person A said it was fine. Later Person A left."


@pytest.mark.parametrize("text, after", [
    # was: "Person A:" (FK joined to the next field's label), "Person A [police reference]"
    # with "URN" in the name
    ("Fee earner: FK   Supervisor: JLD\n", "Fee earner: Person A   Supervisor: Person B\n"),
    ("1  DOUGLAS, Alistair James   URN 17AB0093125   Animal Welfare Act\n",
     "1  Person A   URN [police reference]   Animal Welfare Act\n"),
    # a name spaced out as text from a PDF still joins
    ("Datta   Mane appeared.", "Person A appeared."),
])
def test_a_name_does_not_grow_into_the_next_field(redactor, text, after):
    assert redactor.redact(text).text == after


@pytest.mark.parametrize("text, after", [
    # was: "Kat" kept (no "Regards" before it)
    ("Sorry for being unprofessional.\nKat\n\n---\n\nShe was fine.",
     "Sorry for being unprofessional.\nPerson A\n\n---\n\nShe was fine."),
    # a heading followed by text, and a sign-off word, stay
    ("The facts are these.\nBackground\n\nIt began.", "The facts are these.\nBackground\n\nIt began."),
    ("See you then.\nThanks\n---\n", "See you then.\nThanks\n---\n"),
])
def test_a_name_signing_off_a_message(redactor, text, after):
    assert redactor.redact(text).text == after


ROUND_I = [
    # was: "ring Rich instead" kept ("Rich" was no first name that is also a word)
    ("they are off till the 14th. ring Rich instead 07700 900417\n",
     "they are off till the 14th. ring Person A instead [phone]\n"),
    # was: "Room 4.17, Person A" and the university kept; the title "Counsel" at a line's
    # end made the next line a person (then, until round p, "[postcode]" for the address)
    ("Office of the General Counsel\nUniversity of the West Midlands\nRoom 4.17, Harcourt "
     "Building, 50 Lichfield Street, Wolverhampton WV1 1DT\n",
     "Office of the General Counsel\nOrganisation A\nAddress A\n"),
    # was: "Mr Person A of Person B (Agricultural) Ltd"
    ("tractor driver: Mr Alun Ferris of Ferris & Sons (Agricultural) Ltd\n",
     "tractor driver: Mr Person A of Person B\n"),
    # was: "the other witness is bob" kept
    ("- the other witness is bob, surname unknown\n- need to check whether bob exists\n",
     "- the other witness is Person A, surname unknown\n- need to check whether Person A "
     "exists\n"),
    # was: "Cathedral Quarter Legal" kept (the firm line under the job title)
    ("Regards,\n\nEimear Nic Giolla Phádraig\nAssociate Solicitor\nCathedral Quarter Legal\n",
     "Regards,\n\nPerson A\nAssociate Solicitor\nOrganisation A\n"),
]



def test_a_role_said_to_be_unwell_is_no_name(redactor):
    text = "The witness was Unwell. The client is British. Dear Mrs\nPatel, thanks."
    assert redactor.redact(text).text == \
        "The witness was Unwell. The client is British. Dear Mrs\nPerson A, thanks."


ROUND_J = [
    # was: 'Name A "Gaz" Pilling … call Pilling a monster'; then (until round n) three
    # placeholders for one person: 'Name A "Person A" Person B'
    ('Defendant: Gareth "Gaz" Pilling, of Moor Lane. The comments call Pilling a monster. '
     "Gaz laughed.",
     "Defendant: Person A, of Place A. The comments call Person A a monster. "
     "Person A laughed."),
    # was: "**Gaz (2nd junior)**:" and "**Sterling**:" kept
    ("19/01/2026, 08:02 — **Gaz (2nd junior)**: Morning.\n08:06 — **Sterling**: Fine.\n"
     "08:07 — Note: call back\n",
     "[date], 08:02 — **Person A (2nd junior)**: Morning.\n08:06 — **Person B**: Fine.\n"
     "08:07 — Note: call back\n"),
    # was: "St Aidan's Church Hall, Canal Street, Ashton-under-Lyne" kept
    ("the events at St Aidan's Church Hall, Canal Street, Ashton-under-Lyne.\n",
     "the events at Address A.\n"),
]



def test_quoted_words_between_capitalised_words_and_labels_stay(redactor):
    text = ('The book "Great Expectations" Volume two.\n> **Sent:** Monday\n- Client: rang\n')
    assert redactor.redact(text).text == text


ROUND_K = [
    # was: "Amber Fuller" kept (a field of people whose value is a name, not initials);
    # "R. Person B" until round v
    ("**Supervisee:** Amber Fuller  **Supervisor:** R. Okonjo\n",
     "**Supervisee:** Person A  **Supervisor:** Person B\n"),
    # was: "Ash" kept in the editors field and in the comments
    ("*Editors: me, Ash*\n\n[Comment — Ash: do we need the shop name?]\n",
     "*Editors: me, Person A*\n\n[Comment — Person A: do we need the shop name?]\n"),
    # was: "**Rich (Repairs) 09:21**" and "**Lindiwe M 09:30**" kept
    ("**Rich (Repairs) 09:21** — shower is late\n\n**Lindiwe M 09:30** — ok\n",
     "**Person A (Repairs) 09:21** — shower is late\n\n**Person B 09:30** — ok\n"),
    # was: "— Bob" kept
    ("Thank you for taking this.\n\n— Bob\n", "Thank you for taking this.\n\n— Person A\n"),
    # was: "ul. Grunwaldzka 214/9, 80-266 Gdańsk" kept
    ("Address for service ul. Grunwaldzka 214/9, 80-266 Gdańsk.\n",
     "Address for service Address A.\n"),
    # was: "Person AM. Events Ltd"
    ("paid to K.A.M. Events Ltd (company no. 12983317), of which",
     "paid to Person A (company no. [company number]), of which"),
]



def test_fields_of_bodies_and_a_legal_form_word_stay(redactor):
    text = "Client: Legal Aid Agency\nPresent: all staff\nIn Ltd form.\n"
    assert redactor.redact(text).text == text


ROUND_L = [
    # was: "Rich H 🍀  06/03 19:11" and "Amber (nights)  07/03 07:40" kept
    ("Rich H 🍀  06/03 19:11\n👍\n\nAmber (nights)  07/03 07:40\npaid\n",
     "Person A 🍀  [date] 19:11\n👍\n\nPerson B (nights)  [date] 07:40\npaid\n"),
    # was: "Sterling 🎓:" kept
    ("12/11/2025, 18:05 - Sterling 🎓: I had it last week.\n",
     "[date], 18:05 - Person A 🎓: I had it last week.\n"),
    # was: "kai drew him a boat" and "Dev saying" kept
    ("from the little ones. kai drew him a boat so grandad can come back.",
     "from the little ones. Person A drew him a boat so grandad can come back."),
    ("I remember Dev saying I would be fine.", "I remember Person A saying I would be fine."),
]



def test_too_common_words_before_a_verb_stay_in_notes(redactor):
    text = "the little ones came. i will ask the judge. we may say no. he drew a line."
    assert redactor.redact(text).text == text


ROUND_M = [
    # was: "Her mother Summer Gale wants" kept (a relation then a name of two words)
    ("Her mother Summer Gale wants the dog destroyed.", "Her mother Person A wants the dog "
     "destroyed."),
    # was: "his wife, Lai-Ching." kept (a hyphenated given name)
    ("Mr Wong Kwok-Wing and his wife, Lai-Ching. We met.",
     "Mr Person A and his wife, Person B. We met."),
    # was: "PO Box 4471, Bristol BS99 7XX" kept but its postcode
    ("Correspondence to PO Box 4471, Bristol BS99 7XX\n", "Correspondence to Address A\n"),
    # was: "Rua da Boavista 212, 3.º Esq., 4050-105 Porto, Portugal" kept
    ("Rua da Boavista 212, 3.º Esq., 4050-105 Porto, Portugal\n", "Address A\n"),
]



def test_a_judge_who_adjourned_is_no_name_in_notes(redactor):
    # was: "the judge Person A" (a verb after a title read as a name in lower-case notes,
    # which also made redacting twice change the text)
    text = "rang from the office. the judge adjourned. the judge said no. then we left."
    assert redactor.redact(text).text == text


@pytest.mark.parametrize("text, after", ROUND_I + ROUND_J + ROUND_K + ROUND_L + ROUND_M)
def test_rounds_of_blind_sets_i_to_m(redactor, text, after):
    assert redactor.redact(text).text == after
