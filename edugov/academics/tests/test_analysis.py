"""The analysis job: cached statistics, ranks, 一分一段表, item analysis and value added
agree with a direct computation on the imported marks."""

import numpy as np
import pytest

from edugov.academics.analysis import exam_analyse
from edugov.academics.models import Candidate, ExamStatus, Level, UnitResult, ValueAddedResult
from edugov.core.context import acting

from .conftest import make_exam, rows_for, run_import

pytestmark = pytest.mark.django_db


def marks_table(exam):
    """(school id, class, 语文, 数学, total) per candidate, NaN for 缺考, from the blobs."""
    out = []
    for c in Candidate.objects.filter(exam=exam):
        m = c.scaled_marks().astype(float) / exam.scale
        m[c.scaled_marks() < 0] = np.nan
        total = np.nansum(m) if not np.isnan(m).all() else np.nan
        out.append((c.school_id, c.class_name, m[0], m[1], total, c))
    return out


def test_the_exam_is_marked_analysed(world):
    assert world.exam.status == ExamStatus.READY
    assert world.exam.candidate_count == 12


def test_school_statistics_equal_a_direct_computation(world):
    rows = marks_table(world.exam)
    for school in (world.junior, world.junior2, world.jinxian_junior):
        r = UnitResult.objects.get(exam=world.exam, level=Level.SCHOOL, unit=school)
        chinese = np.array([x[2] for x in rows if x[0] == school.pk])
        present = chinese[~np.isnan(chinese)]
        assert r.stats[0]["n"] == len(present)
        assert r.stats[0]["absent"] == len(chinese) - len(present)
        assert r.stats[0]["mean"] == pytest.approx(present.mean())
        assert r.stats[0]["std"] == pytest.approx(present.std())
        assert r.stats[0]["p"][2] == pytest.approx(np.percentile(present, 50))
        total = np.array([x[4] for x in rows if x[0] == school.pk])
        assert r.mean_total == pytest.approx(total.mean())


def test_schools_are_ranked_by_mean_total_and_districts_roll_up(world):
    schools = list(
        UnitResult.objects.filter(exam=world.exam, level=Level.SCHOOL).order_by("city_rank")
    )
    means = [s.mean_total for s in schools]
    assert means == sorted(means, reverse=True)
    assert [s.city_rank for s in schools] == [1, 2, 3]
    donghu = UnitResult.objects.get(exam=world.exam, level=Level.DISTRICT, unit=world.junior.parent)
    assert donghu.candidates == 8
    city = UnitResult.objects.get(exam=world.exam, level=Level.CITY)
    assert city.candidates == 12
    classes = UnitResult.objects.filter(exam=world.exam, level=Level.CLASS)
    assert classes.count() == 6


def test_every_candidate_gets_competition_ranks(world):
    rows = marks_table(world.exam)
    totals = np.array([x[4] for x in rows])
    for school_id, _cls, chinese, _m, total, cand in rows:
        ranks = cand.rank_array()
        assert ranks[-1, 0] == 1 + int((totals > total).sum())
        same = np.array([x[4] for x in rows if x[0] == school_id])
        assert ranks[-1, 2] == 1 + int((same > total).sum())
        if np.isnan(chinese):
            assert ranks[0, 0] == -1


def test_the_score_bands_add_up_to_the_candidates_with_a_total(world):
    city = UnitResult.objects.get(exam=world.exam, level=Level.CITY)
    band = city.bands["总分"]
    assert sum(band["counts"]) == 12
    totals = [x[4] for x in marks_table(world.exam)]
    assert band["top"] == max(totals)


def test_item_analysis_is_cached_for_the_city_and_each_school(world):
    city = UnitResult.objects.get(exam=world.exam, level=Level.CITY)
    subject = city.items["subjects"][0]
    assert subject["subject"] == "数学" and subject["n"] == 11  # one absent
    first = subject["items"][0]
    assert first["key"] == "A" and {o["option"] for o in first["options"]} == {"A", "B"}
    school = UnitResult.objects.get(exam=world.exam, level=Level.SCHOOL, unit=world.junior)
    assert school.items["subjects"][0]["n"] == 4


def test_value_added_matches_students_by_their_student_number(cast, world):
    later = make_exam(cast.city, name="九年级二模", prior=world.exam)
    schools = [world.junior, world.junior2, world.jinxian_junior]
    # Same students (same 学籍号), new exam numbers; 东湖区第二中学 gains 10 in 语文.
    rows = rows_for(schools, offset=1)
    for r in rows[4:8]:
        if r[4] != "缺考":
            r[4] = f"{min(120, float(r[4]) + 10):g}"
    assert not run_import(later, cast.city_admin, rows).errors
    with acting(cast.city_admin):
        exam_analyse(exam=later)
    va = {v.unit_id: v for v in ValueAddedResult.objects.filter(exam=later, level=Level.SCHOOL)}
    assert set(va) == {s.pk for s in schools}
    assert va[world.junior2.pk].mean > va[world.junior.pk].mean
    assert sum(v.mean * v.n for v in va.values()) == pytest.approx(0, abs=1e-9)
    assert ValueAddedResult.objects.filter(exam=later, level=Level.CLASS).count() == 6


def test_reanalysis_replaces_the_cached_rows(cast, world):
    before = UnitResult.objects.filter(exam=world.exam).count()
    with acting(cast.city_admin):
        exam_analyse(exam=world.exam)
    assert UnitResult.objects.filter(exam=world.exam).count() == before


def test_a_candidates_page_total_follows_the_exams_policy(world):
    from edugov.academics.reports import candidate_view

    rows = marks_table(world.exam)
    partly_absent = [r for r in rows if np.isnan(r[2:4]).any() and not np.isnan(r[2:4]).all()]
    assert partly_absent, "the world must hold a candidate who missed one paper"
    for *_, total, candidate in rows:
        shown = candidate_view(candidate)[-1]["mark"]
        assert (shown is None) if np.isnan(total) else shown == pytest.approx(total)
    candidate = partly_absent[0][-1]
    candidate.exam.total_policy = "all_required"
    assert candidate_view(candidate)[-1]["mark"] is None
