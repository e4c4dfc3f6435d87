"""Checks a rule can apply to the text it matched, named by ``validator = "..."`` in a rules file.

Each function takes the matched span exactly as found (spaces, dashes, a ``+44 (0)`` prefix and
so on) and returns True when it could be a real identifier of that kind. They are pure: no I/O,
no state. Formats follow ``shared/uk-identifiers.md``.

>>> sorted(VALIDATORS)[:3]
['iban_mod97', 'luhn', 'nhs_mod11']
>>> VALIDATORS["nhs_mod11"]("943 476 5919")
True
"""

from __future__ import annotations

import re
from typing import Callable

import phonenumbers

# python-stdnum's checks (and the ssl module its package imports, ~5 ms) are imported by
# the three validators that use them, on their first call: most write-ups never need them

__all__ = [
    "VALIDATORS",
    "iban_mod97",
    "luhn",
    "nhs_mod11",
    "nino",
    "phone_shape",
    "sort_code_account",
    "uk_phone",
    "uk_postcode",
    "utr",
]


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _compact(text: str) -> str:
    """Upper case, without spaces, hyphens, en dashes, dots or slashes."""
    return re.sub(r"[\s\-\u2013./]", "", text).upper()


def nhs_mod11(text: str) -> bool:
    """NHS number: 10 digits, weights 10..2 on the first nine, check = 11 - (sum mod 11),
    11 becomes 0 and 10 is never issued.

    >>> nhs_mod11("943 476 5919"), nhs_mod11("943 476 5918"), nhs_mod11("943.476.5919")
    (True, False, True)
    """
    if re.search(r"[^\d\s\-.]", text):
        return False
    digits = _digits(text)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NINO_BAD_FIRST = set("DFIQUV")
_NINO_BAD_SECOND = set("DFIOQUV")
_NINO_NEVER_ISSUED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
#: prefixes that are not issued but appear in text as the example number and are still redacted
_NINO_EXAMPLES = {"QQ"}
#: two letters then three dotted or slashed digit pairs that make a day and a month
_DOTTED_DATE = re.compile(r"^[A-Za-z]{2}\s*(?:0[1-9]|[12]\d|3[01])([./])(?:0[1-9]|1[0-2])\1\d{2}\s*$")


def nino(text: str) -> bool:
    """National Insurance number: 2 letters, 6 digits, optional suffix A-D; prefix rules per
    HMRC NIM39110 (first letter never D F I Q U V, second never D F I O Q U V, BG GB KN NK NT
    TN ZZ never issued). QQ, the example prefix, is accepted so ``QQ 12 34 56 C`` is redacted.
    Any case and any of space, dot, slash or hyphen between the parts; without a suffix, dotted
    or slashed digits that read as a date ("ON 12.03.24") are a date.

    >>> nino("PN 48 73 19 B"), nino("QQ 12 34 56 C"), nino("GB 12 34 56 A"), nino("DA123456A")
    (True, True, False, False)
    >>> nino("ab/12/34/56/c"), nino("AB.12.34.56"), nino("ON 12.03.24")
    (True, True, False)
    """
    s = _compact(text)
    if not re.fullmatch(r"[A-Z]{2}\d{6}[A-D]?", s):
        return False
    if len(s) == 8 and _DOTTED_DATE.search(text):
        return False
    prefix = s[:2]
    if prefix in _NINO_EXAMPLES:
        return True
    if prefix in _NINO_NEVER_ISSUED:
        return False
    return prefix[0] not in _NINO_BAD_FIRST and prefix[1] not in _NINO_BAD_SECOND


def iban_mod97(text: str) -> bool:
    """IBAN with a valid ISO 13616 mod-97 check (python-stdnum), spaces allowed.

    >>> iban_mod97("GB82 WEST 1234 5698 7654 32"), iban_mod97("GB82 WEST 1234 5698 7654 33")
    (True, False)
    """
    from stdnum import iban as _iban

    return bool(_iban.is_valid(text))


_OUTWARD = re.compile(
    r"(?:[A-PR-UWYZ]\d{1,2}"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y]\d{1,2}"  # AA9, AA99
    r"|[A-PR-UWYZ]\d[A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRV-Y])"  # AA9A
)
_INWARD = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}")


def uk_postcode(text: str) -> bool:
    """UK postcode structure (BS7666): outward A9 A99 AA9 AA99 A9A AA9A, inward 9AA; Q V X never
    first, I J Z never second, inward letters never C I K M O V; GIR 0AA and BFPO numbers too.

    >>> uk_postcode("LS6 2QT"), uk_postcode("SW1A 1AA"), uk_postcode("QS6 2QT"), uk_postcode("LS6 2QC")
    (True, True, False, False)
    """
    s = re.sub(r"\s+", " ", text.strip().upper())
    if s.replace(" ", "") == "GIR0AA":
        return True
    if re.fullmatch(r"BFPO ?\d{1,4}", s):
        return True
    c = s.replace(" ", "")
    if not 5 <= len(c) <= 7:
        return False
    outward, inward = c[:-3], c[-3:]
    return bool(_OUTWARD.fullmatch(outward) and _INWARD.fullmatch(inward))


#: Ofcom ranges reserved for drama (national significant number prefixes and lengths)
_DRAMA = re.compile(
    r"(?:7700900\d{3}"  # 07700 900000-999
    r"|1632960\d{3}"  # 01632 960000-999
    r"|2079460\d{3}"  # 020 7946 0000-0999
    r"|11[3-8]4960\d{3}"  # 0113 ... 0118 496 0xxx
    r"|1[2-6]14960\d{3}"  # 0121 0131 0141 0151 0161 496 0xxx
    r"|1914980\d{3}"  # 0191 498 0xxx
    r"|2890180\d{3}|2920180\d{3}"  # 028 9018 0xxx, 029 2018 0xxx
    r"|8081570\d{3}|9098790\d{3}|3069990\d{3})"  # freephone, premium, UK-wide
)


