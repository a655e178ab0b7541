"""The report of figures: levels, pass rate and 优良率 per district (city), per school
(district) or per grade (school), hand-checked; the trend over years; each item's weakest
grade; a district reads figures but no student; a role without ``count`` gets a 404."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from edugov.conftest import make_user, session_login
from edugov.fitness.models import FitnessResult, Level
from edugov.fitness.selectors import report
from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db


def result(school, *, year, grade, level, bmi=100, run=80, exempt=False):
    student = make_student(school, id_number="", sex="male", grade=int(grade))
    return FitnessResult.objects.create(
        school=school,
        student=student,
        school_year=year,
        grade=grade,
        sex="M",
        exempt=exempt,
        raw={},
        scores={} if exempt else {"bmi": bmi, "run_50m": run},
        level=level,
    )


@pytest.fixture
def results(cast):
    # 东湖区, 2023: 优秀, 良好, 及格, 不及格 and one 免测 (not in the rates' denominator)
    result(cast.donghu_school, year=2023, grade="3", level=Level.EXCELLENT, run=95)
    result(cast.donghu_school, year=2023, grade="3", level=Level.GOOD, run=85)
    result(cast.donghu_school, year=2023, grade="5", level=Level.PASS, run=40)
    result(cast.donghu_school, year=2023, grade="5", level=Level.FAIL, run=20)
    result(cast.donghu_school, year=2023, grade="5", level=Level.EXEMPT, exempt=True)
    # 进贤县, 2023: two 良好; and 2022: one 不及格
    result(cast.jinxian_school, year=2023, grade="4", level=Level.GOOD)
    result(cast.jinxian_school, year=2023, grade="4", level=Level.GOOD)
    result(cast.jinxian_school, year=2022, grade="3", level=Level.FAIL)


def test_the_city_reads_districts_with_hand_checked_rates(cast, results):
    r = report(cast.city_admin)
    assert r.year == 2023 and r.years == [2023, 2022]
    rows = {row.label: row for row in r.rows}
    donghu, jinxian = rows["东湖区"], rows["进贤县"]
    assert donghu.tested == 4 and donghu.counts[Level.EXEMPT] == 1
    assert str(donghu.pass_rate) == "75.0" and str(donghu.good_rate) == "50.0"
    assert str(jinxian.good_rate) == "100.0"
    assert r.total.tested == 6 and str(r.total.good_rate) == "66.7"
    assert [(y, str(rate)) for y, rate in r.trend] == [(2022, "0.0"), (2023, "66.7")]
    weakest = {item: (grade, mean) for item, grade, mean in r.weakest}
    assert weakest["50米跑"] == ("5年级", 30.0)  # grade 5: (40 + 20) / 2; the exempt left out


def test_a_district_reads_its_schools_and_a_school_its_grades(cast, results):
    r = report(cast.donghu_officer)
    assert [row.label for row in r.rows] == [cast.donghu_school.name]
    assert r.total.tested == 4
    r = report(cast.donghu_principal, 2023)
    assert [(row.label, row.tested) for row in r.rows] == [("3年级", 2), ("5年级", 2)]
    assert report(cast.jinxian_principal, 2022).total.tested == 1


def test_the_page_and_its_file_show_figures_and_no_student(cast, results):
    client = session_login(Client(), cast.donghu_officer)
    url = reverse("fitness:report")
    page = client.get(url, {"year": 2023})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="report-row"' in html and "75.0" in html
    assert "张三丰" not in html and "学籍号" not in html
    assert client.get(reverse("fitness:result_list")).status_code == 404  # no rows
    xlsx = client.get(url, {"year": 2023, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1][0] == cast.donghu_school.name and values[-1][-1] == 50


def test_without_count_the_report_is_a_404_and_an_empty_scope_says_so(cast, results):
    teacher = make_user("pe_teacher", "teacher", cast.donghu_school)
    assert session_login(Client(), teacher).get(reverse("fitness:report")).status_code == 404
    FitnessResult.objects.all().delete()
    page = session_login(Client(), cast.city_admin).get(reverse("fitness:report"))
    assert 'data-testid="empty"' in page.content.decode()
