"""Between the database and ``edugov.engines.admission``: arrays in, rows out.

Everything here is deterministic given the rows: candidates and programmes are read
with ``values_list`` in a fixed order, junior schools are indexed by their 学校标识码 (not
by primary key, which differs between databases), and the engine's audit hashes are
taken over canonical orders anyway (docs/engines/admission.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from edugov.engines.admission import (
    SECTOR_PRIVATE,
    SECTOR_PUBLIC,
    AdmissionConfig,
    AdmissionResult,
    Candidates,
    Programmes,
    cutoff_detail,
    parse_config,
    run_admission,
)

from .flag_sources import derived_flag_bits
from .models import AdmissionSession, Candidate, Preference, Programme, ProgrammeQuota, Sector

MECHANISMS = ["serial_dictatorship", "boston", "chen_kesten", "deferred_acceptance"]
FINAL_RULES = ["candidate_id", "overfill", "preference_order", "lottery"]

# A new run's configuration: the 2023 arrangement (private schools in the public batch).
DEFAULT_RUN_CONFIG: dict[str, Any] = {
    "private_batch": "public",
    "quota_batch": True,
    "quota_share": None,
    "quota_mechanism": "serial_dictatorship",
    "quota_min_line": 0,
    "private_mechanism": "serial_dictatorship",
    "mechanism": "serial_dictatorship",
    "band": 0,
    "tie_break": ["语文+数学", "数学", "语文", "英语"],
    "final": "candidate_id",
    "lottery_seed": "",
    "ratio": "1.00",
    "min_line": 0,
    "supplementary": True,
}


@dataclass
class Inputs:
    """One session's inputs as engine arrays, plus the row ids to store results by."""

    candidates: Candidates
    candidate_pks: np.ndarray
    programmes: Programmes
    programme_pks: list[int]
    programme_is_key: np.ndarray
    prefs: dict[str, np.ndarray]
    junior_rural: np.ndarray  # per candidate: the junior school is rural
    seats: np.ndarray  # per programme: open + quota seats (the plan) in this run


def engine_config(session: AdmissionSession, cfg: dict[str, Any], lists: set[str]) -> dict:
    """The engine's configuration (a TOML-shaped dict) for a run's UI configuration.

    ``lists`` are the preference lists that hold entries: a batch whose list is empty is
    left out, and the quota batch reads the 统招 list when no 指标到校 list was filled.
    """
    c = {**DEFAULT_RUN_CONFIG, **cfg}
    k = session.max_choices
    ratio = float(Decimal(str(c["ratio"])))
    open_batch = {
        "mechanism": c["mechanism"],
        "min_line": int(c["min_line"]),
        "ratio": ratio,
        "max_choices": k,
        "preferences": "统招",
    }
    if c["mechanism"] == "chen_kesten":
        open_batch["band"] = max(1, int(c.get("band") or 1))
    batches: list[dict[str, Any]] = []
    if "提前批" in lists:
        batches.append(
            {"name": "提前批", "categories": ["special"], "max_choices": k, "preferences": "提前批"}
        )
    if c["quota_batch"]:
        batches.append(
            {
                "name": "指标到校",
                "kind": "quota",
                "sectors": ["public"],
                "mechanism": c["quota_mechanism"],
                "min_line": int(c["quota_min_line"]),
                "max_choices": k,
                "preferences": "指标到校" if "指标到校" in lists else "统招",
            }
        )
    if c["private_batch"] == "own":
        batches.append(
            {
                **open_batch,
                "name": "民办批",
                "sectors": ["private"],
                "mechanism": c["private_mechanism"],
            }
        )
        batches.append({**open_batch, "name": "统招", "sectors": ["public"]})
    else:
        batches.append({**open_batch, "name": "统招", "sectors": ["public", "private"]})
    if c["supplementary"] and "征集" in lists:
        batches.append({"name": "征集", "max_choices": k, "preferences": "征集"})
    tie: dict[str, Any] = {"subjects": list(c["tie_break"]), "final": c["final"]}
    if c["final"] == "lottery":
        tie["lottery_seed"] = c["lottery_seed"]
        tie["lottery_draw"] = f"{session.year}中考"
    return {
        "subjects": list(session.subjects),
        "flags": list(session.flags),
        "score_scale": 1,
        "bonus_cap": session.bonus_cap,
        "return_unfilled_quota": True,
        "tie_break": tie,
        "batch": batches,
    }


