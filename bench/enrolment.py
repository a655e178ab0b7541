"""Peak-day load of the enrolment pages (issue 24): parents applying at once, against
gunicorn and PostgreSQL on 127.0.0.1.

    .venv/bin/python bench/enrolment.py --setup          # once: the bench_enrol database
    .venv/bin/python bench/enrolment.py [--parents 200] [--double 0.2] [--ramp 0]
                                        [--workers 4] [--threads 2] [--db bench_enrol]
                                        [--out FILE]

``--setup`` drops and recreates the database (``bench_enrol`` by default), migrates,
loads the demo's org tree and accounts and the enrolment demo (2026 catchments and plans
of 东湖区 and 进贤县, ~12,000 applications already in), then runs.

The run starts gunicorn (``bench/load.py``'s ``start_server``: settings
``edugov.settings.demo``, this database) on a free port of 127.0.0.1 with the SMS backend
``edugov.enrolment.sms.OutboxSMS`` writing to a fresh outbox file, the platform's day set
to the window (``EDUGOV_TODAY``) and its files under a scratch ``EDUGOV_VAR_DIR``; it is
stopped at the end, also on error. ``--parents`` virtual parents (threads, each its own
keep-alive connection and cookies, ``load.Client``) wait at a barrier and then, all at
once (or, with ``--ramp S``, arriving evenly over S seconds), each:

1. opens the login page, asks for a code (``sms_send``), reads it from the outbox (as
   the parent reads the SMS; not timed) and logs in with phone + code (``sms_login``);
2. looks up their 小区 on the public catchment search (``catchment_search``);
3. opens the form (``apply_form``) and submits it (``submit``): the school whose
   catchment holds their 小区, the child's name, a valid ID number (GB 11643), a date of
   birth in the window, the facts, and three documents — a JPEG, a PNG and a PDF, real
   small files — as ``multipart/form-data`` with the form's idempotency key. A share
   ``--double`` of them are flaky connections: the same POST is sent twice at the same
   moment on two connections (``submit_retry``); both must land on one application;
4. checks their status: "my applications" (``status_list``) and the application's page
   (``status_detail``), which must name the application.

Afterwards the database is counted against what the clients submitted: for every parent
that got an answer, exactly one application with their key and three documents (lost =
none, duplicated = more than one; the retries' redirects must name the same
application). Printed: per step count, errors (non-2xx/3xx or exceptions, or a page that
is not what the step expects), p50/p95/p99/max; the submission p95 against the goal
(≤ 1 s); the machine's load. Bounded: ``--parents`` ≤ 500, every request times out after
30 s, the run after ``--timeout`` seconds; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

import load  # noqa: E402  (bench/load.py: the HTTP client, gunicorn, percentiles)

from edugov.engines.codes import id_check_char  # noqa: E402  (pure: no Django)

YEAR = 2026
DAY = "2026-08-15"  # the platform's day during the run: the application window
GOAL_SUBMIT_P95_MS = 1000
PHONE_PREFIX = "177"  # the bench's parents; the demo's are 138… and 139…
REGION = "360111"  # the bench's children's ID area code (青山湖区): none of the demo's
_DETAIL = re.compile(r"/enrolment/mine/(\d+)/$")


# --- the documents a phone uploads -----------------------------------------------------


def documents() -> list[tuple[str, str, str, bytes]]:
    """(form field, file name, content type, bytes): a JPEG photo of the 户口簿, a PNG
    of the 房产证, a one-page PDF of the 居住证 — small, and valid for ``core.files``."""
    from PIL import Image, ImageDraw

    files = []
    for fmt, name, kind in (
        ("JPEG", "hukou.jpg", "household"),
        ("PNG", "fangchan.png", "property"),
    ):
        img = Image.new("RGB", (320, 240), (240, 236, 220))
        draw = ImageDraw.Draw(img)
        for y in range(20, 220, 14):
            draw.line((20, y, 300, y), fill=(60, 60, 90), width=2)
        buf = io.BytesIO()
        img.save(buf, fmt)
        files.append((kind, name, f"image/{fmt.lower()}", buf.getvalue()))
    pdf = _pdf()
    files.append(("permit", "juzhuzheng.pdf", "application/pdf", pdf))
    return files


def _pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def multipart(fields: list[tuple[str, str]], files) -> tuple[bytes, str]:
    """``multipart/form-data`` as a browser sends it: (body, content type)."""
    boundary = f"----edugovbench{uuid.uuid4().hex}"
    out = bytearray()
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        out += value.encode() + b"\r\n"
    for name, filename, ctype, data in files:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
        ).encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


# --- the SMS the parent reads ----------------------------------------------------------


class Outbox:
    """The outbox file ``OutboxSMS`` appends to, read as the messages arrive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.offset = 0
        self.codes: dict[str, str] = {}

    def code_for(self, phone: str, timeout: float = 20.0) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if phone in self.codes:
                    return self.codes.pop(phone)
                with contextlib.suppress(FileNotFoundError), open(self.path, "rb") as fh:
                    fh.seek(self.offset)
                    chunk = fh.read()
                    end = chunk.rfind(b"\n") + 1  # whole lines only
                    self.offset += end
                    for line in chunk[:end].splitlines():
                        msg = json.loads(line)
                        found = re.search(r"验证码是 (\d{6})", msg["text"])
                        if found:
                            self.codes[msg["phone"]] = found.group(1)
                if phone in self.codes:
                    return self.codes.pop(phone)
            time.sleep(0.05)
        return None


