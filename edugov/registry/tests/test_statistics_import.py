"""The statistics import: xlsx template, cross-field checks, all or nothing."""

import io

import pytest
import xlsxwriter

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.registry.importers import StatisticsImporter
from edugov.registry.models import AnnualStatistics, StatsStatus

pytestmark = pytest.mark.django_db

HEADER = [c.field for c in StatisticsImporter.columns]


def good_row(code: str, year: int = 2023, **cells) -> dict:
    row = dict.fromkeys(HEADER, "")
    row.update(
        school_code=code,
        year=str(year),
        g1="90",
        g2="88",
        classes_primary="6",
        max_class_size_primary="30",
        class_sizes_primary="30,30,30,30,30,28",
        teachers="12",
        teachers_bachelor="10",
        teachers_associate="2",
        teachers_pe="1",
        teachers_music="1",
        teachers_art="1",
        floor_area="900",
    )
    row.update(cells)
    return row


def xlsx(rows: list[dict]) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, [row[h] for h in HEADER])
    book.close()
    return buf.getvalue()


def run(user, rows):
    content = xlsx(rows)
    with acting(user):
        return StatisticsImporter(user).run(io.BytesIO(content), "stats.xlsx", len(content))


def test_it_imports_an_xlsx_and_a_reimport_changes_nothing(cast):
    rows = [good_row("2136000001"), good_row("2136000001", 2022)]
    report = run(cast.donghu_officer, rows)
    assert report.errors == [] and report.created == 2
    stats = AnnualStatistics.objects.get(school=cast.donghu_school, year=2023)
    assert stats.students_primary == 178 and stats.class_sizes_primary == [30] * 5 + [28]
    assert stats.status == StatsStatus.DRAFT
    again = run(cast.donghu_officer, rows)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_one_inconsistent_row_writes_nothing_and_names_the_row(cast):
    rows = [
        good_row("2136000001"),
        good_row(
            "3136000002",
            g1="0",
            g2="0",
            g7="300",
            classes_junior="5",
            max_class_size_junior="50",
            class_sizes_primary="",
            classes_primary="0",
            max_class_size_primary="0",
        ),
        good_row("2136000001", 2022),
    ]
    before = AuditEvent.objects.count()
    report = run(cast.donghu_officer, rows)
    assert AnnualStatistics.objects.count() == 0
    # Row 3 of the sheet (the header is row 1): 5 classes × 50 cannot hold 300.
    assert len(report.errors) == 1
    assert report.errors[0].startswith("第 3 行") or report.errors[0].startswith("Row 3")
    assert "300" in report.errors[0]
    assert AuditEvent.objects.count() == before + 1  # the refused import itself


def test_teachers_by_subject_cannot_exceed_all_teachers(cast):
    report = run(cast.donghu_officer, [good_row("2136000001", teachers_pe="11", teachers="12")])
    assert AnnualStatistics.objects.count() == 0
    assert len(report.errors) == 1 and "2" in report.errors[0]


def test_a_principal_cannot_import_for_another_school(cast):
    report = run(cast.donghu_principal, [good_row("2136000003")])
    assert AnnualStatistics.objects.count() == 0 and report.errors


def test_approved_figures_are_refused_until_returned(cast):
    run(cast.donghu_officer, [good_row("2136000001")])
    AnnualStatistics.objects.update(status=StatsStatus.APPROVED)
    report = run(cast.donghu_officer, [good_row("2136000001", floor_area="1200")])
    assert report.errors and AnnualStatistics.objects.get().floor_area == 900


def test_the_template_downloads_with_every_column(cast, client_for):
    response = client_for(cast.donghu_officer).get("/registry/statistics/import/", {"template": 1})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
