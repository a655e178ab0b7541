"""A finished job's page shows its result in words, with a link back to what it made;
never the handler's dict keys or a raw dict."""

import pytest
from django.utils import timezone

from edugov.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

SHA = "ab" * 32


def _finished(cast, result):
    return Job.objects.create(
        kind="admissions.run",
        title="录取运行",
        owner=cast.city_admin,
        unit=cast.city_admin.unit,
        status=JobStatus.SUCCEEDED,
        result=result,
        finished_at=timezone.now(),
    )


def test_a_finished_run_job_links_back_to_the_run_and_labels_its_figures(cast, client_for):
    job = _finished(
        cast,
        {
            "placed": 5,
            "unplaced": 1,
            "seconds": 0.25,
            "result_sha256": SHA,
            "url": "/admissions/runs/7/",
        },
    )
    body = client_for(cast.city_admin).get(f"/jobs/{job.pk}/").content.decode()
    assert 'href="/admissions/runs/7/"' in body and "查看结果" in body
    assert "已录取" in body and "用时（秒）" in body
    assert "result_sha256" not in body and ">url<" not in body
    # the hash is there for whoever checks it, folded into the verification panel
    panel = body.index('data-testid="job-verification"')
    assert "校验信息" in body and body.index(SHA) > panel


def test_an_import_job_shows_labelled_counts_and_no_internal_keys(cast, client_for):
    job = _finished(
        cast,
        {
            "rows": 3,
            "created": 2,
            "updated": 1,
            "unchanged": 0,
            "errors": [],
            "analysis": {"candidates": 3, "results": 4, "seconds": 0.1},
            "file": "workplan/reports/job-9.docx",
        },
    )
    body = client_for(cast.city_admin).get(f"/jobs/{job.pk}/").content.decode()
    assert "读取行数" in body and "分析 · " in body
    for raw in ("rows", "unchanged", "errors", "analysis", "job-9.docx", "{", "'candidates'"):
        assert raw not in body.split('data-testid="job-result"', 1)[1], raw


def test_a_result_url_that_is_not_a_local_path_is_not_linked(cast, client_for):
    job = _finished(cast, {"placed": 1, "url": "https://evil.example/"})
    body = client_for(cast.city_admin).get(f"/jobs/{job.pk}/").content.decode()
    assert "evil.example" not in body
