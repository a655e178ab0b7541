"""招聘: the plan beside each district's shortage of the subject; 公费师范生 placed in the
schools short of their subject (they become teachers there), in scope only; the graduates'
import with a bad row writing nothing."""

import re

import pytest
from django.urls import reverse

from edugov.core.context import acting
from edugov.students.tests.conftest import make_id
from edugov.teachers import recruitment
from edugov.teachers.importers import GraduateImporter
from edugov.teachers.models import Graduate, Teacher

from .test_import import run
from .world import graduate, make_teacher, post, recruit, rotation_district

pytestmark = pytest.mark.django_db


def test_the_plan_shows_the_districts_shortage(cast, client_for):
    rotation_district(cast)  # 东湖区 maths: the junior school is short by 2
    recruit(cast.donghu, "maths", 1)
    recruit(cast.jinxian, "maths", 4)
    page = client_for(cast.donghu_officer).get(reverse("teachers:recruitment_list"))
    body = page.content.decode()
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>东湖区</td>(.*?)</tr>", body, re.S).group(1)
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", row)
    assert cells[2:6] == ["2", "1", "0", "1"]  # short 2, planned 1, 公费 0, open 1
    assert "进贤县" not in body
    export = client_for(cast.donghu_officer).get(
        reverse("teachers:recruitment_export"), {"format": "csv"}
    )
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and ",2,1,0,1" in lines[1]


def test_graduates_go_to_the_schools_short_of_their_subject(cast, client_for):
    rotation_district(cast)  # the junior school is short of 2 maths teachers
    post(cast.donghu_school, "english", 1)
    g1, g2, g3 = (graduate(cast.donghu, "maths") for _ in range(3))
    english = graduate(cast.donghu, "english")
    theirs = graduate(cast.jinxian, "maths")
    response = client_for(cast.donghu_officer).post(reverse("teachers:graduate_list"))
    assert response.status_code == 302
    placed = {g.pk: g.placed_school_id for g in Graduate.objects.all()}
    assert placed[g1.pk] == placed[g2.pk] == cast.donghu_junior.pk
    assert placed[g3.pk] is None  # the shortage is filled
    assert placed[english.pk] == cast.donghu_school.pk
    assert placed[theirs.pk] is None  # another district's: not the officer's to place
    t = Teacher.objects.get(pk=Graduate.objects.get(pk=g1.pk).teacher_id)
    assert t.free_normal_student and t.school == cast.donghu_junior and t.subject == "maths"


def test_a_principal_cannot_place(cast):
    g = graduate(cast.donghu, "maths")
    with acting(cast.donghu_principal), pytest.raises(Exception):  # noqa: B017, PT011
        recruitment.graduates_place(user=cast.donghu_principal, graduates=[g])
    assert Graduate.objects.get().placed_school is None


def test_the_graduate_import_names_bad_rows_and_writes_nothing(cast):
    header = ["姓名", "身份证件号", "县区代码", "学年", "科目"]
    good = make_id(make_teacher(cast.donghu_school).birth_date.replace(year=2003))
    report = run(
        GraduateImporter,
        cast.donghu_officer,
        header,
        [["李婷", good, "360102", 2026, "数学"], ["王芳", "123", "360102", 2026, "数学"]],
    )
    assert not Graduate.objects.exists()
    assert any(e.startswith("第 3 行") and "身份证件号" in e for e in report.errors)
    report = run(
        GraduateImporter, cast.donghu_officer, header, [["李婷", good, "360102", 2026, "数学"]]
    )
    assert report.ok and Graduate.objects.get().masked("id_number") != good
