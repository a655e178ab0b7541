"""Load test: 50 users browsing list pages and saving edits, against gunicorn on 127.0.0.1.

    .venv/bin/python bench/load_data.py --fresh          # once: the 1M-student database
    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--max-requests 200000]
                                   [--workers 4] [--threads 2] [--think 0] [--out FILE]

Starts gunicorn (settings ``edugov.settings.demo`` on the PostgreSQL database built by
``bench/load_data.py``) on a free port of 127.0.0.1, and stops it at the end, also on error.
Each virtual user is a thread with one keep-alive ``http.client`` connection; it logs in
once through the real login form (CSRF cookie + token, like a browser; at most 4 logins
at a time, since each hashes a password), looks at both lists once, and waits for the
others. Then, for ``--duration`` seconds (the measured phase), it loops over:

* the dashboard ``/``;
* the unit list ``/org/units/`` with filters and pages, unit detail pages;
* the student list ``/students/`` with filters and pages, student detail pages;
* the htmx partial of both lists (``HX-Request: true``);
* writes (about 15 % of the requests): the unit edit form (GET, then POST with the
  enrolment changed) and the student edit form (GET, then POST with another class).

Ids, filter values and page numbers come from the pages the user has seen, as for a
person clicking. The loop is closed: a user sends its next request when the previous
answer arrived (plus ``--think`` seconds on average, exponential; 0 by default). Every
request records its endpoint label, status and latency. Printed: a table per endpoint and
overall (count, errors = non-2xx/3xx or exceptions, p50/p95/p99/max, throughput) for the
measured phase and for the setup phase, and the machine's load; ``--out`` writes the same
as JSON, with the raw samples.

``--app``/``--pythonpath`` serve another WSGI module (an A/B run of a candidate fix kept
outside the repository). Only 127.0.0.1 is contacted; the measured phase ends after
``--duration`` seconds or ``--max-requests`` actions, whichever comes first, and every
request times out after 30 s. Goal (issue 3): 0 errors, p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only host this script ever talks to
PASSWORD = "Edugov#2023demo"
# Demo accounts that log in with a password only; the city, system, security and audit
# admins need TOTP and are left out.
USERS = [
    "donghu_admin",
    "donghu_staff",
    "jinxian_admin",
    "honggutan_admin",
    "jichu_staff",
    "xueqian_staff",
    "duban_staff",
    "donghu_principal",
    "jinxian_principal",
]
# Action weights. An edit is two requests (GET the form, then POST it); with these
# weights about 15 % of all requests are the POSTs (the run prints the actual share).
ACTIONS = {
    "dashboard": 8,
    "unit_list": 12,
    "unit_detail": 9,
    "unit_list_htmx": 5,
    "student_list": 17,
    "student_detail": 14,
    "student_list_htmx": 7,
    "unit_edit": 7,
    "student_edit": 10,
}
INSTITUTION_TYPES = ["primary", "junior", "nine_year", "senior", "kindergarten"]
TIMEOUT = 30.0
_PK = {
    "unit": re.compile(r'href="/org/units/(\d+)/"'),
    "student": re.compile(r'href="/students/(\d+)/"'),
}


# --- HTTP ------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of each ``<form method="post">`` as a browser would submit them:
    inputs (checkboxes only when checked), the selected option of each select, textareas;
    plus the option values of every select on the page (for filters). ``fields`` is the
    largest post form: the page's own form, not the header's logout or language form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.options: dict[str, list[str]] = {}
        self._in_post_form = False
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_post_form = True
            self.forms.append([])
        elif tag == "select":
            self._select, self._select_value, self._first_option = a.get("name"), None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self.options.setdefault(self._select, []).append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_value = value
        elif not self._in_post_form:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if self._in_post_form:
                value = self._select_value if self._select_value is not None else ""
                self.forms[-1].append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._in_post_form:
                self.forms[-1].append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_post_form = False

    @property
    def fields(self) -> list[tuple[str, str]]:
        return max(self.forms, key=len, default=[])


def parse_form(html: str) -> FormParser:
    """Parse a page's forms and select options."""
    p = FormParser()
    p.feed(html)
    return p


