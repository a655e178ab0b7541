"""Every admissions page: in scope → 200, out of scope → 404 (ScopedViewTests), the run
page's cutoff table, publish → locked pages, replay, the what-if, query counts."""

import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests

from ..models import Candidate, CandidateResult, LotteryDraw, Run, RunStatus
from ..services import run_compute, run_save

pytestmark = pytest.mark.django_db


class TestCandidatePages(ScopedViewTests):
    list_url = "admissions:candidate_list"
    detail_url = "admissions:candidate_detail"
    export_url = "admissions:candidate_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "中考 candidates come only from the import; there is no edit page"
        ),
    }

    def objects(self, cast):
        from .conftest import build_world

        w = build_world(cast)
        return cast.donghu_officer, w.candidates["2026000001"], w.candidates["2026000004"]

    def label(self, obj):
        return obj.exam_number


class TestResultPages(ScopedViewTests):
    """A high school sees whom it admitted; the district officer their candidates."""

    list_url = "admissions:result_list"
    export_url = "admissions:result_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": (
            "admission results are shown in the list and the run; there is no detail page"
        ),
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "admission results are written by a run only; there is no edit page"
        ),
    }

    def objects(self, cast):
        from .conftest import build_world

        build_world(cast)
        inside = CandidateResult.objects.get(candidate__exam_number="2026000002")
        outside = CandidateResult.objects.get(candidate__exam_number="2026000006")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.candidate.exam_number


class TestRunPages(ScopedViewTests):
    list_url = "admissions:run_list"
    detail_url = "admissions:run_detail"
    edit_url = "admissions:run_edit"
    not_applicable = {
        "test_the_export_contains_in_scope_rows_only": (
            "runs have no export; their results are exported through admissions:result_export"
        ),
    }

    def objects(self, cast):
        from .conftest import build_world

        w = build_world(cast)
        # runs belong to the city: a district officer sees none
        return cast.city_admin, w.run, w.run

    def test_the_detail_page_answers_200_in_scope_and_404_outside(self, cast, client_for):
        user, run, _ = self.objects(cast)
        assert client_for(user).get(reverse(self.detail_url, args=[run.pk])).status_code == 200
        url = reverse(self.detail_url, args=[run.pk])
        assert client_for(cast.donghu_officer).get(url).status_code == 404

    test_the_list_shows_in_scope_rows_only = None
    test_the_edit_page_answers_200_in_scope_and_404_outside = None


class TestDrawPages(ScopedViewTests):
    list_url = "admissions:draw_list"
    detail_url = "admissions:draw_detail"
    edit_url = "admissions:draw_edit"
    not_applicable = {
        "test_the_export_contains_in_scope_rows_only": (
            "draws have no export; their applicants are exported through admissions:applicant_export"
        ),
    }

    def objects(self, cast):
        from .conftest import build_world

        w = build_world(cast)
        return cast.donghu_officer, w.donghu_draw, w.jinxian_draw

    def label(self, obj):
        return obj.draw_name


def test_the_run_page_shows_the_cutoff_table_with_tie_break_detail(world, cast, client_for):
    body = client_for(cast.city_admin).get(world.run.get_absolute_url()).content.decode()
    assert 'data-testid="cutoff-table"' in body
    assert "语文+数学" in body and "2026000002" in body
    assert world.run.result_sha256 in body
    assert 'data-chart="chart-cutoffs"' in body


def test_a_published_run_cannot_be_changed_through_its_pages(world, cast, client_for):
    client = client_for(cast.city_admin)
    client.post(reverse("admissions:run_publish", args=[world.run.pk]))
    run = Run.objects.get(pk=world.run.pk)
    assert run.status == RunStatus.PUBLISHED
    edit = client.post(
        reverse("admissions:run_edit", args=[run.pk]),
        {"name": "改", "private_batch": "own", "quota_mechanism": "boston"},
    )
    assert edit.status_code == 400
    client.post(reverse("admissions:run_start", args=[run.pk]))
    after = Run.objects.get(pk=run.pk)
    assert (after.name, after.status, after.result_sha256) == (
        run.name,
        RunStatus.PUBLISHED,
        run.result_sha256,
    )
    assert 'data-testid="run-start"' not in client.get(run.get_absolute_url()).content.decode()


def test_starting_a_run_leads_to_the_job_progress_page(world, cast, client_for):
    client = client_for(cast.city_admin)
    response = client.post(reverse("admissions:run_start", args=[world.run.pk]))
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "progress-bar" in page


def test_a_run_is_configured_through_the_form(world, cast, client_for):
    client = client_for(cast.city_admin)
    data = {
        "session": world.session.pk,
        "name": "民办单列",
        "private_batch": "own",
        "quota_batch": "on",
        "quota_share": "60",
        "quota_mechanism": "serial_dictatorship",
        "quota_min_line": "0",
        "private_mechanism": "boston",
        "mechanism": "chen_kesten",
        "band": "2",
        "tie_break": "语文+数学, 数学",
        "final": "overfill",
        "ratio": "1.05",
        "min_line": "300",
    }
    response = client.post(reverse("admissions:run_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = Run.objects.get(name="民办单列")
    assert run.config["quota_share"] == 60 and run.config["mechanism"] == "chen_kesten"
    assert run.config["tie_break"] == ["语文+数学", "数学"]


def test_the_replay_page_says_identical(world, cast, client_for):
    body = (
        client_for(cast.city_admin)
        .post(reverse("admissions:run_replay", args=[world.run.pk]))
        .content.decode()
    )
    assert 'data-testid="replay-verdict"' in body and "alert-success" in body


def test_the_what_if_compares_two_runs(world, cast, client_for):
    other = run_save(run=Run(session=world.session, name="B", config={"private_batch": "own"}))
    run_compute(run=other)
    body = (
        client_for(cast.city_admin)
        .get(reverse("admissions:run_compare", args=[world.run.pk]), {"other": other.pk})
        .content.decode()
    )
    assert 'data-testid="changed-school"' in body and 'data-testid="whatif-table"' in body


def test_a_candidate_page_masks_the_name(world, cast, client_for):
    c = world.candidates["2026000001"]
    # The district officer sees the candidate (her district) but not the full name.
    body = client_for(cast.donghu_officer).get(c.get_absolute_url()).content.decode()
    assert "张小明" not in body and "张**" in body


def test_the_unplaced_list_holds_only_unplaced_candidates(world, cast, client_for):
    body = (
        client_for(cast.city_admin)
        .get(reverse("admissions:result_list"), {"run": world.run.pk, "placed": "false"})
        .content.decode()
    )
    assert "2026000006" in body and "2026000001" not in body


@pytest.mark.parametrize(
    "url",
    [
        "admissions:result_list",
        "admissions:candidate_list",
        "admissions:cutoff_list",
        "admissions:run_list",
        "admissions:programme_list",
        "admissions:draw_list",
        "admissions:applicant_list",
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    world, cast, client_for, django_assert_max_num_queries, url
):
    client = client_for(cast.city_admin)
    client.get(reverse(url))  # warm caches (content types, menu)
    with django_assert_max_num_queries(16):
        assert client.get(reverse(url)).status_code == 200


def test_the_result_export_is_masked(world, cast, client_for):
    response = client_for(cast.city_admin).get(
        reverse("admissions:result_export"), {"format": "csv", "run": world.run.pk}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "张小明" not in body and "2026000001" in body
    assert Candidate.objects.count() == 6 and LotteryDraw.objects.count() == 2
