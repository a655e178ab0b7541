"""Every create and edit page opens, and answers an invalid POST with the form again,
never a 500 (issue 13 L5: the edit page of a task with an owner, a new 中考 session).

The pages come from the URL conf: every ``ScopedFormView`` (found the way the
authorization matrix finds them, so a new one is swept without being listed) plus the
function-view forms in ``OTHER_FORMS``. Each is opened by the first cast member whose role
may use it, on the first row she may change, in the world every app builds for the matrix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import get_resolver
from django.utils.html import escape

from edugov.conftest import session_login
from edugov.core.scoping import perm_name
from edugov.core.testing import world_params

from .test_authz_matrix import CASES, _url, walk

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    perm: str | None  # None: any logged-in user
    rows: Callable[[Any], QuerySet] | None = None  # the rows a user may open; None: no pk


def _scoped(model, action) -> Callable[[Any], QuerySet]:
    return lambda user: model._default_manager.visible_to(user, action)


def _roles(user) -> QuerySet:
    from edugov.accounts.models import Role

    return Role.objects.all()  # roles are city-wide configuration, not scoped


def _reportable_tasks(user) -> QuerySet:
    from edugov.workplan.models import Task
    from edugov.workplan.services import reporting_unit_for

    visible = Task.objects.visible_to(user, "view")
    return visible.filter(pk__in=[t.pk for t in visible if reporting_unit_for(user, t) is not None])


# Form pages that are function views (the matrix lists them as "func" or unscoped).
OTHER_FORMS = [
    ("accounts:password_change", None, None),
    ("accounts:role_create", "accounts.add_role", None),
    ("accounts:role_edit", "accounts.change_role", _roles),
    ("workplan:task_report", "workplan.add_progressreport", _reportable_tasks),
]


def _pages() -> list[Page]:
    routes = {name: route for route, name, _ in walk(get_resolver().url_patterns)}
    pages = [
        Page(
            name,
            route,
            perm_name(model, action),
            _scoped(model, action) if kind == "form" else None,
        )
        for name, route, kind, model, action in CASES
        if kind in ("form", "create")
    ]
    pages += [Page(name, routes[name], perm, rows) for name, perm, rows in OTHER_FORMS]
    return pages


PAGES = _pages()


def test_the_sweep_finds_the_form_pages():
    names = {p.name for p in PAGES}
    assert {"workplan:task_edit", "admissions:session_create", "accounts:user_edit"} <= names
    assert len(PAGES) >= 20


def _assert_each_help_text_once(response):
    """A help text is printed once per field: neither the template nor the catalogue (a
    msgstr pasted twice) may repeat it (issue 15, defect 7). Its first 24 characters
    stand for it, so a doubled msgstr counts twice; fields sharing one help text ("leave
    empty to keep the current value") each print it once."""
    form = (response.context or {}).get("form")
    html = response.content.decode()
    starts = Counter(escape(str(f.help_text))[:24] for f in form or () if f.help_text)
    for start, fields in starts.items():
        assert html.count(start) <= fields, (start, html.count(start), fields)


@pytest.mark.parametrize(
    "page", world_params([(p,) for p in PAGES], [p.name for p in PAGES], "forms")
)
def test_every_form_page_opens_and_answers_an_invalid_post_without_a_500(world, page):
    for user in world.users().values():
        if page.perm is not None and not user.has_perm(page.perm):
            continue
        pk = None
        if page.rows is not None:
            pk = page.rows(user).order_by("pk").values_list("pk", flat=True).first()
            if pk is None:
                continue
        break
    else:
        pytest.fail(f"no cast member can open {page.name}")
    client = session_login(Client(), user)
    url = _url(page.route, pk)
    opened = client.get(url)
    assert opened.status_code == 200, (user.username, url)
    assert b"<form" in opened.content
    _assert_each_help_text_once(opened)
    refused = client.post(url, {})
    # An empty post is refused, unless the form asks for nothing (the bureau's optional risk
    # inputs: saving them empty clears them) and so may save it and redirect.
    asks = re.search(rb"<(?:input|select|textarea)[^>]*\srequired[\s>/]", opened.content)
    allowed = (200, 400) if asks else (200, 302, 400)
    assert refused.status_code in allowed, (user.username, url, refused.status_code)
