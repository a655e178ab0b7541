"""The admissions part of ``make demo``: deterministic, idempotent, bulk.

- The 2026 中考: 70,000 candidates across every demo school with junior grades (in
  proportion to enrolment; rural schools a little lower on average), one programme per
  senior / complete-secondary school (about 60, private ones included), key schools with
  50 % of their plan as 指标到校 spread over the junior schools, and a 统招 list of six
  choices per candidate built from a noisy "reach" around the candidate's own level.
- Two what-if runs: the arrangement before the 2023 reform (private schools in their own
  batch, 指标到校 50 %) and after it (private schools in the public batch, 60 %).
- A lottery for four oversubscribed private junior schools: three drawn (commit →
  close → reveal → draw, bundle stored) and one still open for applications.

Random numbers come from ``numpy.random.default_rng`` with a fixed seed: demo data only.
The lottery's own randomness is σ from the commit–reveal protocol, as in production;
the demo parties' secrets are derived from public strings, so they are NOT secret.
"""

from __future__ import annotations

import hashlib
import time

import numpy as np
from django.db import transaction

from edugov.core.io.bulk import bulk_insert
from edugov.org.models import Unit, UnitKind

from .models import (
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
    Sector,
)

YEAR = 2026
CANDIDATES = 70_000
CHOICES = 6
SEED = 20260615
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜"
GIVEN = "子涵浩宇欣怡梓轩一诺雨桐思远家豪俊杰晨曦佳琪明轩若汐诗涵博文天佑嘉怡宇航雅婷志强"

BEFORE_REFORM = {"private_batch": "own", "quota_share": 50}
AFTER_REFORM = {"private_batch": "public", "quota_share": 60}


def _secret(label: str) -> str:
    # Demo only: derived from a public string, so anyone can recompute it.
    return hashlib.sha256(f"edugov-demo-lottery/{label}".encode()).hexdigest()[:32]


