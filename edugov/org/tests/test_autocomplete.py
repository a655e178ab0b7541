"""The school picker's autocomplete (issue 25): scoped through visible_to, narrowed
district-first, a few rows at a time; the picker renders the chosen school only."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from edugov.conftest import make_school, picker_ids, session_login
from edugov.core import autocomplete
from edugov.core.context import acting
from edugov.org.autocomplete import UnitAutocomplete
from edugov.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
URL = reverse("org:unit_autocomplete")


def ask(user, **params):
    client = session_login(Client(), user)
    return client.get(URL, params)


ids = picker_ids


def test_a_city_admin_finds_schools_city_wide_labelled_with_their_district(cast):
    body = ask(cast.city_admin).json()
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL)
    assert {r["id"] for r in body["results"]} == set(schools.values_list("pk", flat=True))
    assert body["more"] is False
    junior = next(r for r in body["results"] if r["id"] == cast.donghu_junior.pk)
    assert junior["text"] == f"{cast.donghu_junior.name}（{cast.donghu.name}）"


def test_a_district_officer_sees_only_the_districts_schools(cast):
    found = ids(ask(cast.donghu_officer))
    assert cast.donghu_junior.pk in found and cast.jinxian_school.pk not in found
    assert found == set(
        Unit.objects.visible_to(cast.donghu_officer)
        .filter(kind=UnitKind.SCHOOL)
        .values_list("pk", flat=True)
    )


def test_a_principal_finds_only_the_own_school(cast):
    assert ids(ask(cast.donghu_principal)) == {cast.donghu_principal.unit_id}


def test_the_district_narrows_first_and_another_districts_id_gives_nothing(cast):
    assert ids(ask(cast.city_admin, district=cast.jinxian.pk)) == {cast.jinxian_school.pk}
    # 东湖区's officer naming 进贤县: no school of it, not even a count.
    response = ask(cast.donghu_officer, district=cast.jinxian.pk)
    assert ids(response) == set() and response.json()["more"] is False


def test_a_picker_of_several_kinds_searches_those_only(cast):
    found = ids(ask(cast.city_admin, kind="district,zone"))
    assert cast.donghu.pk in found and cast.jinxian.pk in found
    assert not found & {cast.donghu_school.pk, cast.city.pk}
    assert ids(ask(cast.city_admin, kind="nonsense")) == ids(ask(cast.city_admin))  # schools


def test_search_by_name_or_code_prefix(cast):
    name = cast.donghu_junior.name
    assert cast.donghu_junior.pk in ids(ask(cast.city_admin, q=name[-3:]))
    assert ids(ask(cast.city_admin, q=cast.donghu_junior.code[:8])) >= {cast.donghu_junior.pk}
    assert ids(ask(cast.city_admin, q="没有这所学校")) == set()


def test_at_most_limit_rows_and_whether_there_are_more(cast, monkeypatch):
    monkeypatch.setattr(autocomplete, "LIMIT", 2)
    with acting(None):
        for i in range(3):
            make_school(cast.donghu, f"21360099{i:02d}", f"自动补全测试小学{i}")
    body = ask(cast.city_admin, q="自动补全测试").json()
    assert len(body["results"]) == 2 and body["more"] is True
    body = ask(cast.city_admin, q="自动补全测试小学2").json()
    assert len(body["results"]) == 1 and body["more"] is False


def test_no_right_to_view_units_is_a_404_and_no_login_a_redirect(cast, client):
    assert client.get(URL).status_code == 302
    without = [u for u in cast.users().values() if not u.has_perm("org.view_unit")]
    assert without, "the cast must hold a member who may not view units"
    assert ask(without[0]).status_code == 404


def test_the_school_filter_renders_the_chosen_school_only(cast):
    client = session_login(Client(), cast.city_admin)
    page = client.get(
        reverse("students:student_list"), {"school": cast.donghu_junior.pk}
    ).content.decode()
    select = re.search(r'<select name="school"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None and 'data-autocomplete="' + URL in select.group(0)
    options = re.findall(r"<option[^>]*>", select.group(1))
    assert len(options) == 2  # the empty choice and the chosen school
    assert f'value="{cast.donghu_junior.pk}" selected' in select.group(1)
    # An id outside the scope is refused by the field and never labelled.
    officer = session_login(Client(), cast.donghu_officer)
    page = officer.get(reverse("students:student_list"), {"school": cast.jinxian_school.pk})
    assert cast.jinxian_school.name not in page.content.decode()


def _select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>.*?</select>', page, re.S)
    assert found is not None, name
    return found.group(0)


def test_a_forms_unit_dropdown_becomes_the_autocomplete_above_the_limit(cast, monkeypatch):
    """``core.views.narrow_form_fields`` gives a unit field of many choices the picker
    (a city-wide user's ~1,800 schools took 250 ms to render); few stay a dropdown."""
    client = session_login(Client(), cast.donghu_officer)
    url = reverse("org:unit_edit", args=[cast.donghu_junior.pk])
    schools = Unit.objects.visible_to(cast.donghu_officer).count()
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", schools)
    select = _select(client.get(url).content.decode(), "parent")
    assert "data-autocomplete" not in select
    assert len(re.findall(r"<option", select)) > 2
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    select = _select(client.get(url).content.decode(), "parent")
    assert 'data-autocomplete="' + URL in select
    # A parent may be of several kinds: the picker searches those, and no other.
    kinds = ",".join(
        sorted(
            set(
                client.get(url)
                .context["form"]
                .fields["parent"]
                .queryset.values_list("kind", flat=True)
            )
        )
    )
    assert f'data-autocomplete-params="{{&quot;kind&quot;: &quot;{kinds}&quot;}}"' in select
    assert "," in kinds
    options = re.findall(r"<option[^>]*>", select)
    assert len(options) == 2 and f'value="{cast.donghu.pk}" selected' in select
    # What the field accepts is unchanged: its scoped queryset still validates the id.
    field = client.get(url).context["form"].fields["parent"]
    assert field.clean(cast.donghu.pk) == cast.donghu
    with pytest.raises(ValidationError):
        field.clean(cast.jinxian.pk)


def test_a_picker_of_one_kind_searches_that_kind():
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL)
    assert UnitAutocomplete.widget_for(schools) is None  # the cast's few schools: a dropdown
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(autocomplete, "PICKER_ABOVE", 0)
        assert UnitAutocomplete.widget_for(schools).params == {"kind": "school"}


