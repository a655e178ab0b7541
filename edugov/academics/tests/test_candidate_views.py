"""A student's result page shows their ranks; the 学籍号 is masked everywhere, found by
POST through the blind index, refused in a query string."""

import pytest
from django.urls import reverse

from edugov.academics.models import Candidate
from edugov.core.testing import ScopedViewTests

from .conftest import student_number

pytestmark = pytest.mark.django_db


class TestCandidatePagesAreScoped(ScopedViewTests):
    list_url = "academics:candidate_list"
    detail_url = "academics:candidate_detail"
    export_url = "academics:candidate_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "exam candidates come only from the score import; there is no edit page"
        ),
    }

    @pytest.fixture(autouse=True)
    def _world(self, world):
        self.w = world

    def objects(self, cast):
        inside = Candidate.objects.get(exam=self.w.exam, exam_no="900004")
        outside = Candidate.objects.get(exam=self.w.exam, exam_no="900008")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.exam_no


def test_the_result_page_shows_marks_ranks_and_absence(client_for, world):
    c = Candidate.objects.get(exam=world.exam, exam_no="900005")
    response = client_for(world.junior_principal).get(c.get_absolute_url(), {})
    # 900005 is at 东湖区第二中学: not the principal's school.
    assert response.status_code == 404
    mine = Candidate.objects.get(exam=world.exam, exam_no="900002")
    response = client_for(world.junior_principal).get(mine.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="ranks"' in body
    assert student_number(2) not in body  # masked
    assert response["Cache-Control"].count("no-store") == 1


def test_lists_and_exports_never_show_the_full_student_number(cast, client_for, world):
    client = client_for(cast.city_admin)
    body = client.get(reverse("academics:candidate_list")).content.decode()
    export = b"".join(
        client.get(reverse("academics:candidate_export"), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    for i in range(12):
        assert student_number(i) not in body and student_number(i) not in export


def test_a_result_is_found_by_post_through_the_blind_index(client_for, world):
    client = client_for(world.junior_principal)
    response = client.post(
        reverse("academics:candidate_list"), {"student_number": student_number(1)}
    )
    mine = Candidate.objects.get(exam=world.exam, exam_no="900001")
    assert response.status_code == 302 and response["Location"] == mine.get_absolute_url()
    # Another school's student: the same answer as a student who does not exist.
    other = client.post(reverse("academics:candidate_list"), {"student_number": student_number(5)})
    assert other["Location"] == reverse("academics:candidate_list")


def test_a_student_number_in_the_query_string_is_refused(cast, client_for, world):
    response = client_for(cast.city_admin).get(
        reverse("academics:candidate_list"), {"q": "J360100000000000001"}
    )
    assert response.status_code == 400
