"""The metrics page: request latency by view, job durations, imported rows; only for
the bearer of the metrics token (from the metrics networks when set), a 404 to anyone
else, logged in or not."""

from __future__ import annotations

import io

import pytest

from edugov.audit.models import AuditEvent
from edugov.conftest import session_login
from edugov.core.context import acting
from edugov.jobs.services import _HANDLERS, JobFailed, job_create
from edugov.org.importers import SchoolImporter

pytestmark = pytest.mark.django_db
URL = "/ops/metrics"
TOKEN = "s3cret-metrics-token-of-the-monitoring-host"


@pytest.fixture
def token(settings):
    settings.EDUGOV_METRICS_TOKEN = TOKEN
    settings.EDUGOV_METRICS_NETWORKS = ()
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def test_without_a_configured_token_there_are_no_metrics(client, settings):
    settings.EDUGOV_METRICS_TOKEN = ""
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, f"Basic {TOKEN}", "Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}"],
)
def test_anything_but_the_token_is_a_404(client, token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(URL, **extra).status_code == 404


def test_a_logged_in_administrator_without_the_token_gets_a_404(client, cast, token):
    session_login(client, cast.city_admin)
    assert client.get(URL).status_code == 404


def test_a_refused_read_is_in_the_audit_trail(client, token):
    client.get(URL, HTTP_AUTHORIZATION="Bearer wrong")
    event = AuditEvent.objects.filter(event_type="access.denied").order_by("-seq").first()
    assert event is not None and event.changes.get("path") == URL


def test_the_metrics_networks_limit_where_the_token_works(client, token, settings):
    settings.EDUGOV_METRICS_NETWORKS = ("10.8.0.0/24",)
    assert client.get(URL, **token, REMOTE_ADDR="10.9.0.5").status_code == 404
    assert client.get(URL, **token, REMOTE_ADDR="10.8.0.5").status_code == 200


def test_latency_by_view_job_durations_and_import_rows(client, cast, token, monkeypatch):
    assert client.get("/ops/health/").status_code in (200, 503)

    monkeypatch.setitem(_HANDLERS, "test.ok", lambda job, progress: {"done": 1})

    def refuse(job, progress):
        raise JobFailed(["第 2 行: 缺少学校标识码"])

    monkeypatch.setitem(_HANDLERS, "test.refused", refuse)
    job_create(kind="test.ok", title="t", owner=cast.donghu_officer, inline=True)
    job_create(kind="test.refused", title="t", owner=cast.donghu_officer, inline=True)
    header = "学校标识码,名称,所属区县代码,办学类型,举办者类型,普惠,城乡,统一社会信用代码,地址,在校生数\n"
    content = (header + "2136500001,测试学校,360102,小学,公办,否,城区,,,\n").encode()
    with acting(cast.donghu_officer):
        report = SchoolImporter(cast.donghu_officer).run(
            io.BytesIO(content), "schools.csv", len(content)
        )
    assert report.rows == 1

    response = client.get(URL, **token)
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="ops:health"}'
        in text
    )
    assert 'edugov_job_duration_seconds_count{kind="test.ok",status="succeeded"}' in text
    assert 'edugov_job_duration_seconds_count{kind="test.refused",status="failed"}' in text
    outcome = "written" if report.ok else "refused"
    assert f'edugov_import_rows_total{{model="org.unit",outcome="{outcome}"}}' in text