@dataclass
class Sample:
    label: str
    status: int
    ms: float
    t: float  # seconds since the start of the run
    error: str = ""
    phase: str = "load"  # "setup" (login and first look) or "load" (measured)


class Client:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int, record: list[Sample], t0: float) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        self.cookies: dict[str, str] = {}
        self.record = record
        self.t0 = t0
        self.phase = "setup"

    def request(
        self,
        label: str,
        method: str,
        path: str,
        body: dict[str, str] | list[tuple[str, str]] | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, dict[str, str]]:
        """Send one request, record it, return (status, body text, headers)."""
        hdrs = {"Host": f"{HOST}:{self.port}", "Accept-Language": "zh-hans"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if isinstance(body, bytes):  # an encoded body (a multipart upload): its type in headers
            data = body
            hdrs["Referer"] = f"http://{HOST}:{self.port}{path}"
        elif body is not None:
            data = urlencode(body).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs["Referer"] = f"http://{HOST}:{self.port}{path}"
        hdrs.update(headers or {})
        start = time.perf_counter()
        try:
            try:
                self.conn.request(method, path, body=data, headers=hdrs)
                resp = self.conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection (its keep-alive timeout)
                # just as we reused it; the request never reached the app. A browser
                # reconnects and resends once, and so do we.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
                self.conn.request(method, path, body=data, headers=hdrs)
                resp = self.conn.getresponse()
            text = resp.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as exc:
            ms = (time.perf_counter() - start) * 1000
            self.record.append(
                Sample(label, 0, ms, start - self.t0, type(exc).__name__, self.phase)
            )
            # A broken keep-alive connection is reopened for the next request.
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
            return 0, "", {}
        ms = (time.perf_counter() - start) * 1000
        self.record.append(Sample(label, resp.status, ms, start - self.t0, "", self.phase))
        for value in resp.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            for k, morsel in jar.items():
                self.cookies[k] = morsel.value
        return resp.status, text, {k.lower(): v for k, v in resp.getheaders()}

    def close(self) -> None:
        self.conn.close()


# --- the virtual user ------------------------------------------------------------------


@dataclass
class Known:
    """What a user has seen so far: ids to click on, filter values to pick from."""

    units: list[int] = field(default_factory=list)
    schools: list[int] = field(default_factory=list)
    students: list[int] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    student_schools: list[str] = field(default_factory=list)
    # (list, filter) -> last page number seen in that list's pagination links
    pages: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, kind: str, html: str) -> None:
        ids = [int(x) for x in _PK[kind].findall(html)]
        target = self.units if kind == "unit" else self.students
        # Bounded: a user remembers a page's worth or two, not the whole city.
        for pk in ids:
            if pk not in target:
                target.append(pk)
        del target[:-400]


def login(c: Client, username: str) -> bool:
    """Log in through the login form; True when the app let us in."""
    status, html, _ = c.request("login_get", "GET", "/accounts/login/")
    form = parse_form(html)
    data = dict(form.fields)
    # A browser that opened the login page directly lands on the dashboard.
    data.update(username=username, password=PASSWORD, next="/")
    status, _, headers = c.request("login_post", "POST", "/accounts/login/", data)
    # A redirect to the app means logged in; 200 is the form again (wrong password).
    return status == 302 and headers.get("location") == "/"


_PAGE = re.compile(r"[?&;]page=(\d+)")


