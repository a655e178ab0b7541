"""Two app servers behind one address (issue 25, docs/operations.md): two gunicorn
processes on two ports of 127.0.0.1 against the test's PostgreSQL database and one media
directory, reached through a small round-robin client; and two task workers on one
queue.

What must hold across the servers is what lives outside a process: the session and the
lockout (database), uploaded evidence (the shared storage), and the job queue (each job
claimed once). PostgreSQL only: in-memory SQLite cannot be shared with another process.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from edugov.accounts.models import LoginLock
from edugov.audit.models import AuditEvent
from edugov.audit.verify import verify_chain
from edugov.conftest import PASSWORD
from edugov.jobs.models import Job, JobStatus
from edugov.jobs.tests.probe import PROBE, run_probe
from edugov.workplan.models import Evidence
from edugov.workplan.tests.conftest import confirmed_plan, make_task, point

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the servers see only what is committed
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]

REPO = Path(__file__).resolve().parents[3]
HOST = "127.0.0.1"
TIMEOUT = 60  # seconds for a process to come up or finish; polled, never slept on
TODAY = "2023-09-06"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The test's own database (pytest-django's, with any xdist suffix) and one media
    directory for every process: what two machines share through PostgreSQL and NFS/S3."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "edugov.settings.test",
        "EDUGOV_DB": "postgres",
        "EDUGOV_PG_NAME": connection.settings_dict["NAME"],
        "EDUGOV_VAR_DIR": str(var_dir),
        "EDUGOV_TODAY": TODAY,
        **extra,
    }


def _poll(done, what: str, timeout: float = TIMEOUT, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = done()
        if result:
            return result
        time.sleep(every)  # the poll interval, not a wait for something to happen
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the process group (gunicorn's master and its worker), SIGKILL if it
    lingers: no server may outlive the test, or the test database cannot be dropped."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@pytest.fixture
def servers(tmp_path):
    """Ports of two gunicorn servers, each one process with two threads."""
    procs, ports = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            # The server writes to its own copy of the file handle; ours closes at once.
            with open(tmp_path / f"gunicorn-{name}.log", "wb") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "edugov.wsgi:application", "-b",
                         f"{HOST}:{port}", "--workers", "1", "--threads", "2", "--timeout", "60"],
                        cwd=REPO, env=_env(tmp_path), stdout=log, stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )  # fmt: skip
            ports.append(port)
        for proc, port, name in zip(procs, ports, "ab", strict=True):
            log = tmp_path / f"gunicorn-{name}.log"
            _poll(lambda p=proc, n=port, f=log: _answers(p, n, f), f"gunicorn on port {port}")
        yield ports
    finally:
        for proc in procs:
            _stop(proc)


def _answers(proc: subprocess.Popen, port: int, log: Path) -> bool:
    if proc.poll() is not None:
        tail = log.read_text(errors="replace")[-3000:]
        raise AssertionError(f"gunicorn on port {port} exited with {proc.returncode}:\n{tail}")
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        conn.request("GET", "/accounts/login/")
        return conn.getresponse().status == 200
    except OSError:
        return False


class RoundRobin:
    """One browser behind one address: one cookie jar, each request to the next server
    in turn (``server=`` pins one). ``served_by`` lists which server answered each."""

    def __init__(self, ports: list[int]):
        self.ports = ports
        self.cookies: dict[str, str] = {}
        self.turn = 0
        self.served_by: list[int] = []

    def request(self, method, path, body=b"", headers=None, server=None):
        index = self.turn % len(self.ports) if server is None else server
        self.turn += server is None
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(HOST, self.ports[index], timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        self.served_by.append(index)
        return response, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def csrf(self, path, **kw) -> str:
        """GET a form; its CSRF token."""
        response, data = self.get(path, **kw)
        assert response.status == 200, (path, response.status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data).group(1).decode()

    def post_form(self, path, fields, token, **kw):
        body = urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        content_type = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": content_type}, **kw)

    def post_files(self, path, fields, files, token, **kw):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {**fields, "csrfmiddlewaretoken": token}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for key, (name, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body, {"Content-Type": content_type}, **kw)


def _login(client: RoundRobin, username: str, password: str, *, server: int):
    token = client.csrf("/accounts/login/", server=server)
    return client.post_form(
        "/accounts/login/", {"username": username, "password": password}, token, server=server
    )


def test_a_login_an_upload_and_a_lockout_hold_on_both_servers(cast, servers):
    task = make_task(
        point(confirmed_plan(cast.city_admin), 5), cast.donghu, owner=cast.donghu_officer
    )
    report_url = reverse("workplan:task_report", args=[task.pk])
    a, b = 0, 1

    # Logged in through A, the session is known to B.
    client = RoundRobin(servers)
    response, _ = _login(client, "donghu_admin", PASSWORD, server=a)
    assert response.status == 302 and "sessionid" in client.cookies
    response, page = client.get(report_url, server=b)
    assert response.status == 200, page[:300]
    assert "东湖区".encode() in page

    # Round robin from here: the form from B, the upload through A, the download from B.
    client.turn = b
    token = client.csrf(report_url)
    pdf = b"%PDF-1.4 two-server evidence " + uuid.uuid4().bytes
    response, page = client.post_files(
        report_url,
        {"period": "2023-05-02", "percent": "40", "text": "两台服务器"},
        {"files": ("现场照片.pdf", pdf)},
        token,
    )
    assert response.status == 302, page[:500]
    evidence = Evidence.objects.get(report__task=task)
    response, data = client.get(reverse("workplan:evidence_download", args=[evidence.pk]))
    assert response.status == 200 and data == pdf
    assert client.served_by[-3:] == [b, a, b]

    # Five wrong passwords through A; the right one through B is refused as locked.
    with translation.override("zh-hans"):
        locked = translation.gettext("Too many failed attempts. Try again in %(n)d minutes.")
    locked = (locked % {"n": 30}).encode()
    attacker = RoundRobin(servers)
    for _ in range(5):
        response, page = _login(attacker, "donghu_principal", "wrong", server=a)
        assert response.status == 200
    assert locked in page
    response, page = _login(attacker, "donghu_principal", PASSWORD, server=b)
    assert response.status == 200 and locked in page and "sessionid" not in attacker.cookies
    assert LoginLock.objects.filter(username="donghu_principal", ip=HOST).exists()
    assert verify_chain().ok


def test_two_workers_on_one_queue_run_each_job_once(cast, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = cast.donghu_officer
    jobs = [
        Job.objects.create(kind=PROBE, title=f"probe {n}", owner=owner, unit=owner.unit)
        for n in range(12)
    ]
    # Each task twice, as a retried enqueue would: the job's claim must stop the second.
    for job in jobs + jobs:
        run_probe.enqueue(job.pk)
    env = _env(tmp_path, EDUGOV_TEST_TASKS="database")
    logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
    workers = []
    for n, path in enumerate(logs):
        # A file, not a pipe: a full pipe would stall a chatty worker.
        with open(path, "wb") as log:
            workers.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay",
                     "--interval", "0.1", "--worker-id", f"w{n}"],
                    cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip
    try:
        _poll(lambda: all(w.poll() is not None for w in workers), "both workers to finish")
        assert [w.returncode for w in workers] == [0, 0], [p.read_text() for p in logs]
    finally:
        for w in workers:
            _stop(w)
    ran = list(AuditEvent.objects.filter(event_type=PROBE).values_list("object_id", flat=True))
    assert sorted(ran) == sorted(str(job.pk) for job in jobs)  # each once, none twice
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    # Every delivery ran, each on exactly one worker.
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(results) == 2 * len(jobs)
    assert {status for status, _ in results} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(ids) == 1 for _, ids in results)
    assert verify_chain().ok  # appends from two processes at once: one chain
