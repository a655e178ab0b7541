"""The ledger import: a project per row with its planned milestones; re-importing changes
nothing; one bad row (a negative place count, milestones out of order, a unit outside the
scope) writes nothing and names the row and column."""

import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting

from ..importers import ProjectImporter
from ..models import Project, ProjectMilestone

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "name",
    "kind",
    "year",
    "unit",
    "latitude",
    "longitude",
    "places_primary",
    "budget_central",
    "budget_city",
    "planned_approval",
    "planned_start",
    "planned_in_use",
]


def run(user, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    with acting(user):
        return ProjectImporter(user).run(io.BytesIO(data), "项目台账.xlsx", len(data))


def rows(cast):
    return [
        [
            "MS-01",
            "育新学校扩建",
            "民生实事",
            2023,
            cast.donghu_school.code,
            "28.68",
            "115.90",
            "540",
            "200000",
            "800000.55",
            "2023-01-10",
            "2023-05-15",
            "2024-08-25",
        ],
        [
            "MS-02",
            "民和小学改造",
            "薄弱环节改善",
            2023,
            cast.jinxian_school.code,
            "",
            "",
            "0",
            "0",
            "300000",
            "2023-02-01",
            "",
            "",
        ],
    ]


def test_the_ledger_is_imported_with_its_milestones_and_again_changes_nothing(cast):
    report = run(cast.city_admin, rows(cast))
    assert report.ok and report.created == 2, report.errors
    p = Project.objects.get(code="MS-01")
    assert p.kind == "livelihood" and str(p.budget_city) == "800000.55"
    assert p.milestones.count() == 7
    assert str(p.milestones.get(stage="in_use").planned) == "2024-08-25"
    again = run(cast.city_admin, rows(cast))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_sheet_moving_only_dates_moves_them(cast):
    run(cast.city_admin, rows(cast))
    changed = rows(cast)
    changed[0][11] = "2023-06-01"
    assert run(cast.city_admin, changed).ok
    assert str(ProjectMilestone.objects.get(project__code="MS-01", stage="start").planned) == (
        "2023-06-01"
    )


@pytest.mark.parametrize(
    "col, value, words",
    [
        (7, "-5", "negative"),
        (11, "2022-12-01", "立项"),
        (4, "9999999999", "scope"),
        (9, "12.345", "two decimals"),
    ],
)
def test_one_bad_row_writes_nothing_and_is_named(cast, col, value, words):
    data = rows(cast)
    data[1][col] = value
    report = run(cast.city_admin, data)
    assert not report.ok
    assert Project.objects.count() == 0 and ProjectMilestone.objects.count() == 0
    assert any(e.startswith(("Row 3", "第 3 行", "第3行")) for e in report.errors), report.errors


def test_a_district_may_not_import_another_districts_project(cast):
    report = run(cast.donghu_officer, rows(cast))
    assert not report.ok and Project.objects.count() == 0
