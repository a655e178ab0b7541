"""The monthly roll-ups of 145 projects × 12 months × 5 funding sources equal a pandas
reference to the fen: per month and source, and the summary's paid-to-date by district
and source."""

import datetime as dt
import random
from decimal import Decimal

import pandas as pd
import pytest

from ..models import SOURCE_CODES, ProgressReport, Project
from ..selectors import city_summary, monthly_rollup

pytestmark = pytest.mark.django_db


def _ledger(cast):
    rng = random.Random(22)
    units = [cast.donghu_school, cast.donghu_junior, cast.jinxian_school, cast.donghu]
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"R-{i:03d}",
                name=f"项目{i}",
                kind=("livelihood", "new_build", "weak_link")[i % 3],
                year=2023,
                unit=units[i % len(units)],
                **{f"budget_{s}": Decimal("9999999.99") for s in SOURCE_CODES},
            )
            for i in range(145)
        ]
    )
    reports = []
    for p in projects:
        for m in range(1, 13):
            reports.append(
                ProgressReport(
                    project=p,
                    month=dt.date(2023, m, 1),
                    percent=Decimal(m * 8),
                    **{f"paid_{s}": Decimal(rng.randint(0, 5_000_000)) / 100 for s in SOURCE_CODES},
                )
            )
    ProgressReport.objects.bulk_create(reports)
    return reports


def test_the_monthly_rollup_equals_pandas_to_the_fen(cast):
    reports = _ledger(cast)
    frame = pd.DataFrame(
        [{"month": r.month, **{s: getattr(r, f"paid_{s}") for s in SOURCE_CODES}} for r in reports]
    )
    # Decimal objects summed by pandas stay Decimal: exact, no float.
    reference = frame.groupby("month")[list(SOURCE_CODES)].sum()
    got = monthly_rollup(cast.city_admin)
    assert len(got) == 12 * 5
    for month, row in reference.iterrows():
        for s in SOURCE_CODES:
            assert got[(month, s)] == row[s], (month, s)
            assert isinstance(got[(month, s)], Decimal)


def test_the_summarys_paid_to_date_by_district_and_source_equals_pandas(cast):
    reports = _ledger(cast)
    district = {
        cast.donghu_school.pk: "东湖区",
        cast.donghu_junior.pk: "东湖区",
        cast.donghu.pk: "东湖区",
        cast.jinxian_school.pk: "进贤县",
    }
    frame = pd.DataFrame(
        [
            {
                "district": district[r.project.unit_id],
                "month": r.month,
                **{s: getattr(r, f"paid_{s}") for s in SOURCE_CODES},
            }
            for r in reports
        ]
    )
    upto = frame[frame["month"] <= dt.date(2023, 6, 1)]
    reference = upto.groupby("district")[list(SOURCE_CODES)].sum()
    summary = city_summary(cast.city_admin, month=dt.date(2023, 6, 1))
    rows = {r.district: r for r in summary.rows}
    for name, row in reference.iterrows():
        for s in SOURCE_CODES:
            assert rows[name].by_source[s] == row[s], (name, s)
        assert rows[name].paid == sum(row[s] for s in SOURCE_CODES)
    assert summary.total.paid == sum(reference[s].sum() for s in SOURCE_CODES)
    assert summary.total.projects == 145 and summary.total.reported == 145
    # A district sees its own line only.
    mine = city_summary(cast.donghu_officer, month=dt.date(2023, 6, 1))
    assert [r.district for r in mine.rows] == ["东湖区"]
