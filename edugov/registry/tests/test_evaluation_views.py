"""The evaluation pages: scope (a district officer sees only their own district's
schools, in every evaluation), a fixed number of queries, charts and reports."""

import io

import pytest
from django.urls import reverse

from edugov.registry.models import StatsStatus

from .conftest import make_stats

pytestmark = pytest.mark.django_db

PAGES = ("registry:kindergarten", "registry:youzhi", "registry:classsize", "registry:report")


def primary(school, year=2023, students=500, floor=1500, **extra):
    fields = dict(
        teachers_bachelor=round(students * 0.06),
        backbone_county=round(students * 0.015),
        teachers_pe=round(students * 0.012),
        sports_ground_area=students * 8,
        equipment_value=students * 2500,
        multimedia_classrooms=round(students * 0.03),
        floor_area=floor,
    )
    fields.update(extra)
    return make_stats(school, year, primary=students, **fields)


@pytest.fixture
def county(cast, school_factory):
    """东湖区: two primary schools (one short of floor area) and a kindergarten;
    进贤县: one primary school and a kindergarten."""
    weak = school_factory(cast.donghu, name="东湖区薄弱小学")
    primary(cast.donghu_school, floor=3000)
    primary(weak, floor=1000)  # 2 ㎡ per pupil: fails the 4.5 line by far
    primary(cast.jinxian_school, floor=3000)
    for district, name in ((cast.donghu, "东湖区阳光幼儿园"), (cast.jinxian, "进贤县阳光幼儿园")):
        kg = school_factory(district, "kindergarten", name=name)
        make_stats(kg, children=120, teachers=10)
    return weak


def test_the_youzhi_page_lists_the_failing_school_with_its_gap(cast, county, client_for):
    response = client_for(cast.city_admin).get(
        reverse("registry:youzhi", args=[cast.donghu.pk]), {"year": 2023}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-chart="chart-cv-primary"' in body and 'id="chart-cv-primary"' in body
    assert "东湖区薄弱小学" in body
    # 500 pupils × 4.5 ㎡ − 1000 ㎡ = 1250 ㎡ more to reach the standard.
    assert "+1,250 ㎡" in body


@pytest.mark.parametrize("page", PAGES)
def test_a_district_officer_sees_only_their_own_district_in_every_evaluation(
    cast, county, client_for, page
):
    client = client_for(cast.donghu_officer)
    assert client.get(reverse(page, args=[cast.jinxian.pk])).status_code == 404
    assert client.get(reverse(page, args=[cast.city.pk])).status_code == 404
    assert client.get(reverse(page, args=[cast.jinxian_school.pk])).status_code == 404
    response = client.get(reverse(page, args=[cast.donghu.pk]), {"year": 2023})
    assert response.status_code == 200
    body = response.content.decode() if page != "registry:report" else _xlsx_text(response.content)
    assert "进贤" not in body
    if page != "registry:classsize":
        assert "东湖区" in body


def test_the_city_page_shows_a_district_officer_nothing_outside_scope(cast, county, client_for):
    # Even where a unit above is visible (a principal's school page), the figures are
    # filtered by the user's scope: the principal sees only her own school.
    client = client_for(cast.donghu_principal)
    body = client.get(reverse("registry:youzhi", args=[cast.donghu_school.pk])).content.decode()
    assert cast.donghu_school.name in body and "东湖区薄弱小学" not in body


def _xlsx_text(content: bytes) -> str:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return " ".join(
        str(c)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for c in row
    )


@pytest.mark.parametrize("page", PAGES[:3])
def test_evaluation_pages_issue_a_fixed_number_of_queries(
    cast, school_factory, client_for, django_assert_max_num_queries, page
):
    client = client_for(cast.city_admin)
    url = reverse(page, args=[cast.city.pk])
    for i in range(3):
        primary(school_factory(cast.donghu), students=300 + i)
    client.get(url)  # warm the session and content-type caches
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        primary(school_factory(cast.jinxian), students=300 + i)
        kg = school_factory(cast.jinxian, "kindergarten")
        make_stats(kg, children=90, teachers=8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_drafts_and_submitted_figures_stay_out_of_the_evaluations(cast, county, client_for):
    county_draft = make_stats(cast.donghu_junior, junior=300, status=StatsStatus.SUBMITTED)
    body = (
        client_for(cast.city_admin)
        .get(reverse("registry:youzhi", args=[cast.donghu.pk]))
        .content.decode()
    )
    assert county_draft.school.name not in body


def test_the_docx_report_names_the_failing_school(cast, county, client_for):
    from docx import Document

    response = client_for(cast.donghu_officer).get(
        reverse("registry:report", args=[cast.donghu.pk]), {"format": "docx", "year": 2023}
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "东湖区薄弱小学" in text and "进贤" not in text


def test_the_kindergarten_page_shows_thresholds_and_new_public_count(cast, county, client_for):
    response = client_for(cast.city_admin).get(
        reverse("registry:kindergarten", args=[cast.city.pk]), {"year": 2023}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "公办园在园幼儿占比" in body and "国50" in body and "市58" in body


def test_the_index_lists_the_districts_for_the_city(cast, client_for):
    response = client_for(cast.city_admin).get(reverse("registry:evaluations"))
    assert response.status_code == 200 and "进贤县" in response.content.decode()
    response = client_for(cast.donghu_officer).get(reverse("registry:evaluations"))
    assert response.status_code == 302 and str(cast.donghu.pk) in response["Location"]
    assert client_for(cast.donghu_officer).post(reverse("registry:evaluations")).status_code == 404


def test_the_english_switch_names_the_indicators_in_english(cast, county, client_for):
    client = client_for(cast.city_admin)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("registry:youzhi", args=[cast.donghu.pk])).content.decode()
    assert "Teaching and auxiliary floor area per student" in body
    assert "Weighted CV per indicator against the line" in body
    client.cookies["django_language"] = "zh-hans"
    body = client.get(reverse("registry:youzhi", args=[cast.donghu.pk])).content.decode()
    assert "各指标校际差异系数（加权）与标准线" in body
