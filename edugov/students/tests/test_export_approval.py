"""Exports: masked by default; full only with the permission (audited); an export with a
child under 14 needs someone else's approval, downloads once, and is watermarked."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.students.models import ApprovalStatus, ExportApproval

from .conftest import make_student

pytestmark = pytest.mark.django_db


def body_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def minor(cast):
    # 10 years old on any date this suite runs in the next few years.
    return make_student(
        cast.donghu_school, born=dt.date(dt.date.today().year - 10, 1, 1), name="小明"
    )


def test_an_export_without_minors_is_masked(cast, client_for, students):
    s = students["donghu"]
    response = client_for(cast.donghu_officer).get(
        reverse("students:student_export"), {"format": "csv"}
    )
    body = body_of(response)
    assert s.id_number not in body and "李四" not in body and "李*" in body
    assert len(body.strip().splitlines()) == 2  # header + one row: no watermark row
    event = AuditEvent.objects.filter(event_type="export").latest("seq")
    assert event.changes["full"] is False and event.changes["rows"] == 1


def test_a_full_export_needs_the_permission_and_is_audited_and_watermarked(
    cast, client_for, students, full_viewer
):
    s = students["donghu"]
    url = reverse("students:student_export")
    refused = client_for(cast.donghu_principal).get(url, {"format": "csv", "full": "1"})
    assert refused.status_code == 403
    body = body_of(client_for(full_viewer).get(url, {"format": "csv", "full": "1"}))
    assert s.id_number in body and "李四" in body
    assert "donghu_admin" in body.splitlines()[-1] and "东湖区" in body.splitlines()[-1]
    assert AuditEvent.objects.filter(event_type="export").latest("seq").changes["full"] is True


def test_an_export_with_a_minor_becomes_an_approval_request(cast, client_for, students, minor):
    client = client_for(cast.donghu_principal)
    response = client.get(reverse("students:student_export"), {"format": "csv", "grade": "7"})
    approval = ExportApproval.objects.get()
    assert response.status_code == 302 and response["Location"] == approval.get_absolute_url()
    assert (approval.status, approval.minor_count, approval.row_count) == ("pending", 1, 2)
    assert approval.query == "grade=7" and approval.file_format == "csv"
    assert AuditEvent.objects.filter(event_type="export.approval_requested").count() == 1
    assert not AuditEvent.objects.filter(event_type="export").exists()
    # Nothing to download before approval.
    r = client.post(reverse("students:approval_download", args=[approval.pk]))
    assert r.status_code == 302 and not AuditEvent.objects.filter(event_type="export").exists()


def test_self_approval_is_refused_and_audited(cast, client_for, minor):
    client = client_for(cast.donghu_officer)
    client.get(reverse("students:student_export"), {"format": "csv"})
    approval = ExportApproval.objects.get()
    response = client.post(
        reverse("students:approval_decide", args=[approval.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    event = AuditEvent.objects.filter(event_type="export.approved").get()
    assert event.outcome == "failure" and event.detail == "self-approval"


def test_an_approver_outside_the_scope_cannot_see_or_decide(cast, client_for, minor):
    from .conftest import grant

    client_for(cast.donghu_principal).get(reverse("students:student_export"))
    approval = ExportApproval.objects.get()
    outsider = grant(cast.jinxian_principal, "students.approve_export")
    response = client_for(outsider).post(
        reverse("students:approval_decide", args=[approval.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


def test_an_approved_export_downloads_once_with_a_watermark(
    cast, client, client_for, students, minor
):
    import python_calamine

    requester = client_for(cast.donghu_principal)
    requester.get(reverse("students:student_export"))  # xlsx
    approval = ExportApproval.objects.get()
    approver = client_for(cast.donghu_officer)  # district admin: approve_export, higher scope
    page = approver.get(approval.get_absolute_url()).content.decode()
    assert 'value="approve"' in page
    r = approver.post(
        reverse("students:approval_decide", args=[approval.pk]), {"decision": "approve"}
    )
    assert r.status_code == 302
    approval.refresh_from_db()
    assert approval.status == "approved" and approval.decided_by == cast.donghu_officer

    requester = client_for(cast.donghu_principal)
    # Only the requester downloads: to anyone else the download is not there (404).
    other = client_for(cast.city_admin).post(
        reverse("students:approval_download", args=[approval.pk])
    )
    assert other.status_code == 404
    requester = client_for(cast.donghu_principal)
    response = requester.post(reverse("students:approval_download", args=[approval.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    rows = (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        .get_sheet_by_index(0)
        .to_python()
    )
    flat = " ".join(str(c) for r in rows for c in r)
    assert "小*" in flat and "小明" not in flat and minor.id_number not in flat
    assert "donghu_principal" in str(rows[-1][0]) and "东湖区育新学校" in str(rows[-1][0])
    import zipfile

    core = zipfile.ZipFile(io.BytesIO(content)).read("docProps/core.xml").decode()
    assert "donghu_principal" in core
    # Once.
    again = requester.post(reverse("students:approval_download", args=[approval.pk]))
    assert again.status_code == 302
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.DOWNLOADED
    types = list(
        AuditEvent.objects.order_by("seq")
        .filter(event_type__startswith="export")
        .values_list("event_type", "outcome")
    )
    assert types == [
        ("export.approval_requested", "success"),
        ("export.approved", "success"),
        ("export", "success"),
        ("export.download", "failure"),  # the second attempt
    ]


def _approve_and_download(cast, client_for, approval):
    approver = client_for(cast.donghu_officer)
    approver.post(reverse("students:approval_decide", args=[approval.pk]), {"decision": "approve"})
    return client_for(cast.donghu_principal).post(
        reverse("students:approval_download", args=[approval.pk]), follow=False
    )


def test_a_long_query_keeps_its_filters_and_the_download_holds_only_the_approved_rows(
    cast, client_for, students
):
    born = dt.date(dt.date.today().year - 7, 3, 1)
    first_graders = [make_student(cast.donghu_school, born=born, grade=1) for _ in range(3)]
    for _ in range(4):
        make_student(cast.donghu_school, born=born, grade=2)
    # The auditor's request: padding pushes the grade filter past 500 characters.
    client_for(cast.donghu_principal).get(
        reverse("students:student_export"), {"format": "csv", "x": "a" * 496, "grade": "1"}
    )
    approval = ExportApproval.objects.get()
    assert approval.row_count == len(first_graders)
    assert approval.query.endswith("grade=1")
    response = _approve_and_download(cast, client_for, approval)
    assert response.status_code == 200
    lines = [line for line in body_of(response).splitlines() if line]
    assert len(lines) == 1 + len(first_graders) + 1  # header, the approved rows, watermark
    event = AuditEvent.objects.filter(event_type="export").latest("seq")
    assert event.changes["rows"] == event.changes["approved_rows"] == len(first_graders)


def test_a_download_whose_rows_changed_since_the_approval_is_refused_and_audited(
    cast, client_for, minor
):
    client_for(cast.donghu_principal).get(reverse("students:student_export"), {"format": "csv"})
    approval = ExportApproval.objects.get()
    assert approval.row_count == 1 and len(approval.row_digest) == 64
    # One student more matches the same filter by the time of the download.
    make_student(cast.donghu_school, born=minor.birth_date, name="小红")
    response = _approve_and_download(cast, client_for, approval)
    assert response.status_code == 302 and response["Location"] == approval.get_absolute_url()
    assert not AuditEvent.objects.filter(event_type="export").exists()
    event = AuditEvent.objects.filter(event_type="export.download").latest("seq")
    assert event.outcome == "failure" and event.detail == "rows changed"
    assert event.changes == {"approved_rows": 1, "rows": 2}
    page = client_for(cast.donghu_principal).get(approval.get_absolute_url())
    assert "与审批时不一致" in page.content.decode()
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED  # not spent by the refusal