def list_params(rng: random.Random, kind: str, known: Known) -> dict[str, str]:
    """A filter a person would set, and a page they would click: mostly the first ones,
    and only pages the list itself offered for that filter (an invalid page is a 404)."""
    p: dict[str, str] = {}
    r = rng.random()
    if kind == "unit":
        if r < 0.35:
            p["institution_type"] = rng.choice(INSTITUTION_TYPES)
        elif r < 0.55:
            p["kind"] = "school"
        elif r < 0.7 and known.districts:
            p["district"] = rng.choice(known.districts)
    elif r < 0.3:
        p["grade"] = str(rng.randint(1, 12))
    elif r < 0.45 and known.student_schools:
        p["school"] = rng.choice(known.student_schools)
    elif r < 0.55 and known.districts:
        p["district"] = rng.choice(known.districts)
    elif r < 0.62:
        p["under_14"] = "true"
    elif r < 0.67:
        p["status"] = "suspended"
    last = known.pages.get((kind, urlencode(p)), 1)
    page = min(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 10]), last)
    if page > 1:
        p["page"] = str(page)
    return p


def remember_pages(known: Known, kind: str, params: dict[str, str], html: str) -> None:
    """Note the last page number the list offered for this filter."""
    key = {k: v for k, v in params.items() if k != "page"}
    found = [int(n) for n in _PAGE.findall(html)]
    known.pages[(kind, urlencode(key))] = max(found, default=1)


@dataclass
class Shared:
    """State the virtual users share with the main thread."""

    port: int
    think: float
    budget: int
    start: threading.Barrier  # every user logged in: the measured phase begins
    # Logins hash the password with PBKDF2 (deliberately ~0.5 CPU-s each): 50 at once
    # would time out on 2 cores, so they go through a gate, as a ramp-up would.
    login_gate: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(4))
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    record: list[Sample] = field(default_factory=list)
    t0: float = field(default_factory=time.perf_counter)


def run_user(username: str, seed: int, sh: Shared) -> None:
    """Log in and look around (setup), wait for the others, then loop over the weighted
    actions until ``stop`` or the request budget runs out."""
    rng = random.Random(seed)
    c = Client(sh.port, sh.record, sh.t0)
    known = Known()
    ok = False
    try:
        with sh.login_gate:
            ok = login(c, username)
        if not ok:
            sh.record.append(
                Sample("login_post", 0, 0.0, time.perf_counter() - sh.t0, "login failed", "setup")
            )
        else:
            # First look: ids and filter choices come from the pages, as for a person.
            _, html, _ = c.request("unit_list", "GET", "/org/units/?kind=school")
            known.add("unit", html)
            known.schools = list(known.units)
            remember_pages(known, "unit", {"kind": "school"}, html)
            known.districts = [v for v in parse_form(html).options.get("district", []) if v]
            _, html, _ = c.request("student_list", "GET", "/students/")
            known.add("student", html)
            remember_pages(known, "student", {}, html)
            known.student_schools = [v for v in parse_form(html).options.get("school", []) if v]
    finally:
        # Logins hash a password (PBKDF2, on purpose slow): keep them out of the measured
        # phase, which starts when every user is in.
        with contextlib.suppress(threading.BrokenBarrierError):
            sh.start.wait()
    c.phase = "load"
    if ok and sh.think:
        # People who think between pages are not in step: each starts the measured
        # phase part-way through a think, as in the steady state, not all 50 at the same
        # instant (that burst, 50 requests queued at once, was the whole of the p95).
        sh.stop.wait(rng.uniform(0, sh.think))
    try:
        can_write = {"unit": True, "student": True}
        names, weights = list(ACTIONS), list(ACTIONS.values())
        while ok and not sh.stop.is_set():
            with sh.lock:
                if sh.budget <= 0:
                    sh.stop.set()
                    break
                sh.budget -= 1
            action = rng.choices(names, weights)[0]
            act(c, rng, action, known, can_write)
            if sh.think:
                sh.stop.wait(rng.expovariate(1 / sh.think))
    finally:
        c.close()


