"""Shared fixtures: the fixed cast of users every test uses (STYLE.md).

- ``cast.city_admin``        — 南昌市教育局, city-wide
- ``cast.donghu_officer``    — 东湖区 district administrator
- ``cast.donghu_principal``  — principal of a 东湖区 primary school
- ``cast.jinxian_principal`` — principal of a 进贤县 primary school
- ``cast.counselor``         — counselor at a 东湖区 junior school
- ``cast.dept_staff``        — staff of the bureau's 学前教育科 (a department works city-wide)
plus the three separated administrators (sysadmin, secadmin, auditadmin).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind
from edugov.org.seed import seed_city
from edugov.org.services import unit_save

PASSWORD = "Cast#pass2023"


@dataclass
class Cast:
    city: Unit
    donghu: Unit
    jinxian: Unit
    donghu_school: Unit
    donghu_junior: Unit
    jinxian_school: Unit
    city_admin: User
    donghu_officer: User
    donghu_principal: User
    jinxian_principal: User
    counselor: User
    dept_staff: User
    sysadmin: User
    secadmin: User
    auditadmin: User

    def users(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "city_admin",
                "donghu_officer",
                "donghu_principal",
                "jinxian_principal",
                "counselor",
                "dept_staff",
                "sysadmin",
                "secadmin",
                "auditadmin",
            )
        }


def make_school(parent: Unit, code: str, name: str, itype: str = "primary", **extra) -> Unit:
    return unit_save(
        unit=Unit(
            kind=UnitKind.SCHOOL,
            code=code,
            name=name,
            parent=parent,
            institution_type=itype,
            ownership=extra.pop("ownership", "public"),
            enrolment=extra.pop("enrolment", 800),
            **extra,
        )
    )


def make_user(username: str, role: str, unit: Unit) -> User:
    from django.utils import timezone

    user = User(
        username=username,
        display_name=username,
        unit=unit,
        must_change_password=False,
        password_changed_at=timezone.now(),
    )
    user.set_password(PASSWORD)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role))
    return user


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path):
    """Anchors go to the test's own directory: no test ever writes into var/, and no
    test sees another's anchors (which would fail its chain as truncated)."""
    settings.EDUGOV_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")


_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(_TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="module")
def _module_cast(request, django_db_setup, django_db_blocker):
    """The cast built once per test module (per xdist worker), inside a transaction rolled
    back after the module; each test gets a deep copy of it, as Django's setUpTestData
    does, and runs in its own savepoint. Building it for each of ~2,000 tests was a fifth of
    the suite's time. A module with a transactional test (which flushes the database) gets
    None: its tests build their own cast, as before."""
    mine = [i for i in request.session.items if i.module is request.module]
    if any(_transactional(i) for i in mine if "cast" in getattr(i, "fixturenames", ())):
        yield None
        return
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # like TestCase's own: a durable block may run inside
        outer.__enter__()
        try:
            built = build_cast()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def cast(request, _module_cast, db) -> Cast:
    import copy

    if _module_cast is None or _transactional(request.node):
        return build_cast()
    return copy.deepcopy(_module_cast)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The cast and every app's world (``core.testing.build_world``), built once per test
    module — once per xdist worker and group — inside a transaction rolled back after the
    module. Each test still runs in its own savepoint (``db``), so what a test writes is
    gone before the next. Building the world for each of the matrix's ~300 cases was most
    of the suite's time, and grew with every module's world times every module's URLs."""
    from django.db import transaction

    from edugov.core.testing import build_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # like TestCase's own: a durable block may run inside
        outer.__enter__()
        try:
            cast = build_cast()
            build_world(cast)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield cast
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db) -> Cast:
    """The cast with every app's world around it. A module that uses it must not use
    ``cast`` as well: the two casts would clash on their usernames."""
    return _module_world