def uk_phone(text: str) -> bool:
    """UK phone number in national (0...) or +44 form: valid for region GB per libphonenumber,
    possible with a full 10-digit national number, or in one of Ofcom's drama ranges.

    >>> uk_phone("020 7946 0321"), uk_phone("07700 900845"), uk_phone("+44 (0)161 496 0732")
    (True, True, True)
    >>> uk_phone("0123 45"), uk_phone("2019 2020")
    (False, False)
    """
    s = text.strip().replace("(0)", "")
    s = re.sub(r"[\s\-().]", "", s)
    if not re.fullmatch(r"(?:\+44|0044|0)\d{9,10}", s):
        return False
    try:
        number = phonenumbers.parse(s, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 44:
        return False
    national = str(number.national_number)
    if _DRAMA.fullmatch(national):
        return True
    if phonenumbers.is_valid_number_for_region(number, "GB"):
        return True
    return bool(phonenumbers.is_possible_number(number) and len(national) == 10)


#: a full date (day, month, four-digit year) or a one-digit decimal ("0.5"): not a phone
_NOT_PHONE = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])([./\-–])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?!\d)"
    r"|(?<![\d.])\d\.\d+(?![\d.])"
    r"|^0-")  # ISBN-10 0-19-852663-6
#: a clock time; a run of them ("09.30 10.30 11.30") is a timetable, not a phone
_CLOCK_TIME = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")


def phone_shape(text: str) -> bool:
    """A telephone number by its shape, not by whether it is allocated: a UK national number
    (0 then 9 or 10 more digits, or one too many, grouped any way with spaces, dots, hyphens
    or brackets), or
    an international one (+ or 00, a country code libphonenumber knows, 8-15 digits in all).
    A date with its year, a decimal such as 0.5, clock times or an ISBN are not a phone.

    >>> phone_shape("07700.900.123"), phone_shape("0 7 7 0 0 9 0 0 1 2 3"), phone_shape("+33 6 12 34 56 78")
    (True, True, True)
    >>> phone_shape("+44 (0)7700 900123"), phone_shape("0044 7700 900123"), phone_shape("07123 456789")
    (True, True, True)
    >>> phone_shape("01.02.2023 10"), phone_shape("0.5 1.5 2.5 3.5 4.5"), phone_shape("+999 1234 5678")
    (False, False, False)
    >>> phone_shape("09.30 10.30 11.30"), phone_shape("06.12.34.56.78")
    (False, True)
    """
    s = text.strip()
    if _NOT_PHONE.search(s) or all(_CLOCK_TIME.fullmatch(t) for t in re.split(r"[ \-–]+", s)):
        return False
    if s.startswith(("+", "00")):
        digits = _digits(s.replace("(0)", "", 1).lstrip("+"))
        if digits.startswith("00"):
            digits = digits[2:]
        if not 8 <= len(digits) <= 15:
            return False
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            return False
        return len(str(number.national_number)) >= 6
    digits = _digits(s)
    return 10 <= len(digits) <= 12 and digits[0] == "0" and digits[1] != "0"


def luhn(text: str) -> bool:
    """Luhn (mod 10) check over the digits, 12-19 of them (payment cards).

    >>> luhn("4111 1111 1111 1111"), luhn("4111 1111 1111 1112")
    (True, False)
    """
    from stdnum import luhn as _luhn

    digits = _digits(text)
    return 12 <= len(digits) <= 19 and bool(_luhn.is_valid(digits))


def utr(text: str) -> bool:
    """Unique Taxpayer Reference: 10 digits (optional trailing K); the first digit is a check
    digit (python-stdnum ``gb.utr``).

    >>> utr("19558 39661"), utr("1955839661K"), utr("1955839662")
    (True, True, False)
    """
    from stdnum.gb import utr as _utr

    s = _compact(text)
    if s.endswith("K"):
        s = s[:-1]
    return len(s) == 10 and s.isdigit() and bool(_utr.is_valid(s))


_SORT_CODE = re.compile(r"(?<![\d-])\d{2}([-. ]?)\d{2}\1\d{2}(?![\d-])")
_ACCOUNT = re.compile(r"(?<![\d-])(?:\d{4}[ .-]\d{4}|\d{6,8})(?![\d-])")


def sort_code_account(text: str) -> bool:
    """Shape only: a sort code (three pairs of digits) and a separate 6-8 digit account number,
    in either order, with any words or punctuation between ("40-11-62, account 71295384").
    Modulus checking needs Pay.UK's weight tables, which are not bundled.

    >>> sort_code_account("40-11-62 71295384"), sort_code_account("71295384, sort code 40-11-62")
    (True, True)
    >>> sort_code_account("40-11-62 7129"), sort_code_account("00-00-00 71295384")
    (False, False)
    """
    m = _SORT_CODE.search(text)
    if not m or m.group(0).replace("-", "").replace(" ", "") == "000000":
        return False
    rest = text[: m.start()] + " " + text[m.end():]
    return _ACCOUNT.search(rest) is not None


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs_mod11": nhs_mod11,
    "nino": nino,
    "iban_mod97": iban_mod97,
    "uk_postcode": uk_postcode,
    "uk_phone": uk_phone,
    "phone_shape": phone_shape,
    "luhn": luhn,
    "utr": utr,
    "sort_code_account": sort_code_account,
}
