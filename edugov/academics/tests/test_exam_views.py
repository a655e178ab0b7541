"""Exam pages: list, detail, create with subjects and items, score upload through the
background job, re-analysis, clearing scores."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from edugov.academics.models import Candidate, Exam, ExamStatus
from edugov.core.testing import ScopedViewTests
from edugov.jobs.models import Job, JobStatus

from .conftest import csv_file, make_exam, rows_for

pytestmark = pytest.mark.django_db


class TestExamPagesAreScoped(ScopedViewTests):
    list_url = "academics:exam_list"
    detail_url = "academics:exam_detail"
    edit_url = "academics:exam_edit"
    export_url = "academics:exam_export"

    def objects(self, cast):
        inside = make_exam(cast.donghu, name="东湖区九年级联考")
        outside = make_exam(cast.jinxian, name="进贤县九年级联考")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.name


def test_a_school_that_sat_a_city_exam_can_read_it_but_not_change_it(client_for, world):
    client = client_for(world.junior_principal)
    assert client.get(world.exam.get_absolute_url()).status_code == 200
    assert client.get(reverse("academics:exam_edit", args=[world.exam.pk])).status_code == 404
    other = make_exam(world.exam.owner, name="没参加的考试")
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_city_creates_an_exam_with_subjects_and_items(cast, client_for):
    response = client_for(cast.city_admin).post(
        reverse("academics:exam_create"),
        {
            "name": "九年级期中",
            "date": "2026-11-10",
            "grade": "9",
            "owner": cast.city.pk,
            "pass_fraction": "0.60",
            "excellent_fraction": "0.85",
            "total_policy": "present_sum",
            "subjects_text": "语文 120 half\n数学 10 1:4:A 2:6",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exam = Exam.objects.get(name="九年级期中")
    assert [s.name for s in exam.subject_list()] == ["语文", "数学"]
    assert exam.scale == 2
    assert [(i.number, i.key) for i in exam.item_list()] == [(1, "A"), (2, "")]


def test_items_that_do_not_add_up_are_refused_by_the_form(cast, client_for):
    response = client_for(cast.city_admin).post(
        reverse("academics:exam_create"),
        {
            "name": "x",
            "date": "2026-11-10",
            "grade": "9",
            "owner": cast.city.pk,
            "pass_fraction": "0.60",
            "excellent_fraction": "0.85",
            "total_policy": "present_sum",
            "subjects_text": "数学 10 1:4:A 2:5",
        },
    )
    assert response.status_code == 400 and not Exam.objects.filter(name="x").exists()


def test_a_principal_cannot_create_an_exam(client_for, world):
    assert (
        client_for(world.junior_principal).get(reverse("academics:exam_create")).status_code == 404
    )


def test_uploading_scores_runs_the_import_and_the_analysis_as_a_job(cast, client_for):
    exam = make_exam(cast.city)
    client = client_for(cast.city_admin)
    template = client.get(reverse("academics:exam_import", args=[exam.pk]), {"template": "1"})
    header = next(
        load_workbook(io.BytesIO(b"".join(template.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert list(header)[:5] == ["考号", "学籍号", "学校标识码", "班级", "语文"]
    content = csv_file(list(header), rows_for([cast.donghu_junior]))
    response = client.post(
        reverse("academics:exam_import", args=[exam.pk]),
        {"file": SimpleUploadedFile("scores.csv", content, content_type="text/csv")},
    )
    job = Job.objects.get(kind="academics.scores")
    assert response.status_code == 302 and job.status == JobStatus.SUCCEEDED, job.error
    exam.refresh_from_db()
    assert exam.status == ExamStatus.READY and exam.candidate_count == 4
    assert job.result["created"] == 4 and job.result["analysis"]["candidates"] == 4


def test_a_bad_file_fails_the_job_with_the_rows_named_and_writes_nothing(cast, client_for):
    exam = make_exam(cast.city)
    rows = rows_for([cast.donghu_junior])
    rows[0][4] = "130"
    rows[2][2] = "3100000000"
    from edugov.academics.importers import template_headers

    client_for(cast.city_admin).post(
        reverse("academics:exam_import", args=[exam.pk]),
        {"file": SimpleUploadedFile("s.csv", csv_file(template_headers(exam), rows))},
    )
    job = Job.objects.get(kind="academics.scores")
    assert job.status == JobStatus.FAILED and len(job.result["errors"]) == 2
    assert Candidate.objects.count() == 0


def test_the_exam_can_be_analysed_again_and_cleared(cast, client_for, world):
    client = client_for(cast.city_admin)
    assert client.post(reverse("academics:exam_analyse", args=[world.exam.pk])).status_code == 302
    assert Job.objects.get(kind="academics.analyse").status == JobStatus.SUCCEEDED
    client.post(reverse("academics:exam_clear", args=[world.exam.pk]))
    world.exam.refresh_from_db()
    assert world.exam.status == ExamStatus.DRAFT and not world.exam.candidates.exists()


def test_the_exam_list_runs_a_fixed_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    for i in range(5):
        make_exam(cast.city, name=f"考试{i}")
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("academics:exam_list")).status_code == 200