def build_cast() -> Cast:
    with acting(None):
        city = seed_city("nanchang")
        donghu = Unit.objects.get(code="360102")
        jinxian = Unit.objects.get(code="360124")
        donghu_school = make_school(donghu, "2136000001", "东湖区育新学校")
        donghu_junior = make_school(donghu, "3136000002", "东湖区第一中学", "junior")
        jinxian_school = make_school(jinxian, "2136000003", "进贤县民和小学")
        return Cast(
            city=city,
            donghu=donghu,
            jinxian=jinxian,
            donghu_school=donghu_school,
            donghu_junior=donghu_junior,
            jinxian_school=jinxian_school,
            city_admin=make_user("city_admin", "city_admin", city),
            donghu_officer=make_user("donghu_admin", "district_admin", donghu),
            donghu_principal=make_user("donghu_principal", "school_admin", donghu_school),
            jinxian_principal=make_user("jinxian_principal", "school_admin", jinxian_school),
            counselor=make_user("donghu_counselor", "counselor", donghu_junior),
            dept_staff=make_user(
                "xueqian_staff", "department_staff", Unit.objects.get(name="学前教育科")
            ),
            sysadmin=make_user("sysadmin", "system_admin", city),
            secadmin=make_user("secadmin", "security_admin", city),
            auditadmin=make_user("auditadmin", "audit_admin", city),
        )


def session_login(client, user: User, *, verified: bool = True):
    """Log ``client`` in as ``user`` the way the login page would: session times, the
    session epoch and, for roles that need it, a verified second factor."""
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from edugov.accounts.security import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SEEN_AT

    client.force_login(user)
    session = client.session
    now = timezone.now().timestamp()
    session[SESSION_LOGIN_AT] = now
    session[SESSION_SEEN_AT] = now
    session[SESSION_EPOCH] = User.objects.get(pk=user.pk).session_epoch
    if verified and user.requires_2fa():
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def picker_answer(user: User, url: str, *, post: bool = False, **params):
    """Ask a picker's endpoint (``core.autocomplete``) as ``user``; the people's pickers
    are asked by POST."""
    from django.test import Client

    client = session_login(Client(), user)
    return (client.post if post else client.get)(url, params)


def picker_ids(response) -> set[int]:
    """The ids a picker's answer offers (after checking it answered)."""
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["results"]}


def token_client(user: User):
    """An API client that authenticates with a fresh API token of ``user``."""
    from rest_framework.test import APIClient

    from edugov.accounts.tokens import token_create

    _token, key = token_create(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def login(user: User):
        return session_login(client, user)

    return login


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no Playwright browser download)."""
    import os
    import shutil

    exe = (
        os.environ.get("EDUGOV_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not exe:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI=true but chromium is not installed (make test installs it with apt-get)"
            )
        pytest.skip("chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=exe,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


def screenshot(page, name: str) -> None:
    """A full-page PNG of what ``page`` shows, saved as ``name`` under the directory named
    by ``EDUGOV_SCREENSHOTS`` (nothing without it): to look at pages as a user sees them
    (Chinese glyphs rather than boxes, nothing overlapping, no English on a Chinese page).
    Keep them out of the repository."""
    import os
    import re
    from pathlib import Path

    directory = os.environ.get("EDUGOV_SCREENSHOTS")
    if not directory:
        return
    path = Path(directory) / f"{re.sub(r'[^0-9A-Za-z._-]+', '_', name).strip('_')}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page; fails the test if the app requests anything off-host. With
    ``EDUGOV_SCREENSHOTS`` set, the page the test ends on is saved there (``screenshot``)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((live_server.url, "data:", "blob:")) else foreign.append(r.url)
        ),
    )
    yield page
    if not page.is_closed():
        screenshot(page, f"{request.node.name}-end")
    context.close()
    assert foreign == [], f"the page requested off-host resources: {foreign}"


def browser_login(page, live_server, username: str) -> None:
    """Log in through the real login page (users whose role needs no second factor)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture(scope="session")
def spark_local_session():
    """One local[2] Spark session for every Spark test of a test process: its start
    (a JVM, ~20 s on a loaded runner) and its first query's warm-up are paid once. The
    Spark tests carry ``xdist_group("spark")`` so that ``--dist loadgroup`` puts them on
    one worker. Skips, or fails on CI, when Spark cannot run (``require_spark``)."""
    from edugov.engines.exams.backends import local_spark_session
    from edugov.engines.exams.tests.test_backends import require_spark

    require_spark()
    session = local_spark_session("edugov-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
