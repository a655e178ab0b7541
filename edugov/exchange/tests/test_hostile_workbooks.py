"""A workbook is read like every upload: in the sandbox, every sheet. A hostile one
costs a child process, never the server; a formula is refused in any sheet."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.audit.models import AuditEvent
from edugov.core.tests.workbooks import far_corner_bomb
from edugov.jobs.models import Job, JobStatus
from edugov.registry.models import AnnualStatistics

pytestmark = pytest.mark.django_db


def _post(client, name, content):
    client.post("/exchange/statistics/import/", {"file": SimpleUploadedFile(name, content)})
    return Job.objects.latest("pk")


def test_the_far_corner_workbook_fails_the_job_and_the_server_lives(
    cast, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = _post(client_for(cast.donghu_officer), "教基.xlsx", far_corner_bomb())
    assert job.status == JobStatus.FAILED and "文件无法读取" in job.error
    assert AuditEvent.objects.filter(event_type="import.failure").count() == 1


def test_a_formula_in_a_later_sheet_is_refused(cast, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A total left as a formula in the second sheet.
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.add_worksheet("封面").write(0, 0, "x")
    book.add_worksheet("教基3112_小学").write_formula(5, 8, "=SUM(K6:P6)", None, 518)
    book.close()
    job = _post(client_for(cast.donghu_officer), "教基.xlsx", buf.getvalue())
    assert job.status == JobStatus.FAILED and "公式" in job.error
    assert not AnnualStatistics.objects.exists()
    # A CSV is not a workbook.
    job = _post(client_for(cast.donghu_officer), "教基.csv", b"a,b\n1,2\n")
    assert job.status == JobStatus.FAILED and ".xlsx" in job.error