def rescale_quotas(
    open_seats: np.ndarray, quota: list[tuple[int, int, int]], share: int | None
) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Apply a run's quota share (percent of each programme's plan given to 指标到校).

    ``quota`` holds (programme index, junior index, seats) as imported. With a share, a
    programme that has quota allocations keeps its plan (open + quota) and gets
    round(plan × share / 100) quota seats, split over the same junior schools in
    proportion to the imported allocation (largest remainder, ties to the smaller junior
    index), so the what-if moves seats between open and quota without changing the plan.
    """
    if share is None:
        return open_seats, quota
    by_prog: dict[int, list[tuple[int, int]]] = {}
    for p, j, s in quota:
        by_prog.setdefault(p, []).append((j, s))
    new_open = open_seats.copy()
    out: list[tuple[int, int, int]] = []
    for p in sorted(by_prog):
        rows = sorted(by_prog[p])
        base = sum(s for _, s in rows)
        plan = int(open_seats[p]) + base
        target = (plan * share + 50) // 100
        if base == 0:
            continue
        exact = [(target * s, j) for j, s in rows]
        given = [e // base for e, _ in exact]
        left = target - sum(given)
        order = sorted(range(len(rows)), key=lambda i: (-(exact[i][0] % base), rows[i][0]))
        for i in order[:left]:
            given[i] += 1
        new_open[p] = plan - target
        out.extend((p, j, g) for (j, _), g in zip(rows, given, strict=True) if g)
    return new_open, out


def _fetch(qs) -> list[tuple]:
    """Rows of a ``values_list`` queryset through the raw cursor: for 420,000 preference
    rows the ORM's per-row conversion costs seconds, and these columns need none."""
    from django.db import connections

    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _json_rows(values) -> list:
    """Decode a column of JSON lists in one ``json.loads`` (SQLite returns text; a
    PostgreSQL driver may already have decoded them)."""
    import json

    if values and not isinstance(values[0], str):
        return list(values)
    return json.loads("[" + ",".join(values) + "]")


def load_inputs(session: AdmissionSession, cfg: dict[str, Any]) -> tuple[Inputs, AdmissionConfig]:
    """Read the session's rows into engine arrays (a fixed number of queries)."""
    from edugov.org.models import Unit

    subjects = len(session.subjects)
    rows = _fetch(
        Candidate.objects.filter(session=session)
        .order_by()
        .values_list(
            "pk", "exam_number", "total", "scores", "bonus", "flag_bits", "junior_school_id"
        )
    )
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 7
    pks = np.array(cols[0], np.int64)
    ids = np.array([int(x) for x in cols[1]], np.int64)
    total = np.array(cols[2], np.int64)
    subj = np.array(_json_rows(cols[3]), dtype=np.int64).reshape(n, subjects)
    bonus = np.array(cols[4], np.int64)
    flags = np.array(cols[5], np.int64)
    # Flags another module derives (the portfolio's 综评达标) replace the imported bits.
    derived_mask, derived = derived_flag_bits(session, session.flags, cols[0])
    if derived_mask:
        flags &= ~derived_mask
        flags |= np.fromiter((derived.get(pk, 0) for pk in cols[0]), np.int64, n)
    junior_pk = np.array(cols[6], np.int64)

    progs = list(
        Programme.objects.filter(session=session)
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "sector",
            "category",
            "open_seats",
            "min_score",
            "ratio_permille",
            "required_flag_bits",
            "is_key",
        )
    )
    prog_index = {p[0]: i for i, p in enumerate(progs)}
    quotas = list(
        ProgrammeQuota.objects.filter(programme__session=session).values_list(
            "programme_id", "junior_school_id", "seats"
        )
    )
    junior_ids = set(junior_pk.tolist()) | {q[1] for q in quotas}
    units = dict(Unit.objects.filter(pk__in=junior_ids).values_list("pk", "code"))
    rural = set(
        Unit.objects.filter(pk__in=junior_ids, urban_rural="rural").values_list("pk", flat=True)
    )
    junior_index = {pk: i for i, pk in enumerate(sorted(units, key=lambda pk: units[pk]))}
    junior = np.fromiter((junior_index[j] for j in junior_pk.tolist()), np.int32, n)

    open_seats = np.array([p[4] for p in progs], np.int64)
    quota = [(prog_index[q[0]], junior_index[q[1]], q[2]) for q in quotas]
    open_seats, quota = rescale_quotas(open_seats, quota, (cfg or {}).get("quota_share"))
    seats = open_seats.copy()
    for p, _, s in quota:
        seats[p] += s
    programmes = Programmes.build(
        codes=[p[1] for p in progs],
        open_seats=open_seats,
        n_subjects=subjects,
        sector=[SECTOR_PRIVATE if p[2] == Sector.PRIVATE else SECTOR_PUBLIC for p in progs],
        category=[p[3] for p in progs],
        min_score=[p[5] for p in progs],
        ratio=[p[6] for p in progs],
        required_flags=[p[7] for p in progs],
        quota_programme=[q[0] for q in quota],
        quota_junior=[q[1] for q in quota],
        quota_seats=[q[2] for q in quota],
    )

    cand_index = np.full(int(pks.max()) + 1 if n else 1, -1, np.int64)
    cand_index[pks] = np.arange(n)
    k = session.max_choices
    prefs: dict[str, np.ndarray] = {}
    session_prefs = Preference.objects.filter(candidate__session=session).order_by()
    lists = sorted(set(session_prefs.values_list("batch", flat=True).distinct()))
    if progs:
        prog_of = np.full(max(prog_index) + 1, -1, np.int32)
        prog_of[list(prog_index)] = list(prog_index.values())
    for name in lists:
        # One query per list, all-integer rows: numpy converts them in one call.
        got = np.array(
            _fetch(
                session_prefs.filter(batch=name).values_list("candidate_id", "rank", "programme_id")
            ),
            dtype=np.int64,
        ).reshape(-1, 3)
        m = np.full((n, k), -1, np.int32)
        m[cand_index[got[:, 0]], got[:, 1] - 1] = prog_of[got[:, 2]]
        prefs[name] = m
    config = parse_config(engine_config(session, cfg or {}, set(prefs)))
    for b in config.batches:
        prefs.setdefault(b.preferences, np.full((n, k), -1, np.int32))
    return (
        Inputs(
            candidates=Candidates.build(
                ids=ids, total=total, subjects=subj, bonus=bonus, junior=junior, flags=flags
            ),
            candidate_pks=pks,
            programmes=programmes,
            programme_pks=[p[0] for p in progs],
            programme_is_key=np.array([p[8] for p in progs], bool),
            prefs=prefs,
            junior_rural=np.isin(junior_pk, list(rural)),
            seats=seats,
        ),
        config,
    )