def act(c: Client, rng: random.Random, action: str, known: Known, can_write: dict) -> None:
    """One user action (one or two requests)."""
    if action == "dashboard":
        c.request("dashboard", "GET", "/")
    elif action in ("unit_list", "unit_list_htmx"):
        params = list_params(rng, "unit", known)
        htmx = {"HX-Request": "true"} if action.endswith("htmx") else None
        _, html, _ = c.request(action, "GET", f"/org/units/?{urlencode(params)}", headers=htmx)
        known.add("unit", html)
        remember_pages(known, "unit", params, html)
    elif action == "unit_detail" and known.units:
        c.request("unit_detail", "GET", f"/org/units/{rng.choice(known.units)}/")
    elif action in ("student_list", "student_list_htmx"):
        params = list_params(rng, "student", known)
        htmx = {"HX-Request": "true"} if action.endswith("htmx") else None
        _, html, _ = c.request(action, "GET", f"/students/?{urlencode(params)}", headers=htmx)
        known.add("student", html)
        remember_pages(known, "student", params, html)
    elif action == "student_detail" and known.students:
        c.request("student_detail", "GET", f"/students/{rng.choice(known.students)}/")
    elif action == "unit_edit" and can_write["unit"] and known.schools:
        edit_unit(c, rng, rng.choice(known.schools), can_write)
    elif action == "student_edit" and can_write["student"] and known.students:
        edit_student(c, rng, rng.choice(known.students), can_write)
    else:  # nothing known yet, or a read-only user: browse instead
        c.request("dashboard", "GET", "/")


def edit_unit(c: Client, rng: random.Random, pk: int, can_write: dict) -> None:
    """Change a school's enrolment by ±1..5 through the real edit form."""
    status, html, _ = c.request("unit_edit_get", "GET", f"/org/units/{pk}/edit/")
    if status == 404:  # this role may view but not change units
        can_write["unit"] = False
        return
    fields = parse_form(html).fields
    data = []
    for name, value in fields:
        if name == "enrolment" and value.isdigit():
            value = str(max(int(value) + rng.choice([-5, -3, -1, 1, 3, 5]), 1))
        data.append((name, value))
    c.request("unit_edit_post", "POST", f"/org/units/{pk}/edit/", data)


