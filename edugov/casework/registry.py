"""The registry of case types: ``register`` a declaration once, at start-up.

A module declares its types in ``<app>/casetypes.py``; the casework app imports every
installed app's ``casetypes`` module when Django starts (``autodiscover``), the way the
admin finds ``admin.py``. Registering checks the declaration (``CaseType.check``).
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from .declarations import CaseType

_TYPES: dict[str, CaseType] = {}
# Bumped on every change, so derived tables (the scoping actions) know to rebuild.
version = 0


def register(case_type: CaseType) -> CaseType:
    """Add a case type; registering the same code twice is an error unless it is the same
    declaration (a module imported twice)."""
    global version
    case_type.check()
    existing = _TYPES.get(case_type.code)
    if existing is not None and existing is not case_type:
        raise ValueError(f"case type {case_type.code!r} is already registered")
    _TYPES[case_type.code] = case_type
    version += 1
    return case_type


def unregister(code: str) -> None:
    """Remove a type (tests that declare their own)."""
    global version
    _TYPES.pop(code, None)
    version += 1


def get(code: str) -> CaseType:
    try:
        return _TYPES[code]
    except KeyError:
        raise LookupError(f"no case type {code!r} is registered") from None


def all_types() -> list[CaseType]:
    return sorted(_TYPES.values(), key=lambda t: t.code)


def choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in all_types()]


def autodiscover() -> None:
    autodiscover_modules("casetypes")
