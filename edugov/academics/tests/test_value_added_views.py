"""The value-added page: error bars from JSON alone, scoped rows, xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edugov.academics.analysis import exam_analyse
from edugov.core.context import acting

from .conftest import make_exam, rows_for, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(cast, world):
    exam = make_exam(cast.city, name="九年级二模", prior=world.exam)
    rows = rows_for([world.junior, world.junior2, world.jinxian_junior], offset=1, shift=3)
    assert not run_import(exam, cast.city_admin, rows).errors
    with acting(cast.city_admin):
        exam_analyse(exam=exam)
    return exam


def test_the_city_sees_every_school_with_its_interval(cast, client_for, later):
    response = client_for(cast.city_admin).get(
        reverse("academics:exam_value_added", args=[later.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200 and '"candlestick"' in body
    assert body.count("<tr>") == 4  # header + 3 schools


def test_a_district_sees_only_its_schools(cast, client_for, later):
    response = client_for(cast.donghu_officer).get(
        reverse("academics:exam_value_added", args=[later.pk]), {"export": "xlsx"}
    )
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert {r[0] for r in ws.iter_rows(min_row=2, values_only=True)} == {
        "东湖区第一中学",
        "东湖区第二中学",
    }


def test_a_principal_sees_her_classes(client_for, world, later):
    response = client_for(world.junior_principal).get(
        reverse("academics:exam_value_added", args=[later.pk]), {"level": "class"}
    )
    body = response.content.decode()
    assert "1班" in body and "东湖区第二中学" not in body
