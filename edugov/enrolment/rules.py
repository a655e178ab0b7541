"""The enrolment rules as pure functions of the facts: the age check, the priority
category and the catchment polygon test. No Django import beyond the configuration the
caller passes, so the rules are tested from the facts alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

HOME_AND_HOUSEHOLD = "home_and_household"  # 房户一致
HOUSEHOLD_ONLY = "household_only"  # 户籍在片无房
HOME_ONLY = "home_only"  # 有房无户
MIGRANT = "migrant"  # 随迁子女 (居住证)
NONE = "none"  # no claim on the catchment: 统筹
FEEDER = "feeder"  # 对口直升: junior grade 1 from a primary school paired with the junior


def order(stage: str, categories: tuple[str, ...], *, feeder_first: bool) -> list[str]:
    """The placement order of a stage: the configured catchment categories, then no
    claim. A junior school takes its feeder primaries' pupils (对口直升) first when
    ``feeder_first``; otherwise they rank by their catchment facts like everyone."""
    head = [FEEDER] if stage == "junior" and feeder_first else []
    return head + [c for c in categories if c != FEEDER] + [NONE]


def junior_category(catchment_category: str, *, from_feeder: bool, feeder_first: bool) -> str:
    """A junior applicant's category: 对口直升 when their primary school feeds the junior
    school (and the city ranks feeders first), else their catchment category."""
    return FEEDER if from_feeder and feeder_first else catchment_category


@dataclass(frozen=True)
class Facts:
    """What the parent states and the documents prove; the category follows from it."""

    household_in_catchment: bool  # 户籍 in the catchment, with a parent, own household
    household_since: dt.date | None
    property_in_catchment: bool  # 房产证/不动产权证 (or registered lease) in the catchment
    property_since: dt.date | None
    residence_permit: bool  # 居住证 in the district
    permit_since: dt.date | None


def cutoff_date(year: int, *, month: int = 8, day: int = 31) -> dt.date:
    return dt.date(year, month, day)


def age_ok(birth: dt.date, year: int, *, years: int = 6, month: int = 8, day: int = 31) -> bool:
    """年满 ``years`` 周岁 by the cut-off: a child born on the cut-off day ``years`` years
    earlier passes, one born the day after does not."""
    cutoff = cutoff_date(year, month=month, day=day)
    try:
        latest = cutoff.replace(year=cutoff.year - years)
    except ValueError:  # a 29 February cut-off in a non-leap year
        latest = cutoff.replace(year=cutoff.year - years, day=28)
    return birth <= latest


def category(
    facts: Facts,
    year: int,
    *,
    property_by: tuple[int, int] = (6, 30),
    permit_by_previous_year_end: bool = True,
) -> str:
    """The priority category derived from the facts (two consistencies: 户籍 with the
    home, both in the catchment). A property bought after the cut-off, or a permit issued
    after the previous year's end, does not count."""
    prop_cut = dt.date(year, *property_by)
    has_home = facts.property_in_catchment and (
        facts.property_since is not None and facts.property_since <= prop_cut
    )
    if facts.household_in_catchment and has_home:
        return HOME_AND_HOUSEHOLD
    if facts.household_in_catchment:
        return HOUSEHOLD_ONLY
    if has_home:
        return HOME_ONLY
    permit_cut = dt.date(year - 1, 12, 31) if permit_by_previous_year_end else dt.date(year, 12, 31)
    if (
        facts.residence_permit
        and facts.permit_since is not None
        and facts.permit_since <= permit_cut
    ):
        return MIGRANT
    return NONE


def point_in_polygon(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Is the point inside a GeoJSON Polygon or MultiPolygon (holes respected)? Even-odd
    ray casting: shapely is not installed, and a catchment's few hundred vertices need
    nothing faster."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon: {kind!r}")
    for rings in polygons:
        if (
            rings
            and _in_ring(lon, lat, rings[0])
            and not any(_in_ring(lon, lat, hole) for hole in rings[1:])
        ):
            return True
    return False


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def valid_polygon(geometry: Any) -> bool:
    """A GeoJSON Polygon/MultiPolygon whose rings have at least four [lon, lat] points."""
    try:
        polys = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else None
        )
        return bool(polys) and all(
            len(ring) >= 4 and all(len(p) >= 2 for p in ring) for rings in polys for ring in rings
        )
    except (KeyError, TypeError):
        return False
