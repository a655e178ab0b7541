"""A picker of a form field with its own choice rule (``choice_rules``) offers that rule's
rows — what the dropdown would have listed — to whoever may fill the form, and nothing
to anyone else (``core.autocomplete``, issue 25)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from edugov.conftest import picker_ids, session_login
from edugov.core import autocomplete
from edugov.training.models import Institution, Status
from edugov.training.tests.world import institutions
from edugov.workplan.selectors import assignable_owners

pytestmark = pytest.mark.django_db
USERS = reverse("accounts:user_autocomplete")
INSTITUTIONS = reverse("training:institution_autocomplete")


def ask(user, url, **params):
    return session_login(Client(), user).get(url, params)


ids = picker_ids


def test_a_tasks_owner_is_searched_among_assignable_owners_without_the_right_to_manage_accounts(
    cast,
):
    staff = cast.dept_staff
    assert not staff.has_perm("accounts.view_user")
    assert ask(staff, USERS).status_code == 404  # accounts are not hers to browse
    response = ask(staff, USERS, field="workplan.task.owner")
    owners = assignable_owners(staff)
    assert ids(response) == set(owners.values_list("pk", flat=True)[:20])
    assert response.json()["more"] == (owners.count() > 20)
    found = ids(ask(staff, USERS, field="workplan.task.owner", q=cast.donghu_principal.username))
    assert found == {cast.donghu_principal.pk}


def test_a_field_rule_needs_the_right_to_fill_its_form(cast):
    assert not cast.counselor.has_perm("workplan.add_task")
    assert ask(cast.counselor, USERS, field="workplan.task.owner").status_code == 404


@pytest.mark.parametrize(
    "field",
    ["students.student.name", "nonsense", "workplan.nomodel.owner", "workplan.task.nofield"],
)
def test_a_field_without_a_rule_is_a_404(cast, field):
    assert ask(cast.city_admin, USERS, field=field).status_code == 404


def test_a_rule_of_another_model_is_a_404(cast):
    """The owner rule gives accounts: the institutions' endpoint refuses it."""
    assert ask(cast.city_admin, INSTITUTIONS, field="workplan.task.owner").status_code == 404


def test_a_school_picks_providers_among_the_vetted_though_it_cannot_open_the_registry(cast):
    donghu, jinxian = institutions(cast)
    Institution.objects.filter(pk=jinxian.pk).update(status=Status.SUSPENDED)
    principal = cast.donghu_principal
    assert ask(principal, INSTITUTIONS).status_code == 404
    assert ids(ask(principal, INSTITUTIONS, field="training.programme.providers")) == {donghu.pk}


def test_the_form_names_the_rule_in_its_picker(cast, monkeypatch):
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    page = session_login(Client(), cast.dept_staff).get(reverse("workplan:task_create"))
    select = re.search(r'<select name="owner"[^>]*>', page.content.decode())
    assert select is not None and f'data-autocomplete="{USERS}"' in select.group(0)
    assert "workplan.task.owner" in select.group(0)


def test_every_picker_answers_no_store_and_refuses_an_id_in_its_address(cast):
    """The pickers follow ``core.privacy`` like the pages of personal data: nothing is
    cached, and an ID number never travels in a query string (also on a rule's path)."""
    for url, params in ((USERS, {"field": "workplan.task.owner"}), (INSTITUTIONS, {})):
        response = ask(cast.city_admin, url, **params)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        refused = ask(cast.city_admin, url, q="360102200805041234", **params)
        assert refused.status_code == 400
    people = session_login(Client(), cast.donghu_principal)
    answer = people.post(reverse("students:autocomplete"), {"q": "7-2"})
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
