"""Entity types the redactor knows, their labels and whether they are direct identifiers.

>>> ENTITY_TYPES["PERSON"].label
'Person'
>>> ENTITY_TYPES["EMAIL_ADDRESS"].tag
'[email]'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str  # placeholder stem for clustered types ("Person A"); tag text otherwise
    tag: str  # plain type tag, e.g. "[email]"
    direct: bool  # direct identifier (must go) vs quasi identifier (removal preferred)
    clustered: bool = False  # mentions share lettered placeholders ("Person A")


def _t(name: str, label: str, tag: str, direct: bool, clustered: bool = False) -> EntityType:
    return EntityType(name, label, tag, direct, clustered)


ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in [
        _t("PERSON", "Person", "[person]", True, True),
        _t("ORGANIZATION", "Organisation", "[organisation]", False, True),
        _t("LOCATION", "Place", "[place]", False, True),
        _t("ADDRESS", "Address", "[address]", True, True),
        # a proper name no dictionary knows and no recognizer could place (safety net)
        _t("NAME", "Name", "[name]", True, True),
        _t("DATE", "date", "[date]", False),
        _t("AGE", "age", "[age]", False),
        _t("EMAIL_ADDRESS", "email", "[email]", True),
        _t("PHONE_NUMBER", "phone", "[phone]", True),
        _t("URL", "url", "[url]", True),
        _t("IP_ADDRESS", "ip address", "[ip address]", True),
        _t("SOCIAL_HANDLE", "handle", "[handle]", True),
        _t("IBAN_CODE", "iban", "[iban]", True),
        _t("CREDIT_CARD", "card number", "[card number]", True),
        _t("BANK_ACCOUNT", "bank account", "[bank account]", True),
        _t("UK_NINO", "NI number", "[NI number]", True),
        _t("UK_NHS", "NHS number", "[NHS number]", True),
        _t("UK_POSTCODE", "postcode", "[postcode]", True),
        _t("UK_PASSPORT", "passport number", "[passport number]", True),
        _t("UK_DRIVING_LICENCE", "driving licence", "[driving licence]", True),
        _t("UK_VEHICLE_REG", "vehicle registration", "[vehicle registration]", True),
        _t("UK_UTR", "tax reference", "[tax reference]", True),
        _t("UK_COMPANY_NUMBER", "company number", "[company number]", True),
        _t("PRISON_NUMBER", "prison number", "[prison number]", True),
        _t("CASE_NUMBER", "case number", "[case number]", True),
        _t("MATTER_REFERENCE", "reference", "[reference]", True),
        _t("POLICE_REFERENCE", "police reference", "[police reference]", True),
        _t("TITLE_NUMBER", "title number", "[title number]", True),
        _t("ID", "reference", "[reference]", True),
    ]
}