# --- the parent ------------------------------------------------------------------------


@dataclass
class Parent:
    """One virtual parent and what the server answered them."""

    n: int
    phone: str
    school: str  # the school's pk, as the form's select has it
    community: str
    child_id: str
    birth: dt.date
    double: bool
    key: str = ""
    app_pk: str = ""
    retry_pk: str = ""
    failures: list[str] = field(default_factory=list)


def _fail(p: Parent, c: load.Client, step: str, why: str) -> None:
    p.failures.append(f"{step}: {why}")
    # Counted as an error of the step: a 200 that is not the page asked for.
    # Under its own label, so that the step's percentiles stay those of real answers.
    c.record.append(load.Sample(f"check:{step}", 0, 0.0, time.perf_counter() - c.t0, why, "load"))


def run_parent(
    p: Parent, port: int, record: list, t0: float, start, outbox: Outbox, docs, delay: float
):
    c = load.Client(port, record, t0)
    c.phase = "load"
    try:
        start.wait()
        time.sleep(delay)  # --ramp: arrivals spread evenly; 0 (default): all at once
        status, html, _ = c.request("login_page", "GET", "/enrolment/login/")
        token = dict(load.parse_form(html).fields).get("csrfmiddlewaretoken", "")
        form = {"csrfmiddlewaretoken": token, "phone": p.phone, "code": ""}
        c.request("sms_send", "POST", "/enrolment/login/", form)
        code = outbox.code_for(p.phone)
        if code is None:
            return _fail(p, c, "sms_send", "no SMS in the outbox")
        status, _, headers = c.request(
            "sms_login", "POST", "/enrolment/login/", {**form, "code": code}
        )
        if status != 302:
            return _fail(p, c, "sms_login", f"not logged in ({status})")
        status, html, _ = c.request(
            "catchment_search", "GET", f"/enrolment/catchments/?{urlencode({'q': p.community})}"
        )
        if status == 200 and "学区" not in html:
            _fail(p, c, "catchment_search", "no catchment found")
        status, html, _ = c.request("apply_form", "GET", "/enrolment/apply/")
        fields = dict(load.parse_form(html).fields)
        if status != 200 or "key" not in fields:
            return _fail(p, c, "apply_form", f"no form ({status})")
        p.key = fields["key"]
        data = [
            ("csrfmiddlewaretoken", fields["csrfmiddlewaretoken"]),
            ("key", p.key),
            ("school", p.school),
            ("child_name", f"压测{p.n}"),
            ("child_id", p.child_id),
            ("birth_date", p.birth.isoformat()),
            ("community", p.community),
            ("household_in_catchment", "on"),
            ("property_in_catchment", "on"),
            ("property_since", "2019-05-01"),
            ("residence_permit", "on"),
            ("permit_since", "2024-03-01"),
        ]
        body, ctype = multipart(data, docs)
        if p.double:
            # A flaky connection: the same POST again, at the same moment, on a second
            # connection (the first answer lost on the way); both must be one application.
            twin = load.Client(port, record, t0)
            twin.phase, twin.cookies = "load", dict(c.cookies)
            answer: dict[str, tuple] = {}

            def again() -> None:
                answer["retry"] = twin.request(
                    "submit_retry", "POST", "/enrolment/apply/", body, {"Content-Type": ctype}
                )

            other = threading.Thread(target=again)
            other.start()
        status, _, headers = c.request(
            "submit", "POST", "/enrolment/apply/", body, {"Content-Type": ctype}
        )
        found = _DETAIL.search(headers.get("location", "")) if status == 302 else None
        if not found:
            return _fail(p, c, "submit", f"no application ({status})")
        p.app_pk = found.group(1)
        if p.double:
            other.join(load.TIMEOUT + 5)
            twin.close()
            r_status, _, r_headers = answer.get("retry", (0, "", {}))
            again_pk = _DETAIL.search(r_headers.get("location", "")) if r_status == 302 else None
            p.retry_pk = again_pk.group(1) if again_pk else ""
            if p.retry_pk != p.app_pk:
                _fail(p, c, "submit_retry", f"retry answered {r_status} {p.retry_pk!r}")
        status, html, _ = c.request("status_list", "GET", "/enrolment/mine/")
        if status == 200 and f"/enrolment/mine/{p.app_pk}/" not in html:
            _fail(p, c, "status_list", "application not listed")
        status, html, _ = c.request("status_detail", "GET", f"/enrolment/mine/{p.app_pk}/")
        if status == 200 and "RX" not in html:
            _fail(p, c, "status_detail", "no application number on the page")
    finally:
        c.close()