def test_a_multiple_choice_of_many_units_becomes_the_picker_of_several(cast, monkeypatch):
    """An alliance's member schools: every school in scope was an ``<option>``; now the
    chosen ones only, and the field still takes several ids, each checked by its scoped
    queryset."""
    from edugov.core.autocomplete import AutocompleteSelectMultiple

    client = session_login(Client(), cast.city_admin)
    url = reverse("registry:alliance_create")
    select = _select(client.get(url).content.decode(), "member_schools")
    assert "data-autocomplete" not in select and "multiple" in select
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    response = client.get(url)
    select = _select(response.content.decode(), "member_schools")
    assert f'data-autocomplete="{URL}"' in select and "multiple" in select
    assert "<option" not in select  # nothing chosen yet: not even an empty choice
    field = response.context["form"].fields["member_schools"]
    assert isinstance(field.widget, AutocompleteSelectMultiple)
    chosen = [cast.donghu_school.pk, cast.jinxian_school.pk]
    html = field.widget.render("member_schools", chosen)
    assert len(re.findall(r"<option[^>]*selected", html)) == 2
    assert cast.jinxian_school.name in html
    from django.http import QueryDict

    data = QueryDict(f"member_schools={chosen[0]}&member_schools={chosen[1]}")
    assert field.widget.value_from_datadict(data, {}, "member_schools") == [
        str(pk) for pk in chosen
    ]
    assert {u.pk for u in field.clean(chosen)} == set(chosen)
