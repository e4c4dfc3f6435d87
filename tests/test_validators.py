"""Checks behind the rules files: each validator accepts well-formed identifiers and rejects
near-misses (wrong check digit, forbidden prefix or letter, wrong length)."""

from __future__ import annotations

import doctest

import pytest

from balint_redact.rules import validators
from balint_redact.rules.validators import (
    VALIDATORS,
    iban_mod97,
    luhn,
    nhs_mod11,
    nino,
    phone_shape,
    sort_code_account,
    uk_phone,
    uk_postcode,
    utr,
)


def test_registry_names() -> None:
    assert {"nhs_mod11", "nino", "iban_mod97", "uk_postcode", "uk_phone", "luhn", "utr",
            "sort_code_account", "phone_shape"} <= set(VALIDATORS)
    assert all(callable(f) for f in VALIDATORS.values())


def test_doctests() -> None:
    result = doctest.testmod(validators)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("text", [
    "943 476 5919", "9434765919", "943-476-5919", "943.476.5919", "9 4 3 4 7 6 5 9 1 9",
    "401 023 2137", "485 777 3457", "600 123 4566", "412 345 6782",
    "450 557 1653", "9876543210",
])
def test_nhs_valid(text: str) -> None:
    assert nhs_mod11(text)


@pytest.mark.parametrize("text", [
    "943 476 5918",  # wrong check digit
    "943 476 591",  # nine digits
    "943 476 59190",  # eleven digits
    "123 456 7890",  # check digit would be 10: never issued
    "94347659A9",
    "",
])
def test_nhs_invalid(text: str) -> None:
    assert not nhs_mod11(text)


@pytest.mark.parametrize("text", [
    "PN 48 73 19 B", "AB123456C", "JG 10 30 21 A", "ab 12 34 56 d".upper(), "CE 12 34 56",
    "QQ 12 34 56 C",  # the classic example number: not issued, still redacted
    "QQ123456C", "WP-12-34-56-A", "TZ 00 00 00 D",
    # written unusually
    "AB/12/34/56/C", "ab.12.34.56.c", "ab 12 34 56 c", "AB 123456 C", "ab123456c",
    "AB.12.34.56", "AB/12/34/56", "PN 12 03 19",  # spaced pairs that read as a date still count
])
def test_nino_valid(text: str) -> None:
    assert nino(text)


@pytest.mark.parametrize("text", [
    "DA 12 34 56 A",  # D never first
    "FA 12 34 56 A", "IA 12 34 56 A", "UA 12 34 56 A", "VA 12 34 56 A",
    "AD 12 34 56 A",  # D never second
    "AO 12 34 56 A",  # O never second
    "GB 12 34 56 A", "BG 12 34 56 A", "NK 12 34 56 A", "KN 12 34 56 A", "TN 12 34 56 A",
    "NT 12 34 56 A", "ZZ 12 34 56 A",  # never issued
    "AB 12 34 56 E",  # suffix only A-D
    "AB 12 34 5 A", "A1 23 45 67 A",
    "ON 12.03.24", "ON 12/03/24",  # dotted or slashed date after a word, no suffix
])
def test_nino_invalid(text: str) -> None:
    assert not nino(text)


@pytest.mark.parametrize("text", [
    "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "GB33BUKB20201555555555",
    "DE89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606",
])
def test_iban_valid(text: str) -> None:
    assert iban_mod97(text)


@pytest.mark.parametrize("text", [
    "GB82 WEST 1234 5698 7654 33", "GB83WEST12345698765432", "GB82 WEST 1234 5698 7654",
    "XX82WEST12345698765432", "",
])
def test_iban_invalid(text: str) -> None:
    assert not iban_mod97(text)


@pytest.mark.parametrize("text", [
    "LS6 2QT", "B6 6QR", "SW1A 1AA", "M1 1AE", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB",
    "GIR 0AA", "BFPO 1234", "ls6 2qt",
])
def test_postcode_valid(text: str) -> None:
    assert uk_postcode(text)


