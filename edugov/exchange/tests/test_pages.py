"""The upload page: in Chinese, through the import job (progress, errors), in scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.core.context import acting
from edugov.jobs.models import Job
from edugov.registry.models import AnnualStatistics, StatsStatus
from edugov.registry.services import statistics_save

from .conftest import primary_facts
from .workbooks import build_workbook

pytestmark = pytest.mark.django_db


def _upload(client, content):
    response = client.post(
        reverse("exchange:statistics_import"), {"file": SimpleUploadedFile("教基.xlsx", content)}
    )
    assert response.status_code == 302, response.content[:300]
    assert response.url == reverse("jobs:detail", args=[Job.objects.latest("pk").pk])
    return Job.objects.latest("pk"), client.get(response.url).content.decode()


def test_the_page_lists_the_layouts_in_chinese(cast, client_for):
    html = client_for(cast.donghu_officer).get(reverse("exchange:statistics_import")).content
    html = html.decode()
    assert "导入 · 教育统计报表（教基）" in html
    assert "教育统计基层表（基础基，2018–2020学年）" in html and "教基3112 小学分类型学生数" in html
    assert "Upload" not in html and "template=1" not in html


def test_a_principal_fills_the_year_her_district_opened_from_her_workbook(cast, client_for):
    facts = primary_facts(cast.donghu_school.code)
    client = client_for(cast.donghu_principal)
    # A school corrects figures; the district opens the year (the registry's rule).
    job, _page = _upload(client, build_workbook(facts))
    assert job.status == "failed" and not AnnualStatistics.objects.exists()
    with acting(None):
        statistics_save(stats=AnnualStatistics(school=cast.donghu_school, year=2023))
    job, page = _upload(client, build_workbook(facts))
    assert job.status == "succeeded", job.result["errors"]
    assert (job.result["created"], job.result["updated"]) == (0, 1)
    stored = AnnualStatistics.objects.get(school=cast.donghu_school, year=2023)
    assert stored.status == StatsStatus.DRAFT and stored.students_primary == 518


def test_another_schools_workbook_writes_nothing_and_the_job_names_the_cell(cast, client_for):
    facts = primary_facts(cast.jinxian_school.code)
    job, page = _upload(client_for(cast.donghu_principal), build_workbook(facts))
    assert job.status == "failed"
    assert "封面 第 3 行 第 B 列" in page and "不是您可以导入其统计数据的学校" in page
    assert not AnnualStatistics.objects.exists()
