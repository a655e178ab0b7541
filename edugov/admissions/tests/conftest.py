"""A small admissions world shared by the tests and the authorization matrix.

Two junior schools (东湖区第一中学 from the cast, urban; a rural one in 进贤县), two high
schools (a public key school in 东湖区, a private one in 进贤县), six candidates, a
computed run, and a lottery draw at each junior school.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.org.models import Unit

from ..models import (
    DEFAULT_FLAGS,
    DEFAULT_SUBJECT_MAX,
    DEFAULT_SUBJECTS,
    AdmissionSession,
    Candidate,
    LotteryApplicant,
    LotteryDraw,
    Preference,
    Programme,
    ProgrammeQuota,
    Run,
)
from ..services import draw_save, party_commit, run_compute, run_save

SECRET = "notary-7f3a9c"


@dataclass
class AdmWorld:
    session: AdmissionSession
    donghu_junior: Unit
    jinxian_junior: Unit
    donghu_high: Unit
    jinxian_high: Unit
    key_programme: Programme
    private_programme: Programme
    candidates: dict[str, Candidate]
    run: Run
    donghu_draw: LotteryDraw
    jinxian_draw: LotteryDraw


def scores_for(total_level: int) -> list[int]:
    """Eight subject scores summing near ``total_level``, deterministic."""
    base = [round(total_level * m / sum(DEFAULT_SUBJECT_MAX)) for m in DEFAULT_SUBJECT_MAX]
    return [min(b, m) for b, m in zip(base, DEFAULT_SUBJECT_MAX, strict=True)]


def make_candidate(session, exam, junior, level, *, name="张小明", bonus=0) -> Candidate:
    scores = scores_for(level)
    return Candidate.objects.create(
        session=session,
        exam_number=exam,
        name=name,
        junior_school=junior,
        total=sum(scores),
        scores=scores,
        bonus=bonus,
        flag_bits=1,
    )


def build_world(cast) -> AdmWorld:
    with acting(None):
        jinxian_junior = make_school(
            cast.jinxian, "3136000902", "进贤县民和中学", "junior", urban_rural="rural"
        )
        donghu_high = make_school(cast.donghu, "3436000901", "东湖区第二中学", "senior")
        jinxian_high = make_school(
            cast.jinxian, "3436000903", "进贤县育才高级中学", "senior", ownership="private"
        )
        session = AdmissionSession.objects.create(
            city=cast.city,
            year=2026,
            name="2026年南昌市中考",
            subjects=DEFAULT_SUBJECTS,
            subject_max=DEFAULT_SUBJECT_MAX,
            max_total=sum(DEFAULT_SUBJECT_MAX),
            flags=DEFAULT_FLAGS,
            max_choices=3,
        )
        key = Programme.objects.create(
            session=session,
            school=donghu_high,
            code="P01",
            name="二中",
            sector="public",
            is_key=True,
            open_seats=2,
        )
        private = Programme.objects.create(
            session=session,
            school=jinxian_high,
            code="P02",
            name="育才",
            sector="private",
            open_seats=2,
        )
        ProgrammeQuota.objects.create(programme=key, junior_school=jinxian_junior, seats=1)
        cands = {}
        for exam, junior, level in [
            ("2026000001", cast.donghu_junior, 700),
            ("2026000002", cast.donghu_junior, 650),
            ("2026000003", cast.donghu_junior, 600),
            ("2026000004", jinxian_junior, 560),
            ("2026000005", jinxian_junior, 520),
            ("2026000006", jinxian_junior, 400),
        ]:
            c = make_candidate(session, exam, junior, level)
            cands[exam] = c
            Preference.objects.create(candidate=c, batch="统招", rank=1, programme=key)
            Preference.objects.create(candidate=c, batch="统招", rank=2, programme=private)
        run = run_save(run=Run(session=session, name="基准", config={}))
        run_compute(run=run)
        run.refresh_from_db()
        draws = []
        for school in (cast.donghu_junior, jinxian_junior):
            d = draw_save(
                draw=LotteryDraw(
                    school=school,
                    year=2026,
                    draw_name=f"{school.name}2026",
                    seats=2,
                    public_number_rule="上证综指收盘值",
                )
            )
            for i in range(4):
                LotteryApplicant.objects.create(
                    draw=d, application_number=f"A{school.pk}{i:03d}", priority_class=1 + i % 2
                )
            from edugov.engines.lottery import commit

            party_commit(draw=d, party="公证处", commitment=commit(SECRET))
            draws.append(d)
    return AdmWorld(
        session,
        cast.donghu_junior,
        jinxian_junior,
        donghu_high,
        jinxian_high,
        key,
        private,
        cands,
        run,
        draws[0],
        draws[1],
    )


@pytest.fixture
def world(cast) -> AdmWorld:
    return build_world(cast)
