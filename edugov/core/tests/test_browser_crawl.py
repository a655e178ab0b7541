"""The crawl guard (issue 15): for every user of the cast, in headless Chromium over a
world with data, follow every link reachable from the user's menu and home page and fail
on a 5xx, a linked 404, English that should have been Chinese, a JavaScript error or a
CSP violation.

Bounded so that it stays a few minutes on two cores: at most ``PER_SHAPE`` pages of one
URL shape (``/workplan/tasks/N/`` is one shape, whatever N and the query string: the
second task's page runs the code of the first) and ``PER_USER`` pages per user.
Downloads, exports, logout and anything that acts are not followed.
"""

from __future__ import annotations

import gettext
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from edugov.conftest import screenshot, session_login
from edugov.core.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_USER = 400
PER_SHAPE = 2
# Links that download a file, end the session or change something when followed.
SKIP = re.compile(
    r"/logout/|/export/|/download|/delete|/evidence/|/api/|/static/|/media/"
    r"|[?&](template|format|full)=|\.(xlsx|csv|docx|pdf|zip|json)$"
)
# Catalogue entries too short or too common to tell English that should have been
# Chinese from a name, a code or a word shared by both languages.
MIN_WORDS = 3


def _english_msgids() -> list[str]:
    """English msgids of every zh_Hans catalogue that have a Chinese msgstr: finding
    one in a zh-Hans page's text means a string missed its translation."""
    found: set[str] = set()
    root = Path(__file__).resolve().parents[2]  # the edugov package
    for mo in root.glob("**/locale/zh_Hans/LC_MESSAGES/django.mo"):
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        for key, msgstr in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.split("\x04")[-1]
            if not msgid or not msgstr or msgid == msgstr:
                continue
            # Around a placeholder the words stay literal: take the longest literal run.
            pieces = re.split(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}", msgid)
            piece = max(pieces, key=len).strip(" .,:;·()")
            if len(piece.split()) >= MIN_WORDS and re.search(r"[a-z]{3}", piece):
                found.add(piece)
    return sorted(found, key=len, reverse=True)


def _shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', e => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _crawl(
    browser, live_server, user, english: list[str], shot_shapes: set[str]
) -> tuple[int, list[str]]:
    client = session_login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="zh-CN")
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    current = {"url": ""}
    page.on(
        "console",
        lambda m: (
            problems.append(
                f"{current['url']}: console {m.type}: {m.text} ({m.location.get('url', '')})"
            )
            if m.type == "error"
            else None
        ),
    )
    # A console line only says "Failed to load resource"; this names the resource and the
    # page that asked for it (a late one may belong to the page before ``current``).
    page.on(
        "response",
        lambda r: (
            problems.append(
                f"{current['url']}: {r.status} for {r.request.resource_type} {r.url}"
                f" (asked by {r.frame.url if r.frame else '?'})"
            )
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: JavaScript error: {e}"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((live_server.url, "data:", "blob:"))
            else problems.append(f"{current['url']}: off-host request {r.url}")
        ),
    )
    origin = live_server.url
    queue: deque[tuple[str, str]] = deque([("/", "")])
    seen: set[str] = {"/"}
    shapes: dict[str, int] = {}
    visited = 0
    while queue and visited < PER_USER:
        path, referrer = queue.popleft()
        current["url"] = path
        try:
            response = page.goto(origin + path, wait_until="load")
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file (a report): fetched, not a page to read
            raise
        visited += 1
        status = response.status if response else 0
        if status >= 500:
            problems.append(f"{path}: {status} (linked from {referrer or 'start'})")
            continue
        if status == 404:
            problems.append(f"{path}: 404, linked from {referrer}")
            continue
        if not (response and "text/html" in (response.headers.get("content-type") or "")):
            continue
        # With EDUGOV_SCREENSHOTS: each user's home page, and each URL shape once.
        if path == "/":
            screenshot(page, f"crawl-home-{user.username}")
        elif _shape(urlsplit(path).path) not in shot_shapes:
            shot_shapes.add(_shape(urlsplit(path).path))
            screenshot(page, f"crawl-{user.username}-{path}")
        if page.evaluate("document.documentElement.lang") in ("zh-hans", "zh-Hans"):
            text = page.inner_text("body")
            for msgid in english:
                if msgid in text:
                    problems.append(f"{path}: untranslated text {msgid!r}")
        hrefs = page.eval_on_selector_all(
            "nav a[href], main a[href], header a[href]", "els => els.map(e => e.href)"
        )
        for href in hrefs:
            href = urldefrag(href)[0]
            if not href.startswith(origin):
                continue
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or SKIP.search(target):
                continue
            seen.add(target)
            shape = _shape(parts.path)
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((target, path))
    context.close()
    return visited, problems


def test_every_page_reachable_from_each_cast_users_menu_and_home_page_is_sound(
    cast, browser, live_server
):
    build_world(cast)
    english = _english_msgids()
    assert len(english) > 50  # the scan is not vacuous
    report: dict[str, int] = {}
    problems: list[str] = []
    shot_shapes: set[str] = set()
    for name, user in cast.users().items():
        visited, found = _crawl(browser, live_server, user, english, shot_shapes)
        report[name] = visited
        problems += [f"{name} {p}" for p in found]
    print("pages crawled per user:", report)
    assert all(n > 1 for n in report.values()), report
    assert problems == [], "\n".join(sorted(set(problems)))
