"""Meta-test: walk the URL conf; every URL but the allowlist needs a login."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (namespace + p.name) if p.name else None


def concrete(route: str) -> str:
    import re

    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex groups (DRF router)
    route = re.sub(r"<(?:int:)?\w+>", "1", route)  # path converters
    route = re.sub(r"<[^>]+>", "x", route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route


def test_every_url_requires_a_login_except_the_allowlist(client):
    checked = 0
    for route, name in walk(get_resolver().url_patterns):
        if name in settings.EDUGOV_PUBLIC_URL_NAMES or "format" in route:
            continue
        url = concrete(route)
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), (url, response.status_code)
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
                url,
                response.status_code,
            )
        checked += 1
    assert checked >= 15


def test_the_allowlist_is_small_and_named():
    # private:public_list: the licensed private schools (issue 19), rate-limited; its
    # published fields only: edugov/private/tests/test_public.py.
    assert {
        "accounts:login",
        "set_language",
        "api-token",
        "training:public_lookup",
        "training:public_complaint",
        "private:public_list",
        "wellbeing:answer_start",  # a student's one-time code, no account (issue 18)
        "wellbeing:answer_sheet",
        "enrolment:catchment_search",  # a family finds its 学区 (issue 24)
        "enrolment:parent_login",  # phone + SMS code: a parent has no password
        "ops:health",  # the load balancer's probe: one word per check (issue 25)
        "ops:metrics",  # Prometheus' bearer token, a 404 without it (issue 25)
    } == settings.EDUGOV_PUBLIC_URL_NAMES


def test_the_root_favicon_is_served_to_anyone_without_a_view(client):
    """Browsers ask for /favicon.ico whatever the page's icon link says; WhiteNoise serves
    it from core/root, before the login check, and no URL pattern is involved."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