@pytest.mark.parametrize("text", [
    "QS6 2QT",  # Q never first
    "VS6 2QT", "XS6 2QT",
    "LI6 2QT",  # I never second
    "AJ6 2QT", "AZ6 2QT",
    "LS6 2QC",  # C never in the inward code
    "LS6 2IT", "LS6 2KT", "LS6 2MT", "LS6 2OT", "LS6 2VT",
    "LS6 QQT", "LSS 2QT", "L 2QT", "LS666 2QT",
])
def test_postcode_invalid(text: str) -> None:
    assert not uk_postcode(text)


@pytest.mark.parametrize("text", [
    "07700 900845", "07700 900 845", "01632 960123", "020 7946 0321", "0161 496 0732",
    "0113 496 0123", "+44 20 7946 0321", "+44 (0)20 7946 0321", "+447700900845",
    "0044 161 496 0732", "(020) 7946 0321", "0300 123 4567", "0800 123 456", "02079460321",
])
def test_phone_valid(text: str) -> None:
    assert uk_phone(text)


@pytest.mark.parametrize("text", [
    "0123 45", "020 7946 03211", "12345 678901", "+1 202 555 0143", "+33 1 23 45 67 89",
    "2019 2020", "0000 000 0000", "07700-9008", "",
])
def test_phone_invalid(text: str) -> None:
    assert not uk_phone(text)


@pytest.mark.parametrize("text", [
    "07700.900.123", "0 7 7 0 0 9 0 0 1 2 3", "07700-900-123", "(0113) 496 0000",
    "07700 9001 23", "077 00 90 01 23", "01482 496 0273",  # one digit too many: still a phone
    "07123 456789",  # not allocated: the shape is enough
    "06.12.34.56.78",
    "+44 (0)7700 900123", "+44.7700.900.123", "0044 7700 900123", "+234 803 123 4567",
    "+33 6 12 34 56 78", "+1 (202) 555-0143", "+1 202 555 0143",
])
def test_phone_shape_valid(text: str) -> None:
    assert phone_shape(text)


@pytest.mark.parametrize("text", [
    "0123 45", "0770 090", "0770 090 012 345 6",  # too short, too long
    "00999 1234 5678", "00 0123 4567",  # 00 then no country code
    "+999 1234 5678",  # no such country code
    "+44 12",
    "01.02.2023 10", "01-02-2023 09 30",  # a date with its year
    "0.5 1.5 2.5 3.5 4.5",  # decimals
    "09.30 10.30 11.30",  # clock times
    "0-19-852663-6",  # ISBN-10
    "2019 2020 2021", "",
])
def test_phone_shape_invalid(text: str) -> None:
    assert not phone_shape(text)


@pytest.mark.parametrize("text", ["4111 1111 1111 1111", "5555555555554444", "378282246310005"])
def test_luhn_valid(text: str) -> None:
    assert luhn(text)


@pytest.mark.parametrize("text", ["4111 1111 1111 1112", "1234567812345678", "4242", ""])
def test_luhn_invalid(text: str) -> None:
    assert not luhn(text)


@pytest.mark.parametrize("text", ["1955839661", "19558 39661", "1955839661K", "2234567890"])
def test_utr_valid(text: str) -> None:
    assert utr(text)


@pytest.mark.parametrize("text", ["1955839662", "195583966", "19558396611", "ABCDE39661", ""])
def test_utr_invalid(text: str) -> None:
    assert not utr(text)


@pytest.mark.parametrize("text", [
    "40-11-62 71295384", "40-11-62, account 71295384", "40 11 62 712953",
    "71295384, sort code 40-11-62", "20-00-00 1234567",
    "40.11.62 account 71295384", "40-11-62 7129 5384",
])
def test_sort_code_account_valid(text: str) -> None:
    assert sort_code_account(text)


@pytest.mark.parametrize("text", ["40-11-62", "40-11-62 7129", "00-00-00 71295384", "71295384"])
def test_sort_code_account_invalid(text: str) -> None:
    assert not sort_code_account(text)
