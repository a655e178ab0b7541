"""Function views that act on one object declare it once, with ``core.actions.object_view``.

Issue 14 §7: a view declared its model and action in urls.py (for the matrix) and again
in its own ``get_visible_or_404`` call, and enforced POST in several ways. These tests walk
the URL conf so a new view that goes back to either habit fails here.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver

from edugov.conftest import session_login
from edugov.core.tests.test_authz_matrix import _url, walk

pytestmark = pytest.mark.django_db

# Views that still carry a bare scoped_view declaration, each with its reason.
NOT_OBJECT_VIEWS = {
    "jobs:detail": "the owner always sees her job, even without jobs.view_job: an "
    "owner-or-scope lookup, which visible_to (and so object_view) cannot express",
    "workplan:report_job": "the same owner-or-scope lookup of a Job as jobs:detail",
    "registry:evaluations": "no object in the URL: an index of the visible areas",
    "casework:inbox": "no object in the URL: the user's 待办 / 已办 (visible_to per move) "
    "and their own notifications",
    "casework:stats": "no object in the URL: figures over the cases visible_to the reader",
    "proposals:summary": "no object in the URL: figures over the proposals' cases "
    "visible_to the reader (casework's statistics)",
    "proposals:summary_xlsx": "no object in the URL: the summary's figures as .xlsx",
    "proposals:summary_docx": "no object in the URL: the summary's figures as .docx",
    "hotline:stats": "no object in the URL: casework's figures over the cases visible_to the "
    "reader, grouped by topic and district",
    "training:reserve": "no object in the URL: the reconciliation of the statement lines "
    "visible_to the reader",
    "training:afterschool_stats": "no object in the URL: 课后服务 figures by district over "
    "the programmes visible_to the reader",
    "safety:dashboard": "no object in the URL: figures over the hazards, plans and ledgers "
    "visible_to the reader",
    "enrolment:my_applications": "no object in the URL: the parent's own applications "
    "(visible_to(user, 'own'))",
    "enrolment:application_new": "no object in the URL: a parent's new application",
    "enrolment:statistics": "no object in the URL: figures over the applications and plans "
    "visible_to the reader (enrolment/selectors.py)",
    "enrolment:results": "no object in the URL: the school plans visible_to the reader, "
    "with the publish and pre-register moves each plan's reader can make",
    "projects:map": "no object in the URL: the projects visible_to the reader on the map",
    "projects:gantt": "no object in the URL: the milestones visible_to the reader by district",
    "projects:summary": "no object in the URL: the monthly summary over the projects "
    "visible_to the reader (page, .xlsx, .docx)",
    "projects:monitor": "no object in the URL: 双监控 over the budget lines visible_to the "
    "reader, and its results report",
    "projects:funding": "no object in the URL: the funding checks over the allocations and "
    "spending visible_to the reader",
    "projects:equipment": "no object in the URL: 装备达标 over the assets visible_to the reader",
    "portfolio:counts": "no object in the URL: record counts over the rows "
    "visible_to(user, 'count'), no student on the page",
    "fitness:report": "no object in the URL: levels, rates and means over the rows "
    "visible_to(user, 'count'), no student on the page or in the file",
    "programmes:coverage": "no object in the URL: school counts by district over the "
    "reader's scope (the coverage KPI's own definition)",
}


def _declared():
    """(route, name, callback) of every URL whose view carries a scoped_model."""
    for route, name, callback in walk(get_resolver().url_patterns):
        if hasattr(callback, "scoped_model"):
            yield route, name, callback


def test_every_declared_function_view_is_an_object_view():
    # object_view sets allowed_methods; a bare declaration (scoped_view) does not, which
    # means the view looks its object up itself: the model and action written twice.
    bare = [
        name
        for _, name, callback in _declared()
        if not hasattr(callback, "allowed_methods") and name not in NOT_OBJECT_VIEWS
    ]
    assert bare == []


def _looks_up(view, lookup: str) -> bool:
    """Does the view's own code take the URL's ``lookup`` or pass it to
    ``get_visible_or_404``? A second object (another run to compare with, from the
    query string) is not a double declaration."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(view)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == view.__name__
            and lookup in [a.arg for a in node.args.args + node.args.kwonlyargs]
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "get_visible_or_404"
            and any(
                k.arg == lookup and isinstance(k.value, ast.Name) and k.value.id == lookup
                for k in node.keywords
            )
        ):
            return True
    return False


def test_no_object_view_looks_its_own_object_up_again():
    doubled = [
        name
        for _, name, callback in _declared()
        if name not in NOT_OBJECT_VIEWS
        and _looks_up(inspect.unwrap(callback), callback.scoped_lookup)
    ]
    assert doubled == []


def test_the_allow_list_names_only_views_that_still_need_it():
    bare = {name for _, name, cb in _declared() if not hasattr(cb, "allowed_methods")}
    assert set(NOT_OBJECT_VIEWS) <= bare


@pytest.mark.xdist_group("object_views")
def test_a_post_only_object_view_answers_a_get_with_405_to_a_user_in_scope(world):
    unchecked, wrong = [], []
    post_only = [
        (route, name, cb)
        for route, name, cb in _declared()
        if getattr(cb, "allowed_methods", None) == ("POST",)
    ]
    assert post_only, "no POST-only object views found"
    for route, name, callback in post_only:
        model, action = callback.scoped_model, callback.scoped_action
        # Every user, not only the cast: the world adds actors such as a 督导室 issuer.
        for user in get_user_model().objects.order_by("pk"):
            obj = model._default_manager.visible_to(user, action).order_by("pk").first()
            if obj is None:
                continue
            status = session_login(Client(), user).get(_url(route, obj.pk)).status_code
            if status != 405:
                wrong.append((name, status))
            break
        else:
            unchecked.append(name)
    assert wrong == []
    # A view no one may use is checked nowhere; the world must cover it.
    assert unchecked == []
