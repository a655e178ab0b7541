"""Registry fixtures on top of the fixed cast: consistent statistics rows and small
counties built by hand, so every expected number in a test can be worked out on paper."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.registry.models import (
    JUNIOR_GRADES,
    KG_GRADES,
    PRIMARY_GRADES,
    AnnualStatistics,
    InstitutionStatus,
    Standardization,
    StatsStatus,
)
from edugov.registry.services import statistics_save, status_save

_seq = itertools.count(500)


def make_code(category: str) -> str:
    """A fresh valid 学校标识码 (category + province 36 + sequence)."""
    return f"{category}36{next(_seq):06d}"


def spread(total: int, grades: tuple[str, ...]) -> dict[str, int]:
    base, extra = divmod(total, len(grades))
    return {g: base + (1 if i < extra else 0) for i, g in enumerate(grades)}


def make_stats(
    school,
    year: int = 2023,
    *,
    primary: int = 0,
    junior: int = 0,
    children: int = 0,
    status: str = StatsStatus.APPROVED,
    **fields,
) -> AnnualStatistics:
    """Statistics that pass the cross-field checks: enough classes of 40, and teacher
    totals covering every breakdown, unless the test overrides them."""
    counts = {
        **spread(primary, PRIMARY_GRADES),
        **spread(junior, JUNIOR_GRADES),
        **spread(children, KG_GRADES),
    }
    for stage, n in (("primary", primary), ("junior", junior), ("kg", children)):
        fields.setdefault(f"classes_{stage}", math.ceil(n / 40) if n else 0)
        fields.setdefault(f"max_class_size_{stage}", 40 if n else 0)
    breakdown = sum(
        fields.get(f, 0)
        for f in ("teachers_associate", "teachers_bachelor", "teachers_postgraduate")
    )
    others = [
        sum(fields.get(f, 0) for f in ("teachers_pe", "teachers_music", "teachers_art")),
        sum(fields.get(f, 0) for f in ("backbone_county", "backbone_city", "backbone_province")),
    ]
    fields.setdefault("teachers", max([breakdown, *others]))
    stats = AnnualStatistics(school=school, year=year, **counts, **fields)
    with acting(None):
        statistics_save(stats=stats)
    if status != StatsStatus.DRAFT:
        AnnualStatistics.objects.filter(pk=stats.pk).update(status=status)
        stats.status = status
    return stats


@pytest.fixture
def school_factory(cast):
    def make(parent=None, itype="primary", name=None, **extra):
        category = {
            "kindergarten": "11",
            "primary": "21",
            "teaching_point": "21",
            "junior": "31",
            "nine_year": "31",
            "complete_secondary": "34",
            "special": "51",
        }[itype]
        code = make_code(category)
        with acting(None):
            return make_school(
                parent or cast.donghu, code, name or f"测试学校{code}", itype, **extra
            )

    return make


@pytest.fixture
def kindergartens(cast, school_factory):
    # 东湖区: public 200, 普惠民办 100, other private 100 (one standardized, one converted
    # to public on 2023-03-01); 进贤县: public 100.
    public = school_factory(cast.donghu, "kindergarten")
    puhui = school_factory(cast.donghu, "kindergarten", ownership="private", inclusive=True)
    private = school_factory(cast.donghu, "kindergarten", ownership="private")
    converted = school_factory(cast.jinxian, "kindergarten", ownership="private")
    with acting(None):
        status_save(
            status=InstitutionStatus(
                school=private,
                effective_on=dt.date(2020, 1, 1),
                ownership="private",
                standardization=Standardization.DEMONSTRATION,
            )
        )
        status_save(
            status=InstitutionStatus(
                school=converted, effective_on=dt.date(2023, 3, 1), ownership="public"
            )
        )
    make_stats(public, children=200, teachers=14)
    make_stats(puhui, children=100, teachers=8)
    make_stats(private, children=100, teachers=8)
    make_stats(converted, children=100, teachers=8)
    make_stats(public, 2022, children=999, teachers=70, status=StatsStatus.DRAFT)
