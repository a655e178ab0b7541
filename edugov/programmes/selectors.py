"""Reads of the registry: the user's programmes and organizations, and the party
organizations' coverage (points 1–3) by district.

``coverage_unscoped`` ignores the user on purpose: it is the work plan's KPI over a unit
(the city, a district), a count of schools, never a row; the coverage page calls it for
the reader's own scope root after the view checked the permission.

Coverage: the schools (``UnitKind.SCHOOL``, kindergartens and teaching points aside —
the plan's 公民办中小学校) open at the end of ``year`` with a party organization
established by then, as a share of all of them; public and private apart and together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from edugov.core.scoping import may
from edugov.org.models import InstitutionType, Ownership, Unit, UnitKind

from .models import PartyForm, PartyOrganization, Programme

NOT_COUNTED = (InstitutionType.KINDERGARTEN, InstitutionType.TEACHING_POINT)


def programmes_visible(user: Any, action: str = "view") -> QuerySet[Programme]:
    if user is None:
        raise TypeError("programmes_visible needs the user")
    return Programme.objects.visible_to(user, action)


def party_organizations_visible(user: Any) -> QuerySet[PartyOrganization]:
    if user is None:
        raise TypeError("party_organizations_visible needs the user")
    return PartyOrganization.objects.visible_to(user, "view")


def _counted_schools(*, year: int, scope: Unit) -> QuerySet[Unit]:
    """The schools the coverage counts under ``scope`` at the end of ``year``, each
    annotated ``covered``."""
    end = dt.date(year, 12, 31)
    covered = PartyOrganization.objects.filter(
        school=OuterRef("pk"), established_on__lte=end
    ).exclude(form=PartyForm.NONE)
    return (
        Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=scope.path)
        .exclude(institution_type__in=NOT_COUNTED)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .annotate(covered=Exists(covered))
    )


def rate(covered: int, schools: int) -> Decimal | None:
    if not schools:
        return None
    return (Decimal(100 * covered) / schools).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class CoverageRow:
    """One district's (or the total's) schools and covered schools, by ownership."""

    unit: Unit | None
    schools: dict[str, int] = field(default_factory=lambda: {"public": 0, "private": 0})
    covered: dict[str, int] = field(default_factory=lambda: {"public": 0, "private": 0})

    def add(self, ownership: str, is_covered: bool) -> None:
        key = "private" if ownership == Ownership.PRIVATE else "public"
        self.schools[key] += 1
        self.covered[key] += int(is_covered)

    def rate(self, key: str = "") -> Decimal | None:
        if key:
            return rate(self.covered[key], self.schools[key])
        return rate(sum(self.covered.values()), sum(self.schools.values()))

    @property
    def rate_public(self) -> Decimal | None:
        return self.rate("public")

    @property
    def rate_private(self) -> Decimal | None:
        return self.rate("private")

    @property
    def rate_all(self) -> Decimal | None:
        return self.rate()

    @property
    def total_schools(self) -> int:
        return sum(self.schools.values())

    @property
    def total_covered(self) -> int:
        return sum(self.covered.values())


def coverage_unscoped(*, year: int, scope: Unit) -> tuple[list[CoverageRow], CoverageRow]:
    """The coverage under ``scope`` by district (each district or functional zone under
    it; a district scope is its own single row), and the total: two queries."""
    districts = list(
        Unit.objects.filter(
            kind__in=(UnitKind.DISTRICT, UnitKind.ZONE), path__startswith=scope.path
        ).order_by("sort_order", "code")
    )
    if scope.kind in (UnitKind.DISTRICT, UnitKind.ZONE) and scope not in districts:
        districts.insert(0, scope)
    rows = {d.path: CoverageRow(unit=d) for d in districts}
    total = CoverageRow(unit=scope)
    for path, ownership, is_covered in _counted_schools(year=year, scope=scope).values_list(
        "path", "ownership", "covered"
    ):
        total.add(ownership, is_covered)
        # The deepest district the school lies under (a zone inside a district wins).
        owner = max((p for p in rows if path.startswith(p)), key=len, default=None)
        if owner is not None:
            rows[owner].add(ownership, is_covered)
    return [r for r in rows.values() if r.total_schools], total


def coverage(user: Any, *, year: int) -> tuple[list[CoverageRow], CoverageRow] | None:
    """The coverage page's figures: by district over the reader's scope root (counts, no
    row), for a reader of party organizations; ``None`` without a scope."""
    if user is None:
        raise TypeError("coverage needs the user; the KPI reads coverage_rate_unscoped")
    root = user.scope_root()
    if root is None or not may(user, PartyOrganization, "view"):
        return None
    return coverage_unscoped(year=year, scope=root)


def coverage_rate_unscoped(*, year: int, scope: Unit) -> Decimal | None:
    """The share (per cent) of counted schools under ``scope`` covered at the end of
    ``year``; ``None`` when there is no counted school."""
    qs = _counted_schools(year=year, scope=scope)
    schools = qs.count()
    return rate(qs.filter(covered=True).count(), schools)


def latest_year_unscoped(*, scope: Unit) -> int | None:
    """This year once any organization under ``scope`` is recorded: the coverage is a
    standing figure (who has an organization now), not a yearly return."""
    from edugov.core import clock

    if not PartyOrganization.objects.filter(school__path__startswith=scope.path).exists():
        return None
    return clock.today().year
