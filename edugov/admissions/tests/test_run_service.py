"""Running, publishing and replaying an admission run on the small world."""

import pytest
from django.core.exceptions import ValidationError

from edugov.audit.models import AuditEvent

from ..models import CandidateResult, ProgrammeCutoff, Run, RunStatus
from ..services import (
    RunLocked,
    run_compute,
    run_delete,
    run_publish,
    run_replay,
    run_save,
    run_start,
)

pytestmark = pytest.mark.django_db


def placed(run):
    return dict(
        CandidateResult.objects.filter(run=run).values_list(
            "candidate__exam_number", "programme__code"
        )
    )


def test_a_run_places_candidates_by_score_with_the_quota_seat_kept_for_its_junior_school(world):
    # P01 has 2 open + 1 quota seat for 进贤县民和中学; P02 (private) 2 seats.
    result = placed(world.run)
    assert result["2026000001"] == "P01"
    assert result["2026000002"] == "P01"
    # the best 进贤 candidate takes the quota seat although 2026000003 scores higher
    assert result["2026000004"] == "P01"
    assert result["2026000003"] == "P02"
    assert result["2026000005"] == "P02"
    assert result["2026000006"] is None
    quota = CandidateResult.objects.get(run=world.run, candidate__exam_number="2026000004")
    assert quota.quota and quota.batch == "指标到校"


def test_a_run_records_its_hashes_engine_version_and_summary(world):
    run = world.run
    assert run.status == RunStatus.SUCCEEDED
    assert len(run.inputs_sha256) == len(run.config_sha256) == len(run.result_sha256) == 64
    assert run.engine_version.startswith("edugov-admission ")
    assert run.summary["placed"] == 5 and run.summary["unplaced"] == 1
    assert run.summary["rural_key_admitted"] == 1 and run.summary["key_admitted"] == 3
    assert run.summary["private_admitted"] == 2


def test_cutoffs_name_the_lowest_admitted_candidate_with_the_tie_break_values(world):
    cut = ProgrammeCutoff.objects.get(run=world.run, batch="统招", programme=world.key_programme)
    assert (cut.seats, cut.admitted) == (2, 2)
    assert cut.cutoff_exam_number == "2026000002"
    lowest = world.candidates["2026000002"]
    assert cut.cutoff_score == lowest.total
    assert cut.tie_break["数学"] == lowest.scores[1]
    assert cut.tie_break["语文+数学"] == lowest.scores[0] + lowest.scores[1]


def test_a_replay_reproduces_the_recorded_result_byte_for_byte(world):
    report = run_replay(run=world.run)
    assert report["identical"]
    assert report["checks"]["result_sha256"]["replayed"] == world.run.result_sha256


def test_a_replay_after_an_input_changed_reports_the_difference(world):
    c = world.candidates["2026000006"]
    c.total, c.scores = c.total + 200, [s + 25 for s in c.scores]
    c.scores[-1] = min(c.scores[-1], 60)
    c.total = sum(c.scores)
    c.save()
    report = run_replay(run=world.run)
    assert not report["identical"]
    assert (
        report["checks"]["inputs_sha256"]["recorded"]
        != report["checks"]["inputs_sha256"]["replayed"]
    )


def test_a_published_run_is_locked_against_every_change(world, cast):
    run = run_publish(run=world.run, user=cast.city_admin)
    assert run.status == RunStatus.PUBLISHED
    before = run.result_sha256
    run.name = "改名"
    with pytest.raises(RunLocked):
        run_save(run=run)
    with pytest.raises(RunLocked):
        run_compute(run=run)
    with pytest.raises(ValidationError):
        run_start(run=run, user=cast.city_admin, inline=True)
    with pytest.raises(RunLocked):
        run_delete(run=run)
    with pytest.raises(RunLocked):
        run_publish(run=run, user=cast.city_admin)
    stored = Run.objects.get(pk=run.pk)
    assert stored.name == "基准" and stored.result_sha256 == before
    assert AuditEvent.objects.filter(event_type="admissions.run.publish").count() == 1


def test_a_run_started_as_a_job_reports_progress_and_its_result(world, cast):
    run = run_save(run=Run(session=world.session, name="改革", config={"private_batch": "own"}))
    job = run_start(run=run, user=cast.city_admin, inline=True)
    assert job.status == "succeeded", job.error
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert job.result["url"] == run.get_absolute_url()
    assert job.progress == job.total == 4
    assert set(run.summary["by_batch"]) == {"指标到校", "民办批", "统招"}


def test_a_bad_configuration_is_refused_when_saved(world):
    run = Run(session=world.session, name="坏", config={"final": "lottery", "lottery_seed": "x"})
    with pytest.raises(ValidationError):
        run_save(run=run)


def test_a_quota_share_moves_seats_between_quota_and_open_keeping_the_plan(world):
    run = run_save(run=Run(session=world.session, name="60%", config={"quota_share": 67}))
    run_compute(run=run)
    run.refresh_from_db()
    # P01's plan is 3 seats: 67 % → 2 quota seats for 进贤县民和中学, 1 open seat
    assert run.summary["seats"] == world.run.summary["seats"]
    assert run.summary["quota_admitted"] == 2
    assert placed(run)["2026000005"] == "P01"