def edit_student(c: Client, rng: random.Random, pk: int, can_write: dict) -> None:
    """Move a student to another class through the real edit form (the personal fields
    come back blank, which keeps the stored values)."""
    status, html, _ = c.request("student_edit_get", "GET", f"/students/{pk}/edit/")
    if status == 404:
        can_write["student"] = False
        return
    data = []
    for name, value in parse_form(html).fields:
        if name == "class_name":
            value = f"{rng.randint(1, 12)}班"
        data.append((name, value))
    c.request("student_edit_post", "POST", f"/students/{pk}/edit/", data)


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(args: argparse.Namespace, port: int, log: Path) -> subprocess.Popen:
    """gunicorn in its own process group, so that stopping it stops every worker."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="edugov.settings.demo",
        EDUGOV_DB="postgres",
        EDUGOV_PG_NAME=args.db,
        EDUGOV_PG_HOST=HOST,
    )
    cmd = [
        # The gunicorn of the Python running this script (REPO/.venv's when run as the
        # docstring says; a git worktree without its own .venv uses the main one's).
        str(Path(sys.executable).with_name("gunicorn")),
        args.app,
        "-b",
        f"{HOST}:{port}",
        "-w",
        str(args.workers),
        "--threads",
        str(args.threads),
        # Idle keep-alive connections of waiting users must outlive a slow answer.
        "--keep-alive",
        "75",
        "--timeout",
        "60",
        "--error-logfile",
        str(log),
    ]
    if args.pythonpath:
        # A/B runs: a scratch WSGI module (outside the repo) wrapping the app.
        cmd += ["--pythonpath", args.pythonpath]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's process group, SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


# --- machine load ----------------------------------------------------------------------


def _cpu_times() -> tuple[int, int]:
    """Busy and total jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as fh:
        parts = [int(x) for x in fh.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


def _proc_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each of these processes (utime + stime)."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, float] = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots by the processes alive at the end (a
    process that exited in between, e.g. a parallel query worker, is not counted)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _group_pids(pgid: int) -> list[int]:
    """The processes of one process group (gunicorn's master and workers)."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{d}/stat") as fh:
                if int(fh.read().rsplit(")", 1)[1].split()[2]) == pgid:
                    pids.append(int(d))
    return pids


def _postgres_pids(db: str) -> list[int]:
    """The backends serving ``db`` (other people's test databases share the server)."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{d}/cmdline", "rb") as fh:
                cmd = fh.read().decode(errors="replace")
                if cmd.startswith("postgres:") and f" {db} " in cmd:
                    pids.append(int(d))
    return pids


class LoadMonitor(threading.Thread):
    """Samples the 1-minute load average and whole-machine CPU use once a second."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []  # (load1, cpu busy share)
        self.halt = threading.Event()

    def run(self) -> None:
        busy0, total0 = _cpu_times()
        while not self.halt.wait(1.0):
            busy, total = _cpu_times()
            share = (busy - busy0) / max(total - total0, 1)
            busy0, total0 = busy, total
            with open("/proc/loadavg") as fh:
                load1 = float(fh.read().split()[0])
            self.samples.append((load1, share))


# --- report ----------------------------------------------------------------------------


def pct(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_ms:
        return 0.0
    i = min(len(sorted_ms) - 1, max(0, round(q * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[i]


def summarise(samples: list[Sample], elapsed: float) -> dict[str, dict[str, float]]:
    """Count, errors, percentiles and throughput per endpoint label and overall."""
    groups: dict[str, list[Sample]] = {}
    for s in samples:
        groups.setdefault(s.label, []).append(s)
    groups["ALL"] = list(samples)
    out: dict[str, dict[str, float]] = {}
    for label, rows in groups.items():
        ms = sorted(s.ms for s in rows)
        out[label] = {
            "count": len(rows),
            "errors": sum(1 for s in rows if not (200 <= s.status < 400)),
            "p50_ms": pct(ms, 0.50),
            "p95_ms": pct(ms, 0.95),
            "p99_ms": pct(ms, 0.99),
            "max_ms": ms[-1] if ms else 0.0,
            "mean_ms": sum(ms) / len(ms) if ms else 0.0,
            "rps": len(rows) / elapsed if elapsed else 0.0,
        }
    return out


def print_table(summary: dict[str, dict[str, float]]) -> None:
    """The per-endpoint table, overall last."""
    head = f"{'endpoint':<20}{'count':>7}{'err':>5}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'req/s':>8}"
    print(head)
    print("-" * len(head))
    for label in sorted(summary, key=lambda k: (k == "ALL", k)):
        r = summary[label]
        print(
            f"{label:<20}{r['count']:>7}{r['errors']:>5}{r['p50_ms']:>8.0f}{r['p95_ms']:>8.0f}"
            f"{r['p99_ms']:>8.0f}{r['max_ms']:>8.0f}{r['rps']:>8.1f}"
        )
    print("(latencies in ms)")


def main(argv: list[str] | None = None) -> int:
    """Start the server, run the users, report; exit 1 when any request failed."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load after login")
    p.add_argument(
        "--max-requests",
        type=int,
        default=200_000,
        help="bound on user actions (one or two requests each)",
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    p.add_argument("--think", type=float, default=0.0, help="mean think time, seconds")
    p.add_argument("--db", default="edugov_load")
    p.add_argument("--app", default="edugov.wsgi:application", help="gunicorn WSGI app")
    p.add_argument("--pythonpath", default="", help="extra import path for --app")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--port", type=int, default=0, help="default: a free port")
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    args = p.parse_args(argv)
    if args.duration > 900 or args.users > 500:
        p.error("bounded runs only: --duration ≤ 900 s, --users ≤ 500")

    port = args.port or free_port()
    log = Path(f"/tmp/edugov_load_gunicorn_{port}.log")
    proc = start_server(args, port, log)
    monitor = LoadMonitor()
    try:
        sh = Shared(
            port=port,
            think=args.think,
            budget=args.max_requests,
            start=threading.Barrier(args.users + 1, timeout=600),
        )
        threads = [
            threading.Thread(
                target=run_user, args=(USERS[i % len(USERS)], args.seed * 1000 + i, sh), daemon=True
            )
            for i in range(args.users)
        ]
        for t in threads:
            t.start()
        sh.start.wait()
        t_load = time.perf_counter()
        print(
            f"{args.users} users logged in after {t_load - sh.t0:.1f} s; load for {args.duration} s"
        )
        gunicorn_pids = _group_pids(proc.pid)
        pg_pids = _postgres_pids(args.db)
        cpu_g0, cpu_pg0 = _proc_cpu(gunicorn_pids), _proc_cpu(pg_pids)
        monitor.start()
        sh.stop.wait(args.duration)
        sh.stop.set()
        for t in threads:
            t.join(TIMEOUT + 5)
        elapsed = time.perf_counter() - t_load
        monitor.halt.set()
        cpu_g = _cpu_delta(cpu_g0, _proc_cpu(_group_pids(proc.pid)))
        cpu_pg = _cpu_delta(cpu_pg0, _proc_cpu(_postgres_pids(args.db)))
    finally:
        sh.start.abort()
        sh.stop.set()
        stop_server(proc)

    samples = [s for s in sh.record if s.phase == "load"]
    setup = [s for s in sh.record if s.phase == "setup"]
    summary = summarise(samples, elapsed)
    setup_summary = summarise(setup, t_load - sh.t0)
    writes = sum(1 for s in samples if s.label.endswith("_post") and s.label != "login_post")
    loads = [x for x, _ in monitor.samples]
    busy = [y for _, y in monitor.samples]
    machine = {
        "cores": os.cpu_count(),
        "load1_min": min(loads, default=0.0),
        "load1_max": max(loads, default=0.0),
        "cpu_busy_mean": sum(busy) / len(busy) if busy else 0.0,
        "gunicorn_cpu_s": cpu_g,
        "postgres_cpu_s": cpu_pg,
        "elapsed_s": elapsed,
    }
    print(
        f"\n{args.users} users, {elapsed:.1f} s, gunicorn -w {args.workers} --threads "
        f"{args.threads}, think {args.think} s, port {port}, app {args.app}"
    )
    print("measured phase:")
    print_table(summary)
    total = summary["ALL"]["count"]
    print(f"writes (POST edits): {writes} of {total} requests ({writes / max(total, 1):.1%})")
    print(
        f"machine: {machine['cores']} cores, load1 {machine['load1_min']:.1f}–"
        f"{machine['load1_max']:.1f}, CPU busy {machine['cpu_busy_mean']:.0%}; "
        f"gunicorn {cpu_g:.0f} CPU-s, postgres backends of {args.db} {cpu_pg:.0f} CPU-s "
        f"(parallel workers not counted) over {elapsed:.0f} s"
    )
    print("\nsetup phase (login through the form, first look at both lists; not measured above):")
    print_table(setup_summary)
    errors = [s for s in sh.record if not (200 <= s.status < 400)]
    for s in errors[:10]:
        print(f"  error: {s.label} status {s.status} {s.error} at {s.t:.1f} s")
    print(f"gunicorn log: {log}")
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "summary": summary,
                    "setup_summary": setup_summary,
                    "writes": writes,
                    "machine": machine,
                    "samples": [
                        [s.phase, s.label, s.status, round(s.ms, 2), round(s.t, 3)]
                        for s in sh.record
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        print(f"results: {args.out}")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
