"""Progress reports: submitting, evidence, review by the lead unit, and the status they drive."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.workplan.models import Evidence, Kpi, KpiKind, ReportStatus, Target
from edugov.workplan.selectors import task_row
from edugov.workplan.services import report_review, report_submit
from edugov.workplan.status import Status

from .conftest import make_task, point


def submit(task, user, percent=30, period=dt.date(2023, 5, 1), **kw):
    with acting(user):
        return report_submit(
            task=task, user=user, period_start=period, text="进展", percent=percent, **kw
        )


def monthly(task, user, months, percent_of):
    for m in months:
        submit(task, user, percent=percent_of(m), period=dt.date(2023, m, 1))


def test_a_low_percent_makes_the_task_lag_and_a_good_one_keeps_it_on_track(cast, tasks):
    task = tasks["donghu"]
    monthly(task, cast.donghu_officer, range(3, 7), lambda m: 5)
    row = task_row(task, dt.date(2023, 7, 3))
    assert row.status == Status.LAGGING
    assert row.percent == 5 and row.verdict.expected_percent == 41
    submit(task, cast.donghu_officer, percent=35, period=dt.date(2023, 6, 1))
    assert task_row(task, dt.date(2023, 7, 3)).status == Status.ON_TRACK


def test_a_missing_monthly_report_shows_as_such(cast, tasks):
    task = tasks["donghu"]
    monthly(task, cast.donghu_officer, [3, 4], lambda m: 20)
    assert task_row(task, dt.date(2023, 6, 6)).status == Status.REPORT_MISSING


def test_a_returned_report_does_not_count(cast, tasks):
    task = tasks["shared"]
    report = submit(task, cast.donghu_officer, percent=90, period=dt.date(2023, 3, 1))
    with acting(cast.dept_staff):
        report_review(report=report, user=cast.dept_staff, accept=False, comment="数据不实")
    assert task_row(task, dt.date(2023, 4, 2)).percent is None


def test_kpi_actuals_feed_the_trajectory_check(cast, plan):
    p5 = point(plan, 5)
    target = Target.objects.get(point=p5, subject="公办园在园幼儿占比")
    task = make_task(p5, cast.donghu, targets=[target])
    kpi = Kpi.objects.get(task=task)
    assert (kpi.kind, kpi.target_value, kpi.comparator) == (KpiKind.MANUAL, Decimal(58), "≥")
    for m in range(3, 9):
        submit(
            task,
            cast.donghu_officer,
            percent=10 * m,
            period=dt.date(2023, m, 1),
            actuals={kpi.pk: Decimal("20")},
        )
    row = task_row(task, dt.date(2023, 9, 2))
    assert row.kpis[0].actual == Decimal(20)
    assert row.status == Status.LAGGING
    assert any(r.startswith(("指标 20", "KPI 20")) for r in row.verdict.reasons)


def test_a_computed_kpi_takes_its_value_from_the_registered_source(cast, fake_source):
    from .conftest import confirmed_plan

    plan = confirmed_plan(cast.city_admin)
    p5 = point(plan, 5)
    target = Target.objects.get(point=p5, subject="公办园在园幼儿占比")
    task = make_task(p5, cast.donghu, targets=[target])
    kpi = Kpi.objects.get(task=task)
    assert (kpi.kind, kpi.source_code) == (KpiKind.COMPUTED, fake_source.code)
    assert kpi.baseline == Decimal("51")  # the year before the plan
    row = task_row(task, dt.date(2023, 3, 10))
    assert row.kpis[0].actual == Decimal("55.5")
    # Work reported on pace, but 55.5 in late November is behind the line from 51 to 58.
    monthly(task, cast.donghu_officer, range(3, 11), lambda m: 10 * (m - 2))
    verdict = task_row(task, dt.date(2023, 11, 20)).verdict
    assert verdict.status == Status.LAGGING
    assert any("55.5" in r for r in verdict.reasons)


def test_the_lead_department_accepts_a_report_and_it_becomes_final(cast, tasks):
    report = submit(tasks["shared"], cast.donghu_officer)
    with acting(cast.dept_staff):
        report_review(report=report, user=cast.dept_staff, accept=True)
    assert report.status == ReportStatus.ACCEPTED and report.reviewer == cast.dept_staff
    with pytest.raises(ValidationError):
        submit(tasks["shared"], cast.donghu_officer, percent=99)
    assert AuditEvent.objects.filter(event_type="workplan.report_review").count() == 1


def test_only_the_lead_unit_reviews(cast, tasks, duban):
    report = submit(tasks["shared"], cast.donghu_officer)
    for user in (duban, cast.donghu_officer, cast.jinxian_principal):
        with acting(user), pytest.raises(PermissionDenied):
            report_review(report=report, user=user, accept=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_return_needs_a_comment_and_the_unit_resubmits(cast, tasks, client_for):
    report = submit(tasks["shared"], cast.donghu_officer)
    with acting(cast.dept_staff), pytest.raises(ValidationError):
        report_review(report=report, user=cast.dept_staff, accept=False, comment=" ")
    client = client_for(cast.dept_staff)
    client.post(
        reverse("workplan:report_review", args=[report.pk]),
        {"decision": "return", "comment": "请补充照片"},
    )
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充照片")
    again = submit(tasks["shared"], cast.donghu_officer, percent=45)
    assert again.pk == report.pk and again.status == ReportStatus.SUBMITTED


def test_evidence_is_kept_when_its_type_and_size_are_right(cast, tasks):
    pdf = SimpleUploadedFile("现场照片.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    report = submit(tasks["donghu"], cast.donghu_officer, files=[pdf])
    evidence = Evidence.objects.get(report=report)
    assert evidence.name == "现场照片.pdf" and evidence.size == 17


@pytest.mark.parametrize(
    ("name", "data"),
    [("x.exe", b"MZ\x90\x00"), ("fake.pdf", b"MZ\x90\x00 not a pdf"), ("x.png", b"GIF89a")],
)
def test_evidence_of_a_wrong_type_writes_nothing(cast, tasks, name, data):
    with pytest.raises(ValidationError):
        submit(tasks["donghu"], cast.donghu_officer, files=[SimpleUploadedFile(name, data)])
    assert not Evidence.objects.exists()
    assert not tasks["donghu"].reports.exists()


def test_evidence_over_ten_megabytes_is_refused(cast, tasks):
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        submit(tasks["donghu"], cast.donghu_officer, files=[big])


def test_evidence_downloads_inside_the_scope_only(cast, tasks, client_for):
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    report = submit(tasks["donghu"], cast.donghu_officer, files=[pdf])
    evidence = Evidence.objects.get(report=report)
    url = reverse("workplan:evidence_download", args=[evidence.pk])
    assert client_for(cast.donghu_officer).get(url).status_code == 200
    assert client_for(cast.jinxian_principal).get(url).status_code == 404


def test_the_report_page_takes_kpi_values_and_files(cast, plan, client_for):
    p5 = point(plan, 5)
    target = Target.objects.get(point=p5, subject="新增公办幼儿园")
    task = make_task(p5, cast.donghu, targets=[target])
    kpi = Kpi.objects.get(task=task)
    client = client_for(cast.donghu_officer)
    response = client.post(
        reverse("workplan:task_report", args=[task.pk]),
        {
            "period": "2023-04-03",
            "percent": "25",
            "text": "新开工 4 所",
            f"kpi_{kpi.pk}": "4",
            "files": [
                SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
                SimpleUploadedFile("b.png", b"\x89PNG.."),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report = task.reports.get()
    assert report.actuals.get().value == 4
    assert report.evidence.count() == 2