# --- the database: setup, the world the parents live in, the count afterwards ---------


def _connect(db: str):
    import psycopg

    return psycopg.connect(host=load.HOST, dbname=db, user="postgres", autocommit=True)


def setup(db: str) -> None:
    """Drop and recreate ``db`` (a bench_* name, never a test one), migrate, load the demo
    org tree and accounts, then the enrolment demo."""
    if not db.startswith("bench_"):
        raise SystemExit("--setup recreates only a bench_* database")
    with _connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    # The demo's documents go to a scratch directory, not the repository's var/.
    media = tempfile.mkdtemp(prefix="bench_enrol_setup_")
    env = {**os.environ, **_django_env(db), "EDUGOV_VAR_DIR": media}
    print(f"setup: {db}, the demo's files under {media}")
    t = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    print(f"migrate: {time.perf_counter() - t:.0f} s")
    script = (
        "import time, django; django.setup()\n"
        "from edugov.core.context import acting\n"
        "from edugov.demo.generator import load_demo\n"
        "from edugov.enrolment import demo\n"
        "with acting(None):\n"
        "    load_demo(); t = time.perf_counter(); print(demo.load_demo())\n"
        "    print(f'enrolment demo: {time.perf_counter() - t:.0f} s')\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True)


def _django_env(db: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "edugov.settings.demo",
        "EDUGOV_DB": "postgres",
        "EDUGOV_PG_NAME": db,
        "EDUGOV_PG_HOST": load.HOST,
    }


def world(db: str, parents: int, double: float, seed: int) -> tuple[int, list[Parent]]:
    """This run's number (after the bench's earlier runs on this database) and its
    parents: each a 小区 of a published 2026 catchment and a school of that catchment,
    a fresh phone and a fresh child."""
    with _connect(db) as conn:
        pairs = conn.execute(
            "SELECT cs.unit_id, co.name FROM enrolment_catchment c"
            " JOIN enrolment_catchment_schools cs ON cs.catchment_id = c.id"
            " JOIN enrolment_community co ON co.catchment_id = c.id"
            " JOIN enrolment_schoolplan p ON p.school_id = cs.unit_id AND p.year = c.year"
            " WHERE c.year = %s ORDER BY cs.unit_id, co.name",
            [YEAR],
        ).fetchall()
        last = conn.execute(
            "SELECT max(substr(username, 5, 3)) FROM accounts_user WHERE username LIKE %s",
            [f"p{PHONE_PREFIX}%"],
        ).fetchone()[0]
    if not pairs:
        raise SystemExit(f"no 2026 catchments in {db}: run with --setup first")
    run = int(last) + 1 if last else 0
    if run > 499:
        raise SystemExit("500 runs on this database: run with --setup")
    rng = random.Random(seed)
    latest = dt.date(YEAR - 6, 8, 31)
    out = []
    for n in range(parents):
        school, community = rng.choice(pairs)
        birth = latest - dt.timedelta(days=n % 300)
        first17 = f"{REGION}{birth:%Y%m%d}{2 * run + n // 300:03d}"
        out.append(
            Parent(
                n=n,
                phone=f"{PHONE_PREFIX}{run:03d}{n:05d}",
                school=str(school),
                community=community,
                child_id=first17 + id_check_char(first17),
                birth=birth,
                double=rng.random() < double,
            )
        )
    return run, out


def count(db: str, run: int, parents: list[Parent]) -> dict[str, int]:
    """What the database holds for this run's parents, against what they were told."""
    with _connect(db) as conn:
        rows = conn.execute(
            "SELECT u.username, a.idempotency_key, a.id,"
            " (SELECT count(*) FROM enrolment_applicationdocument d WHERE d.application_id = a.id)"
            " FROM enrolment_application a JOIN accounts_user u ON u.id = a.parent_id"
            " WHERE u.username LIKE %s",
            [f"p{PHONE_PREFIX}{run:03d}%"],
        ).fetchall()
    held: dict[str, list[tuple]] = {}
    for username, key, pk, docs in rows:
        held.setdefault(username[1:], []).append((key, str(pk), docs))
    out = {"submitted": 0, "stored": len(rows), "lost": 0, "duplicated": 0, "wrong_docs": 0}
    out["retried"] = sum(1 for p in parents if p.double and p.key)
    for p in parents:
        mine = held.get(p.phone, [])
        if len(mine) > 1:
            out["duplicated"] += len(mine) - 1
        if not p.app_pk:
            continue  # never told of an application: nothing to find (its error is counted)
        out["submitted"] += 1
        match = [m for m in mine if m[0] == p.key and m[1] == p.app_pk]
        if not match:
            out["lost"] += 1
        elif match[0][2] != 3:
            out["wrong_docs"] += 1
    return out


# --- the run ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parents", type=int, default=200)
    ap.add_argument("--double", type=float, default=0.2, help="share of double submissions")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    ap.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    ap.add_argument("--db", default="bench_enrol")
    ap.add_argument("--setup", action="store_true", help="recreate and load the database first")
    ap.add_argument(
        "--ramp", type=float, default=0.0, help="spread the arrivals over this many seconds"
    )
    ap.add_argument("--timeout", type=float, default=900.0, help="bound on the whole run, s")
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args(argv)
    if not 1 <= args.parents <= 500 or args.timeout > 1800:
        ap.error("bounded runs only: 1 ≤ --parents ≤ 500, --timeout ≤ 1800 s")
    args.app, args.pythonpath = "edugov.wsgi:application", ""
    if args.setup:
        setup(args.db)
    run, parents = world(args.db, args.parents, args.double, args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="bench_enrol_"))
    (scratch / "static").mkdir()  # STATIC_ROOT: nothing served, no warning per worker
    outbox = Outbox(scratch / "sms-outbox.jsonl")
    os.environ.update(
        EDUGOV_SMS_BACKEND="edugov.enrolment.sms.OutboxSMS",
        EDUGOV_SMS_OUTBOX=str(outbox.path),
        EDUGOV_TODAY=DAY,
        EDUGOV_VAR_DIR=str(scratch),
    )
    port = load.free_port()
    log = scratch / "gunicorn.log"
    proc = load.start_server(args, port, log)
    monitor = load.LoadMonitor()
    record: list[load.Sample] = []
    docs = documents()
    start = threading.Barrier(len(parents) + 1, timeout=120)
    t0 = time.perf_counter()
    try:
        threads = [
            threading.Thread(
                target=run_parent,
                args=(p, port, record, t0, start, outbox, docs, args.ramp * p.n / len(parents)),
                daemon=True,
            )
            for p in parents
        ]
        for t in threads:
            t.start()
        gunicorn_pids, pg_pids = load._group_pids(proc.pid), load._postgres_pids(args.db)
        cpu_g0, cpu_pg0 = load._proc_cpu(gunicorn_pids), load._proc_cpu(pg_pids)
        monitor.start()
        start.wait()
        t_start = time.perf_counter()
        deadline = t_start + args.timeout
        for t in threads:
            t.join(max(0.0, deadline - time.perf_counter()))
        elapsed = time.perf_counter() - t_start
        unfinished = sum(1 for t in threads if t.is_alive())
        monitor.halt.set()
        cpu_g = load._cpu_delta(cpu_g0, load._proc_cpu(load._group_pids(proc.pid)))
        cpu_pg = load._cpu_delta(cpu_pg0, load._proc_cpu(load._postgres_pids(args.db)))
    finally:
        start.abort()
        load.stop_server(proc)
    samples = list(record)
    summary = load.summarise(samples, elapsed)
    counted = count(args.db, run, parents)
    print(
        f"\n{len(parents)} parents at once ({counted['retried']} double submissions), "
        f"arriving over {args.ramp:g} s, {elapsed:.1f} s, "
        f"gunicorn -w {args.workers} --threads {args.threads}, "
        f"db {args.db}, run {run}"
    )
    load.print_table(summary)
    errors = [s for s in samples if not (200 <= s.status < 400)]
    submit = summary.get("submit", {}).get("p95_ms", 0.0)
    verdict = "met" if submit <= GOAL_SUBMIT_P95_MS else "NOT met"
    print(f"submission p95 {submit:.0f} ms: goal ≤ {GOAL_SUBMIT_P95_MS} ms {verdict}")
    print(
        "counted afterwards: {submitted} applications the clients were told of, {stored} "
        "stored for this run's parents; lost {lost}, duplicated {duplicated}, without their "
        "3 documents {wrong_docs}".format(**counted)
    )
    loads = [x for x, _ in monitor.samples]
    busy = [y for _, y in monitor.samples]
    machine = {
        "cores": os.cpu_count(),
        "load1_min": min(loads, default=0.0),
        "load1_max": max(loads, default=0.0),
        "cpu_busy_mean": sum(busy) / len(busy) if busy else 0.0,
        "gunicorn_cpu_s": cpu_g,
        "postgres_cpu_s": cpu_pg,
    }
    print(
        f"machine: {machine['cores']} cores, load1 {machine['load1_min']:.1f}–"
        f"{machine['load1_max']:.1f}, CPU busy {machine['cpu_busy_mean']:.0%}; gunicorn "
        f"{cpu_g:.0f} CPU-s, postgres backends of {args.db} {cpu_pg:.0f} CPU-s"
    )
    for s in errors[:10]:
        print(f"  error: {s.label} status {s.status} {s.error} at {s.t:.1f} s")
    if unfinished:
        print(f"  {unfinished} parents still running at the --timeout bound")
    print(f"gunicorn log and uploads: {scratch}")
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "summary": summary,
                    "counted": counted,
                    "machine": machine,
                    "samples": [
                        [s.label, s.status, round(s.ms, 2), round(s.t, 3)] for s in samples
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    bad = errors or unfinished or counted["lost"] or counted["duplicated"] or counted["wrong_docs"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