def compute(inputs: Inputs, config: AdmissionConfig) -> AdmissionResult:
    return run_admission(inputs.candidates, inputs.programmes, inputs.prefs, config)


def cutoff_rows(inputs: Inputs, config: AdmissionConfig, result: AdmissionResult) -> list[dict]:
    """One row per (batch, programme, open/quota) with seats, admitted and the 录取分数线.

    Quota targets (one per junior school) are summed per programme; their cutoff is the
    lowest of the junior schools' cutoffs, by the common order. A batch that offered a
    programme with no seat left and sent it nobody gets no row.
    """
    from edugov.engines.admission import common_ranking

    key = common_ranking(inputs.candidates, config).key
    agg: dict[tuple[int, int, bool], dict[str, Any]] = {}
    for s in result.stats:
        quota = s.junior >= 0
        row = agg.setdefault(
            (s.batch, s.programme, quota),
            {"seats": 0, "sent": 0, "returned": 0, "admitted": 0, "cutoff": -1},
        )
        row["seats"] += s.seats
        row["sent"] += s.sent
        row["returned"] += s.returned + s.over_plan
        row["admitted"] += s.admitted
        if s.cutoff >= 0 and (row["cutoff"] < 0 or key[s.cutoff] > key[row["cutoff"]]):
            row["cutoff"] = s.cutoff
    out = []
    for (b, p, quota), row in sorted(agg.items()):
        if row["seats"] == 0 and row["sent"] == 0:
            # the engine reports a programme a batch offered when already full; on the
            # run page a 征集 row of zeros for every full school would only bury the rest
            continue
        detail = (
            cutoff_detail(inputs.candidates, config, row["cutoff"]) if row["cutoff"] >= 0 else None
        )
        out.append(
            {
                "batch": result.batch_names[b],
                "programme_pk": inputs.programme_pks[p],
                "quota": quota,
                "seats": row["seats"],
                "sent": row["sent"],
                "returned": row["returned"],
                "admitted": row["admitted"],
                "cutoff_score": detail["score"] if detail else None,
                "cutoff_exam_number": str(detail["candidate_id"]) if detail else "",
                "tie_break": detail["tie_break"] if detail else {},
            }
        )
    return out


def summary(inputs: Inputs, result: AdmissionResult) -> dict[str, Any]:
    """The figures the what-if compares: placed, fill, rural share at key schools, private
    fill. Integers and rounded shares only, so the stored JSON is stable."""
    placed = result.programme >= 0
    prog = result.programme
    sector = inputs.programmes.sector
    private_prog = sector == SECTOR_PRIVATE
    at_key = placed & inputs.programme_is_key[np.where(placed, prog, 0)]
    private_admitted = int((placed & private_prog[np.where(placed, prog, 0)]).sum())
    private_seats = int(inputs.seats[private_prog].sum())
    key_admitted = int(at_key.sum())
    rural_key = int((at_key & inputs.junior_rural).sum())
    by_batch = {name: int((result.batch == i).sum()) for i, name in enumerate(result.batch_names)}

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    seats = int(inputs.seats.sum())
    return {
        "candidates": int(result.candidate_ids.size),
        "placed": int(placed.sum()),
        "unplaced": int((~placed).sum()),
        "seats": seats,
        "fill_rate": share(int(placed.sum()), seats),
        "by_batch": by_batch,
        "quota_admitted": int((placed & result.quota).sum()),
        "key_admitted": key_admitted,
        "rural_candidates": int(inputs.junior_rural.sum()),
        "rural_key_admitted": rural_key,
        "rural_share_at_key": share(rural_key, key_admitted),
        "private_seats": private_seats,
        "private_admitted": private_admitted,
        "private_fill_rate": share(private_admitted, private_seats),
    }