def build_session(city: Unit, *, n: int = CANDIDATES, seed: int = SEED, names: bool = True):
    """Create the session, programmes, quotas, candidates and preferences in bulk.

    Used by the demo and by ``bench/admission.py`` (the in-app figure), so the benchmark
    measures the data users see.
    """
    rng = np.random.default_rng(seed)
    juniors = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL,
            institution_type__in=["junior", "nine_year", "complete_secondary"],
            is_active=True,
        ).order_by("code")
    )
    highs = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, institution_type__in=["senior", "complete_secondary"]
        ).order_by("code")
    )
    session = AdmissionSession.objects.create(
        city=city,
        year=YEAR,
        name=f"{YEAR}年{city.name.removesuffix('教育局')}中考",
        subjects=DEFAULT_SUBJECTS,
        subject_max=DEFAULT_SUBJECT_MAX,
        max_total=sum(DEFAULT_SUBJECT_MAX),
        flags=DEFAULT_FLAGS,
        max_choices=CHOICES,
    )

    # Candidates per junior school, in proportion to enrolment (largest remainder).
    weight = np.array([max(u.enrolment, 50) for u in juniors], float)
    exact = weight / weight.sum() * n
    count = np.floor(exact).astype(int)
    count[np.argsort(-(exact - count), kind="stable")[: n - count.sum()]] += 1
    school_of = np.repeat(np.arange(len(juniors)), count)
    rural = np.array([u.urban_rural == "rural" for u in juniors])
    town = np.array([u.urban_rural == "town" for u in juniors])
    school_effect = rng.normal(0, 0.35, len(juniors)) - 0.35 * rural - 0.15 * town
    ability = rng.normal(0, 1, n) + school_effect[school_of]
    maxima = np.array(DEFAULT_SUBJECT_MAX, float)
    level = 0.64 + 0.15 * ability[:, None] + rng.normal(0, 0.07, (n, len(maxima)))
    scores = np.clip(np.rint(level * maxima), 0, maxima).astype(int)
    total = scores.sum(axis=1)
    bonus = np.where(rng.random(n) < 0.03, rng.integers(1, 5, n) * 5, 0)
    flags = (rng.random(n) < 0.9).astype(int)  # bit 0: 本市户籍
    exam = [f"{YEAR}{i + 1:06d}" for i in range(n)]
    surnames = rng.integers(0, len(SURNAMES), n)
    given = rng.integers(0, len(GIVEN), (n, 2))
    with transaction.atomic():
        Candidate.objects.bulk_create(
            [
                Candidate(
                    session=session,
                    exam_number=exam[i],
                    name=(SURNAMES[surnames[i]] + GIVEN[given[i, 0]] + GIVEN[given[i, 1]])
                    if names
                    else "",
                    junior_school=juniors[school_of[i]],
                    total=int(total[i]),
                    scores=scores[i].tolist(),
                    bonus=int(bonus[i]),
                    flag_bits=int(flags[i]),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
    cand_pks = np.array(
        Candidate.objects.filter(session=session)
        .order_by("exam_number")
        .values_list("pk", flat=True)
    )

    # Programmes: prestige from a school-level draw; public urban schools lead, private
    # schools sit in the middle; seats ≈ 60 % of candidates in total.
    p = len(highs)
    private = np.array([u.ownership == "private" for u in highs])
    urban = np.array([u.urban_rural == "urban" for u in highs])
    prestige = rng.normal(0, 0.8, p) + 0.6 * urban - 0.2 * private
    order = np.argsort(-prestige, kind="stable")
    key = np.zeros(p, bool)
    key[[i for i in order if not private[i]][:12]] = True
    size = np.array([max(u.enrolment, 300) for u in highs], float)
    seats = np.maximum(60, np.rint(size / size.sum() * n * 0.6 / 10) * 10).astype(int)
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                session=session,
                school=u,
                code=u.code,
                name=u.name,
                sector=Sector.PRIVATE if private[i] else Sector.PUBLIC,
                is_key=bool(key[i]),
                open_seats=int(seats[i] - (seats[i] // 2 if key[i] else 0)),
            )
            for i, u in enumerate(highs)
        ]
    )
    # 指标到校: half the plan of each key school, over junior schools by candidate count.
    quotas = []
    for i in np.flatnonzero(key):
        q = int(seats[i] // 2)
        share = count / count.sum() * q
        alloc = np.floor(share).astype(int)
        alloc[np.argsort(-(share - alloc), kind="stable")[: q - alloc.sum()]] += 1
        quotas.extend(
            ProgrammeQuota(programme=programmes[i], junior_school=juniors[j], seats=int(a))
            for j, a in enumerate(alloc)
            if a
        )
    ProgrammeQuota.objects.bulk_create(quotas, batch_size=2000)

    # Preferences: each candidate aims around their own level (a little above), with
    # noise and a pull towards schools in their own district; the list is then ordered
    # by prestige, best first, as families do under 平行志愿.
    z = (total - total.mean()) / total.std()
    district = np.array([u.parent_id for u in juniors])[school_of]
    high_district = np.array([u.parent_id for u in highs])
    pref_rank = (prestige - prestige.mean()) / prestige.std()
    rows: list[tuple] = []
    prog_pks = [prog.pk for prog in programmes]
    chunk = 10_000
    for start in range(0, n, chunk):
        sl = slice(start, min(n, start + chunk))
        util = (
            -1.6 * np.abs(pref_rank[None, :] - z[sl, None] - 0.35)
            + 0.5 * (district[sl, None] == high_district[None, :])
            - 0.9 * private[None, :]  # fees: fewer families list a private school
            + rng.gumbel(0, 0.6, (sl.stop - sl.start, p))
        )
        top = np.argsort(-util, axis=1, kind="stable")[:, :CHOICES]
        top = np.take_along_axis(top, np.argsort(-prestige[top], axis=1), axis=1)
        for off, choices in enumerate(top.tolist()):
            cpk = int(cand_pks[start + off])
            rows.extend((cpk, "统招", r + 1, prog_pks[c]) for r, c in enumerate(choices))
    # 指标到校: a candidate in the upper half of their own school applies to the best key
    # school holding a quota seat for that school (one choice, as in Nanchang).
    quota_at: dict[int, list[int]] = {}
    for q in quotas:
        quota_at.setdefault(q.junior_school_id, []).append(highs.index(q.programme.school))
    junior_pk = np.array([u.pk for u in juniors])[school_of]
    for i in range(n):
        options = quota_at.get(int(junior_pk[i]))
        if not options or ability[i] < school_effect[school_of[i]]:
            continue
        best = max(options, key=lambda j: prestige[j] - 1.6 * abs(pref_rank[j] - z[i] - 0.6))
        rows.append((int(cand_pks[i]), "指标到校", 1, prog_pks[best]))
    bulk_insert(Preference, ["candidate", "batch", "rank", "programme"], rows)
    return session


def build_lottery(*, year: int = YEAR) -> list[LotteryDraw]:
    """Four oversubscribed private junior schools; three drawn, one still open."""
    from edugov.engines.lottery import commit

    from .services import draw_close, draw_run, draw_save, party_commit, party_reveal

    rng = np.random.default_rng(SEED + 1)
    schools = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, institution_type="junior", ownership="private"
        ).order_by("code")[:4]
    )
    draws = []
    for n, school in enumerate(schools):
        seats = int(rng.integers(6, 13)) * 10
        draw = draw_save(
            draw=LotteryDraw(
                school=school,
                year=year,
                draw_name=f"{school.name}{year}年秋季招生",
                seats=seats,
                public_number_rule=f"{year}-07-10 上证综合指数收盘值，保留两位小数，如 3187.42",
            )
        )
        k = int(seats * rng.uniform(1.4, 2.6))
        classes = rng.choice([1, 2, 3], size=k, p=[0.3, 0.5, 0.2])
        LotteryApplicant.objects.bulk_create(
            LotteryApplicant(
                draw=draw,
                application_number=f"{year}{school.code[-4:]}{i + 1:04d}",
                priority_class=int(classes[i]),
            )
            for i in range(k)
        )
        parties = ["公证处", "家长代表1", "家长代表2"]
        for party in parties:
            party_commit(
                draw=draw, party=party, commitment=commit(_secret(f"{school.code}/{party}"))
            )
        if n == len(schools) - 1:
            draws.append(draw)  # left open: applications can still be imported
            continue
        draw_close(draw=draw)
        for row in draw.parties.all():
            party_reveal(party=row, secret=_secret(f"{school.code}/{row.party}"))
        draws.append(draw_run(draw=draw, public_number="3187.42"))
    return draws


def load_demo() -> str:
    """Load this module's demo data; return one line for the console."""
    from .services import run_compute, run_save

    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    if city is None or AdmissionSession.objects.filter(city=city, year=YEAR).exists():
        return ""
    t0 = time.perf_counter()
    session = build_session(city)
    # The 普高 minimum line (最低控制线): a round score that about 64 % of candidates
    # reach, a little more than the seats, as the bureau sets it after marking.
    totals = np.array(session.candidates.values_list("total", flat=True))
    line = int(np.percentile(totals, 36)) // 10 * 10
    for name, cfg in (
        ("2023改革前：民办单独批次，指标到校50%", BEFORE_REFORM),
        ("2023改革后：民办并入统招，指标到校60%", AFTER_REFORM),
    ):
        cfg = {**cfg, "min_line": line, "quota_min_line": line}
        run = run_save(run=Run(session=session, name=name, config=cfg))
        run_compute(run=run)
    draws = build_lottery()
    return (
        f"admissions: {session.candidates.count()} candidates, "
        f"{session.programmes.count()} programmes, 2 runs, {len(draws)} lottery draws "
        f"({time.perf_counter() - t0:.1f} s)"
    )
