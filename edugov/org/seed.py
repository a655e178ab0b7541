"""Seeding a city's organisation from a JSON description (org/data/<city>.json).

The seed is data, not code: after seeding, departments, districts and zones are edited
in the UI like any other unit. Seeding again adds what is missing and changes nothing
that exists.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from .models import Unit, UnitKind
from .services import unit_save

DATA_DIR = Path(__file__).resolve().parent / "data"


def seed_city(name: str = "nanchang") -> Unit:
    spec = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        city = _get_or_save(
            code=spec["city"]["code"],
            kind=UnitKind.CITY,
            name=spec["city"]["name"],
            parent=None,
            supervises=True,
        )
        for order, d in enumerate(spec["districts"], start=1):
            _get_or_save(
                code=d["code"],
                kind=UnitKind.DISTRICT,
                name=d["name"],
                parent=city,
                sort_order=order,
                supervises=True,
            )
        base = len(spec["districts"])
        for order, z in enumerate(spec["zones"], start=base + 1):
            legal = Unit.objects.get(code=z["legal_district"])
            _get_or_save(
                code=z["code"],
                kind=UnitKind.ZONE,
                name=z["name"],
                parent=city,
                legal_district=legal,
                sort_order=order,
                supervises=True,
            )
        for order, dept in enumerate(spec["departments"], start=1):
            _get_or_save(
                code=f"{city.code}-D{order:02d}",
                kind=UnitKind.DEPARTMENT,
                name=dept,
                parent=city,
                sort_order=order,
                supervises=dept in spec.get("supervising_departments", ()),
            )
    return city


def _get_or_save(*, code: str, **fields) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return unit_save(unit=Unit(code=code, **fields))
