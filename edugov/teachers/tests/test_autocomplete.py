"""The teacher picker (issue 25, ``core.autocomplete``): by ID number (blind index),
staff number or name inside a school-sized scope; scoped, masked, asked by POST."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.conftest import picker_answer, picker_ids, session_login
from edugov.core import autocomplete

from .world import make_teacher

pytestmark = pytest.mark.django_db
URL = reverse("teachers:autocomplete")


def ask(user, **params):
    return picker_answer(user, URL, post=True, **params)


ids = picker_ids


@pytest.fixture
def staff(cast):
    return (
        make_teacher(cast.donghu_school, name="王丽", staff_number="DH0001"),
        make_teacher(
            cast.jinxian_school, name="王芳", staff_number="JX0001", born=dt.date(1980, 1, 2)
        ),
    )


def test_by_id_number_staff_number_or_name_inside_the_scope(cast, staff):
    mine, far = staff
    principal = cast.donghu_principal
    assert ids(ask(principal, q=mine.id_number)) == {mine.pk}
    assert ids(ask(principal, q="DH0001")) == {mine.pk}
    assert ids(ask(principal, q="JX0001")) == set()
    assert ids(ask(principal, q=far.id_number)) == set()
    assert ids(ask(principal, q="王")) == {mine.pk}
    assert ids(ask(cast.city_admin, q="王")) == {mine.pk, far.pk}
    assert ids(ask(cast.city_admin, q="王", district=cast.jinxian.pk)) == {far.pk}


def test_labels_are_masked_and_number_searches_audited(cast, staff):
    mine, _far = staff
    before = AuditEvent.objects.filter(event_type="teachers.search").count()
    text = ask(cast.donghu_principal, q=mine.id_number).json()["results"][0]["text"]
    assert "王*" in text and "王丽" not in text and mine.id_number not in text
    assert cast.donghu_school.name in text
    event = AuditEvent.objects.filter(event_type="teachers.search").order_by("seq")[before]
    assert event.changes["by"] == "number" and mine.id_number not in str(event.changes)


def test_too_many_for_a_name_search_asks_to_narrow(cast, staff, monkeypatch):
    monkeypatch.setattr(autocomplete, "NAME_SCAN", 1)
    body = ask(cast.city_admin, q="王").json()
    assert body["results"] == [] and body["hint"]
    assert ids(ask(cast.city_admin, q="王", school=cast.donghu_school.pk)) == {staff[0].pk}


def test_the_ethics_form_offers_the_picker_above_the_limit(cast, staff, monkeypatch):
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    client = session_login(Client(), cast.city_admin)
    page = client.get(reverse("teachers:ethics_create")).content.decode()
    select = re.search(r'<select name="teacher"[^>]*>.*?</select>', page, re.S).group(0)
    assert f'data-autocomplete="{URL}"' in select
    assert len(re.findall(r"<option", select)) == 1
    assert client.get(URL).status_code == 405  # POST only: an ID number stays out of URLs
