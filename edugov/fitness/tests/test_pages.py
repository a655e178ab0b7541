"""The class report and the card: in scope 200, out of scope 404; levels on the report,
item scores on the card; the record service refuses another school's students."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.fitness.models import FitnessResult, Level
from edugov.fitness.services import Entry, fitness_results_record
from edugov.students.tests.conftest import make_student

from .world import record

pytestmark = pytest.mark.django_db


class TestResultPages(ScopedViewTests):
    list_url = "fitness:result_list"
    detail_url = "fitness:result_detail"
    export_url = "fitness:result_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "results are uploaded, never edited by hand"
    }

    def objects(self, cast):
        inside = record(cast.donghu_principal, cast.donghu_school, class_name="东湖5班")
        outside = record(cast.jinxian_principal, cast.jinxian_school, class_name="进贤5班")
        return cast.donghu_principal, inside, outside

    def label(self, obj):
        return obj.class_name


def test_the_report_shows_levels_and_the_card_item_scores(cast, client_for):
    # 五年级男: BMI 17.9 正常 100; 肺活量 2000 → 74 (1930 row); 50 m 9.0 → 78; 坐位体前屈 8.0 → 76;
    # 跳绳, 仰卧起坐, 往返跑 not tested → 0. 标准分 = (1500+1110+1560+760)/100 = 49.3 不及格
    r = record(cast.donghu_principal, cast.donghu_school, class_name="东湖5班")
    assert (r.standard_tenths, r.level) == (493, Level.FAIL)
    client = client_for(cast.donghu_principal)
    page = client.get(reverse("fitness:result_list"), {"class_name": "东湖5班"}).content.decode()
    assert "49.3" in page and "不及格" in page
    card = client.get(reverse("fitness:result_detail", args=[r.pk])).content.decode()
    assert card.count('data-testid="item-row"') == 4 and "49.3" in card


def test_an_exempt_student_reads_exempt(cast, client_for):
    r = record(cast.donghu_principal, cast.donghu_school, class_name="东湖6班", exempt=True)
    assert r.total_tenths is None and r.scores == {}
    card = client_for(cast.donghu_principal).get(reverse("fitness:result_detail", args=[r.pk]))
    assert 'data-testid="exempt"' in card.content.decode()


def test_another_schools_students_are_refused_and_nothing_is_written(cast):
    mine = make_student(cast.donghu_school, id_number="", sex="male", grade=5)
    theirs = make_student(cast.jinxian_school, id_number="", sex="female", grade=5)
    with acting(cast.donghu_principal), pytest.raises(PermissionDenied):
        fitness_results_record(
            user=cast.donghu_principal,
            school_year=2023,
            entries=[Entry(student=mine, values={}), Entry(student=theirs, values={})],
        )
    assert not FitnessResult.objects.exists()
