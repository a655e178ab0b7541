"""The student picker (issue 25, ``core.autocomplete``): found by ID number or 学籍号
through the blind index, by class, or by name inside a school-sized scope; always
inside ``visible_to``; labelled masked; asked by POST; every search by personal data
audited without what was typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.conftest import picker_answer, picker_ids, session_login
from edugov.core import autocomplete

from .conftest import make_id, make_student

pytestmark = pytest.mark.django_db
URL = reverse("students:autocomplete")


def ask(user, **params):
    return picker_answer(user, URL, post=True, **params)


ids = picker_ids


@pytest.fixture
def pupils(cast):
    return {
        "zhang": make_student(cast.donghu_school, name="张三丰", grade=7, class_name="2班"),
        "li": make_student(
            cast.donghu_school, name="李四", grade=8, class_name="1班", born=dt.date(2009, 1, 2)
        ),
        "far": make_student(
            cast.jinxian_school, name="张无忌", grade=7, class_name="2班", born=dt.date(2008, 7, 1)
        ),
    }


def test_found_by_id_number_or_student_number_inside_the_scope_only(cast, pupils):
    zhang, far = pupils["zhang"], pupils["far"]
    assert ids(ask(cast.donghu_principal, q=zhang.id_number)) == {zhang.pk}
    assert ids(ask(cast.donghu_principal, q=zhang.student_number.lower())) == {zhang.pk}
    # Another district's child, by her exact number: nothing.
    assert ids(ask(cast.donghu_principal, q=far.id_number)) == set()
    assert ids(ask(cast.city_admin, q=far.id_number)) == {far.pk}
    assert ids(ask(cast.city_admin, q=make_id(dt.date(2010, 1, 1)))) == set()


def test_found_by_class(cast, pupils):
    principal = cast.donghu_principal
    assert ids(ask(principal, q="7-2")) == {pupils["zhang"].pk}
    assert ids(ask(principal, q="7年级2班")) == {pupils["zhang"].pk}
    assert ids(ask(principal, q="8年级")) == {pupils["li"].pk}
    assert ids(ask(principal, q="9-1")) == set()
    assert ids(ask(cast.city_admin, q="7-2")) == {pupils["zhang"].pk, pupils["far"].pk}


def test_found_by_part_of_the_name_and_labelled_masked(cast, pupils):
    body = ask(cast.donghu_principal, q="三丰").json()
    assert [r["id"] for r in body["results"]] == [pupils["zhang"].pk]
    text = body["results"][0]["text"]
    assert "张**" in text and "三丰" not in text and cast.donghu_school.name in text
    assert pupils["zhang"].student_number not in text
    # 张无忌 is in 进贤县: the principal's name search never reaches her.
    assert ids(ask(cast.donghu_principal, q="张")) == {pupils["zhang"].pk}


def test_a_name_search_over_too_many_asks_for_a_school_first(cast, pupils, monkeypatch):
    monkeypatch.setattr(autocomplete, "NAME_SCAN", 2)
    body = ask(cast.city_admin, q="张").json()
    assert body["results"] == [] and body["hint"]
    # Narrowed by the school chosen in the same form, it runs.
    assert ids(ask(cast.city_admin, q="张", school=cast.jinxian_school.pk)) == {pupils["far"].pk}
    # District first: a district outside the scope narrows to nothing.
    assert ids(ask(cast.donghu_principal, q="7-2", district=cast.jinxian.pk)) == set()


def test_every_search_by_personal_data_is_audited_without_the_value(cast, pupils):
    zhang = pupils["zhang"]
    before = AuditEvent.objects.filter(event_type="students.search").count()
    ask(cast.donghu_principal, q=zhang.id_number)
    ask(cast.donghu_principal, q="三丰")
    ask(cast.donghu_principal, q="7-2")  # a class is not personal data
    events = list(AuditEvent.objects.filter(event_type="students.search").order_by("seq")[before:])
    assert [e.changes["by"] for e in events] == ["number", "name"]
    for event in events:
        assert zhang.id_number not in str(event.changes) and "三丰" not in str(event.changes)


def test_asked_by_post_only_and_a_404_without_the_right(cast, pupils):
    client = session_login(Client(), cast.donghu_principal)
    assert client.get(URL, {"q": pupils["zhang"].id_number}).status_code == 405
    without = [u for u in cast.users().values() if not u.has_perm("students.view_student")]
    assert without and ask(without[0], q="7-2").status_code == 404


def test_a_forms_student_dropdown_becomes_the_picker_above_the_limit(cast, pupils, monkeypatch):
    """A portfolio record chose among every student in scope (a city's million)."""
    client = session_login(Client(), cast.city_admin)
    url = reverse("portfolio:record_create")
    select = _select(client.get(url).content.decode(), "student")
    assert "data-autocomplete" not in select and len(re.findall(r"<option", select)) == 4
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 2)
    select = _select(client.get(url).content.decode(), "student")
    assert f'data-autocomplete="{URL}"' in select
    assert 'data-autocomplete-method="post"' in select
    assert 'data-autocomplete-with="district school"' in select
    assert len(re.findall(r"<option", select)) == 1  # the empty choice only
    # Re-shown after an invalid post, the chosen student is the one option, masked.
    page = client.post(url, {"student": pupils["zhang"].pk}).content.decode()
    select = _select(page, "student")
    assert f'value="{pupils["zhang"].pk}" selected' in select and "张**" in select


def _select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>.*?</select>', page, re.S)
    assert found is not None, name
    return found.group(0)
