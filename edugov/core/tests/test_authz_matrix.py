"""The authorization matrix, generated from the URL conf (GB/T 22239 §8.1.4.2).

For every scoped view and API endpoint, and every member of the test cast:
- a detail/edit URL answers as the role permits for an object in scope, and 404 for an
  object outside it (or for any object when no role grants the action);
- a list answers 200 with exactly the rows ``visible_to`` gives — no more, no fewer — or
  404 without the permission; the export's row count and the API's count agree.

A URL that is neither scoped nor on the explicit ``UNSCOPED`` list fails the test, so a
new view cannot slip past the matrix.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from edugov.conftest import session_login
from edugov.core.scoping import perm_name
from edugov.core.testing import world_module, world_params
from edugov.core.views import ScopedExportView, ScopedFormView, ScopedListView, ScopedMixin

pytestmark = pytest.mark.django_db

# Pages outside unit scoping, each for a stated reason.
UNSCOPED = {
    "core:home": "counts through visible_to; its KPI cards are the work plan's KPI sources "
    "over the scope root, behind the source's permission; registry/tests/test_home_figures.py",
    "accounts:login": "public",
    "accounts:logout": "own session",
    "accounts:two_factor": "own account",
    "accounts:password_change": "own account",
    "accounts:token_list": "own tokens only; accounts/tests/test_api_tokens.py",
    "accounts:token_create": "own tokens only; accounts/tests/test_api_tokens.py",
    "accounts:token_revoke": "own tokens only, another's is a 404; "
    "accounts/tests/test_api_tokens.py",
    "accounts:lock_list": "city-wide security policy (security admin permission)",
    "accounts:lock_unlock": "city-wide security policy (security admin permission)",
    "accounts:role_list": "roles are city-wide configuration",
    "accounts:role_create": "roles are city-wide configuration",
    "accounts:role_edit": "roles are city-wide configuration",
    "org:supervision": "lists units through visible_to(user, 'grant_supervision'); "
    "workplan/tests/test_actions.py",
    "casework:unread_badge": "the user's own unread notifications (recipient = the user); "
    "casework/tests/test_notifications.py",
    "casework:notifications_read": "marks the user's own notifications read (recipient = "
    "the user); casework/tests/test_notifications.py",
    "set_language": "public",
    "training:public_lookup": "public (no login): an institution's public columns only; "
    "training/tests/test_public.py",
    "training:public_complaint": "public (no login): files a complaint, shows nothing "
    "stored; training/tests/test_public.py",
    "private:public_list": "public register of licensed private schools, published fields "
    "only, rate-limited; private/tests/test_public.py",
    "wellbeing:answer_start": "public: a student answers with a one-time code, no account; "
    "wellbeing/tests/test_screening.py",
    "wellbeing:answer_sheet": "public: the sheet of the code held in the session; "
    "wellbeing/tests/test_screening.py",
    "api-token": "public",
    "api-schema": "schema, no data",
    "api-docs": "schema viewer, no data",
    "api-root": "index of endpoints, no data",
    "enrolment:catchment_search": "public: published catchments are public knowledge",
    "enrolment:parent_login": "public: the parents' SMS login",
    "ops:health": "public: the load balancer's probe, one word per check, no data; "
    "ops/tests/test_health.py",
    "ops:metrics": "no user may read it: the monitoring system's bearer token only, a 404 "
    "to anyone else; ops/tests/test_metrics.py",
}


def walk(patterns, prefix="", ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(
                p.url_patterns,
                prefix + str(p.pattern),
                f"{ns}{p.namespace}:" if p.namespace else ns,
            )
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (ns + p.name) if p.name else "", p.callback


def classify():
    """(name, route, kind, model, action) for every URL; kind: list/detail/form/export/api-list/api-detail/func."""
    out, unknown = [], []
    for route, name, callback in walk(get_resolver().url_patterns):
        if (
            name in UNSCOPED
            or name.startswith(("admin:", "djdt"))
            or "format" in route
            or name.endswith("-root")
        ):
            continue
        view_class = getattr(callback, "view_class", None)
        cls = getattr(callback, "cls", None)
        if view_class is not None and getattr(view_class, "autocomplete", False):
            # A picker's search endpoint (core/autocomplete.py): JSON, at most a page of
            # matches and whether there are more.
            out.append((name, route, "autocomplete", view_class.model, view_class.action))
        elif view_class is not None and issubclass(view_class, ScopedMixin):
            kind = (
                "export"
                if issubclass(view_class, ScopedExportView)
                else "list"
                if issubclass(view_class, ScopedListView)
                else "form"
                if issubclass(view_class, ScopedFormView)
                else "detail"
            )
            if kind == "form" and "<int:pk>" not in route:
                kind = "create"
            action = {"form": "change", "create": "add"}.get(kind, view_class.action)
            out.append((name, route, kind, view_class.model, action))
        elif (
            view_class is not None
            and view_class.__name__ == "ImportView"
            or (view_class and hasattr(view_class, "importer"))
        ):
            model = view_class().importer_class().model
            out.append((name, route, "import", model, "add"))
        elif cls is not None and hasattr(cls, "queryset"):
            detail = "(?P<pk>" in route
            out.append(
                (name, route, "api-detail" if detail else "api-list", cls.queryset.model, "view")
            )
        elif hasattr(callback, "scoped_model"):
            out.append((name, route, "func", callback.scoped_model, callback.scoped_action))
        else:
            unknown.append(name or route)
    return out, unknown


def test_every_url_is_in_the_matrix_or_explicitly_unscoped():
    _, unknown = classify()
    assert unknown == []


# Apps whose scoped rows the matrix finds without a world of their own, each for a
# stated reason. Any other app with scoped models must ship ``tests/world.py``: without
# one the matrix would see no rows for it and every case would pass on nothing.
WORLD_EXEMPT = {
    "org": "its rows are the cast's own units (city, 东湖区, 进贤县 and their schools), "
    "in and out of every member's scope",
    "accounts": "its rows are the cast's own users, one per scope",
}


def apps_needing_a_world():
    """Every installed edugov app the matrix must build rows for: the apps the built-in
    roles name, plus any app with a model scoped by ``visible_to``."""
    from django.apps import apps

    from edugov.accounts.roles import BUILTIN_ROLES

    labels = {
        target.partition(".")[0]
        for spec in BUILTIN_ROLES
        if not spec.duty
        for target, _actions in spec.grants
    }
    for model in apps.get_models():
        if model._meta.app_config.name.startswith("edugov.") and hasattr(
            model._default_manager, "visible_to"
        ):
            labels.add(model._meta.app_label)
    return [apps.get_app_config(label) for label in sorted(labels)]


def missing_worlds(configs, exempt=WORLD_EXEMPT) -> list[str]:
    return [c.label for c in configs if c.label not in exempt and world_module(c) is None]


def test_every_app_with_scoped_rows_has_a_world():
    assert missing_worlds(apps_needing_a_world()) == []


def test_the_world_check_fails_for_an_app_without_a_world():
    # The checker itself: org has no world.py, so without its exemption it is reported.
    from django.apps import apps

    assert missing_worlds([apps.get_app_config("org")], exempt={}) == ["org"]
    assert missing_worlds([apps.get_app_config("jobs")], exempt={}) == []


def test_every_world_exemption_names_an_app_and_a_reason():
    from django.apps import apps

    for label, reason in WORLD_EXEMPT.items():
        assert apps.get_app_config(label) and reason.strip(), label


def _url(route: str, pk: int | None) -> str:
    route = re.sub(r"\(\?P<pk>[^)]*\)", str(pk), route)
    route = re.sub(r"<int:pk>", str(pk), route)
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


def _rows_shown(response) -> int:
    match = re.search(rb'data-testid="row-count">\D*(\d+)', response.content)
    return int(match.group(1))


CASES, _ = classify()


@pytest.mark.parametrize(
    ("name", "route", "kind", "model", "action"),
    world_params(CASES, [c[0] for c in CASES], "matrix"),
)
def test_the_matrix(world, name, route, kind, model, action):
    checked = 0
    for role, user in world.users().items():
        from django.test import Client

        client = session_login(Client(), user)
        api = APIClient()
        api.force_authenticate(user)
        has_perm = user.has_perm(perm_name(model, action))
        visible = model._default_manager.visible_to(user, action)
        inside = visible.order_by("pk").first()
        outside = model._default_manager.exclude(pk__in=visible.values("pk")).order_by("pk").first()
        if kind in ("detail", "form", "func", "api-detail"):
            method = "post" if kind == "func" and name != "jobs:detail" else "get"
            http = api if kind.startswith("api") else client
            if outside is not None:
                assert getattr(http, method)(_url(route, outside.pk)).status_code == 404, (
                    role,
                    "outside",
                )
                checked += 1
            if inside is not None and method == "get":
                assert http.get(_url(route, inside.pk)).status_code == 200, (role, "inside")
                checked += 1
        elif kind == "list":
            response = client.get(_url(route, None), {"per_page": 1000})
            if not has_perm:
                assert response.status_code == 404, role
            else:
                assert response.status_code == 200 and _rows_shown(response) == visible.count(), (
                    role
                )
            checked += 1
        elif kind == "export":
            response = client.get(_url(route, None), {"format": "csv"})
            if not has_perm:
                assert response.status_code == 404, role
            else:
                lines = (
                    b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
                )
                assert len(lines) - 1 == visible.count(), role
            checked += 1
        elif kind == "api-list":
            response = api.get(_url(route, None), {"page_size": 1000})
            if not has_perm:
                assert response.status_code == 403, role  # a list has no object to hide
            else:
                assert (
                    response.status_code == 200 and response.json()["count"] == visible.count()
                ), role
            checked += 1
        elif kind == "autocomplete":
            # A picker of people is asked by POST (core/autocomplete.py); the others by GET.
            post = resolve(_url(route, None)).func.view_class.post_only
            ask = client.post if post else client.get
            response = ask(_url(route, None), {"kind": "any"})
            if not has_perm:
                assert response.status_code == 404, role
            else:
                body = response.json()
                assert response.status_code == 200, role
                shown = {r["id"] for r in body["results"]}
                assert shown <= set(visible.values_list("pk", flat=True)), role
                assert len(shown) == min(visible.count(), 20), role
                assert body["more"] == (visible.count() > 20), role
            checked += 1
        elif kind in ("import", "create"):
            allowed = has_perm or user.has_perm(perm_name(model, "change"))
            status = client.get(_url(route, None)).status_code
            assert (status == 200) == (allowed if kind == "import" else has_perm), role
            checked += 1
    assert checked > 0


# 三员 pages (accounts/separation.py): who of the cast may open each; everyone else gets
# 404. The role-assignment page is also in the generated matrix above (a scoped view on
# the declared action ``assign_role``).
DUTY_PAGES = {
    "accounts:role_assign": {"secadmin"},
    "accounts:role_list": {"secadmin"},
    "accounts:role_create": {"secadmin"},
    "accounts:lock_list": {"secadmin"},
    "accounts:user_create": {"sysadmin"},
}


@pytest.mark.xdist_group("matrix-0")
@pytest.mark.parametrize("name", sorted(DUTY_PAGES))
def test_the_pages_of_a_separated_duty_open_for_that_duty_only(world, name):
    from django.test import Client
    from django.urls import reverse

    args = [world.counselor.pk] if name == "accounts:role_assign" else []
    for role, user in world.users().items():
        status = session_login(Client(), user).get(reverse(name, args=args)).status_code
        assert status == (200 if role in DUTY_PAGES[name] else 404), role


def test_the_matrix_is_big_enough():
    assert len(CASES) >= 15
