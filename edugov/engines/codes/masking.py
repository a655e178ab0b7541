"""Masking (脱敏) of personal data for display, export, logs and error pages.

The forms are fixed by DOMAIN.md §2: ``3601**********1234``, ``138****1234``, ``张*``.
"""

from __future__ import annotations

from collections.abc import Callable


def mask_id_number(value: str) -> str:
    """First 4 and last 4 in clear; everything between becomes '*'.

    Short or malformed values are masked completely: showing "the first 4 and last 4"
    of a 9-character typo would reveal most of it.
    """
    v = "".join(str(value).split())
    if len(v) < 15:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    """Mobile numbers keep 3 + 4; anything else keeps at most its last 4."""
    v = "".join(str(value).split())
    if len(v) == 11 and v.isdigit():
        return v[:3] + "****" + v[-4:]
    if len(v) <= 4:
        return "*" * len(v)
    return "*" * (len(v) - 4) + v[-4:]


def mask_name(value: str) -> str:
    """The family name's first character stays; the rest becomes one '*' per character."""
    v = str(value).strip()
    if not v:
        return v
    return v[0] + "*" * max(len(v) - 1, 1)


_MASKERS: dict[str, Callable[[str], str]] = {
    "id": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    # Free text (addresses, notes) has no safe partial form.
    "text": lambda v: "***" if v else v,
}


def mask_value(kind: str, value: object) -> object:
    """Mask ``value`` as personal data of ``kind`` (id, phone, name, text)."""
    if value is None or value == "":
        return value
    return _MASKERS[kind](str(value))
