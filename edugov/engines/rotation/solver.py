"""The rotation plan as a min-cost flow (OR-Tools ``SimpleMinCostFlow``).

Network (one unit of flow = one rotating teacher)::

    S_s ──► T_t ─────────► K_(r,k) ──► R_r ══► SINK      (shortage of subject k at r)
     │  ╲                ╲──────────► R_r                (any other placement)
     │   B_s ──► T_t (backbone)
     └────────────────────────────────────► SINK         (quota slack, cost M)

- each sending school ``s`` supplies exactly its quota ``q_s``; ``bq_s`` of it starts at
  ``B_s`` and can leave only through backbone teachers (or fall back to ``S_s`` at
  cost M: the backbone quota's slack);
- ``K_(r,k)`` has the capacity of the shortage and a large reward: shortages first;
- ``R_r ══► SINK`` is one unit arc per place, each cheaper the further the school is
  below the district's teachers-per-100 before that teacher arrives (a convex cost: the
  first teacher to the weakest school is worth most);
- a backbone teacher's arc carries a reward for the receiving school's backbone deficit;
  every arc pays for distance; longer service moves first.

Slack arcs make every instance solvable; a plan using one is infeasible, and the slack
says which constraint fails and by how many teachers. The same costs, evaluated on an
assignment directly, are ``objective`` (the oracle of the tests checks the flow against
it).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from edugov.engines.indicators.cv import weighted_cv

from .model import DEFAULT_RULES, Candidate, Move, Plan, Rules, School, Shortfall

W_SHORT = 100_000  # filling one shortage (or creating one at the sender)
W_RATIO = 5_000  # a receiving school's teachers-per-100 deficit, as a share of the target
W_BACKBONE = 2_000  # its backbone-per-100 deficit, as a share of the target
PENALTY = 1_000_000_000  # one teacher of a quota not met
KM_COST = 10  # per km (0.1 km resolution)


def distance(a: School, b: School) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


def eligibility(
    candidates: Sequence[Candidate], schools: dict[str, School], rules: Rules
) -> tuple[list[Candidate], dict[str, str]]:
    """The eligible candidates, and why each other one is not."""
    eligible, excluded = [], {}
    for c in candidates:
        if c.years < rules.min_years:
            excluded[c.id] = "years"
        elif c.near_retirement:
            excluded[c.id] = "near_retirement"
        elif c.exemption:
            excluded[c.id] = f"exemption:{c.exemption}"
        elif c.school not in schools or not schools[c.school].sends:
            excluded[c.id] = "school_does_not_send"
        else:
            eligible.append(c)
    return eligible, excluded


class Costs:
    """Every cost of the model, shared by the flow and by ``objective``."""

    def __init__(self, schools: dict[str, School], rules: Rules):
        self.schools, self.rules = schools, rules
        with_students = [s for s in schools.values() if s.students > 0]
        total = sum(s.students for s in with_students) or 1
        # The district's own level is the target: the weighted mean per 100 students.
        self.target_tp = 100 * sum(s.teachers for s in with_students) / total
        self.target_bb = 100 * sum(s.backbone for s in with_students) / total

    def reachable(self, c: Candidate, r: School) -> float | None:
        """The distance if ``c`` may go to ``r``, else None."""
        if not r.receives or r.id == c.school or r.id in c.avoid:
            return None
        km = distance(self.schools[c.school], r)
        limit = self.rules.max_km if c.max_km is None else min(self.rules.max_km, c.max_km)
        return km if km <= limit + 1e-9 else None

    def move(self, c: Candidate, r: School, km: float) -> int:
        cost = round(km * KM_COST) - min(c.years, 40)
        if c.backbone and self.target_bb > 0 and r.students > 0:
            bb = 100 * r.backbone / r.students
            cost -= round(W_BACKBONE * max(0.0, self.target_bb - bb) / self.target_bb)
        # Leaving a subject without surplus opens a shortage at the sender.
        if self.schools[c.school].shortage.get(c.subjects[0], 0) >= 0:
            cost += W_SHORT
        return cost

    def receive(self, r: School, j: int) -> int:
        """The ``j``-th (1-based) teacher arriving at ``r``."""
        if r.students <= 0 or self.target_tp <= 0:
            return 0
        tp = 100 * (r.teachers + j - 1) / r.students
        return -round(W_RATIO * max(0.0, self.target_tp - tp) / self.target_tp)

    def capacity(self, r: School) -> int:
        return sum(max(0, n) for n in r.shortage.values()) + self.rules.extra_per_school


def quotas(eligible: Sequence[Candidate], rules: Rules) -> tuple[dict[str, int], dict[str, int]]:
    """Each sending school's quota (exactly this many rotate: the share of its eligible
    teachers, rounded up) and its part of the district's backbone quota.

    The backbone share is the district's (20 % of all who rotate): a school rotating one
    teacher cannot send 20 % of one. It is apportioned before the flow — to schools with
    eligible backbone teachers, in proportion to their quota, largest remainder first —
    because a district-wide count beside per-school counts is not a network constraint.
    What cannot be apportioned (too few eligible backbone teachers) is a shortfall."""
    per_school: dict[str, int] = defaultdict(int)
    backbone: dict[str, int] = defaultdict(int)
    for c in eligible:
        per_school[c.school] += 1
        backbone[c.school] += c.backbone
    q = {s: rules.quota_of(n) for s, n in sorted(per_school.items())}
    q = {s: n for s, n in q.items() if n}
    total_q = sum(q.values())
    wanted = rules.backbone_quota_of(total_q)
    cap = {s: min(q[s], backbone[s]) for s in q}
    bq = dict.fromkeys(q, 0)
    if wanted and total_q:
        ideal = {s: wanted * q[s] / total_q for s in q}
        for s in q:
            bq[s] = min(cap[s], math.floor(ideal[s] + 1e-9))
        left = wanted - sum(bq.values())
        order = sorted(q, key=lambda s: (-(ideal[s] - bq[s]), -backbone[s], s))
        while left > 0:
            progressed = False
            for s in order:
                if left and bq[s] < cap[s]:
                    bq[s] += 1
                    left -= 1
                    progressed = True
            if not progressed:
                break
    return q, bq


def backbone_unapportioned(eligible: Sequence[Candidate], rules: Rules) -> int:
    """Backbone teachers the district's quota asks for beyond what its schools' eligible
    backbone teachers can give."""
    q, bq = quotas(eligible, rules)
    return rules.backbone_quota_of(sum(q.values())) - sum(bq.values())


def objective(
    schools: dict[str, School],
    eligible: Sequence[Candidate],
    rules: Rules,
    assignment: dict[str, tuple[str, str | None]],
) -> int | None:
    """The model's cost of an assignment (teacher → (school, shortage subject or None)),
    or None when it breaks a hard limit (a place, a shortage's size, a distance, more
    than the quota). The flow's optimum equals the minimum of this (tests)."""
    costs = Costs(schools, rules)
    q, bq = quotas(eligible, rules)
    by_id = {c.id: c for c in eligible}
    sent: dict[str, int] = defaultdict(int)
    sent_bb: dict[str, int] = defaultdict(int)
    arrived: dict[str, int] = defaultdict(int)
    filled: dict[tuple[str, str], int] = defaultdict(int)
    total = 0
    for tid, (rid, subject) in assignment.items():
        c, r = by_id[tid], schools[rid]
        km = costs.reachable(c, r)
        if km is None or c.school not in q:
            return None
        total += costs.move(c, r, km)
        sent[c.school] += 1
        sent_bb[c.school] += c.backbone
        arrived[rid] += 1
        if subject is not None:
            if subject not in c.subjects:
                return None
            filled[(rid, subject)] += 1
            total -= W_SHORT
    for (rid, k), n in filled.items():
        if n > schools[rid].shortage.get(k, 0):
            return None
    for rid, n in arrived.items():
        r = schools[rid]
        if n > costs.capacity(r):
            return None
        total += sum(costs.receive(r, j) for j in range(1, n + 1))
    for s, need in q.items():
        if sent[s] > need:
            return None
        total += PENALTY * (need - sent[s]) + PENALTY * max(0, bq[s] - sent_bb[s])
    return total


@dataclass
class _Arcs:
    """The network's arcs as growing numpy chunks, and for each teacher arc what it means."""

    tails: list = field(default_factory=list)
    heads: list = field(default_factory=list)
    caps: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    n: int = 0

    def add(self, tails, heads, caps, costs) -> np.ndarray:
        k = max(np.size(tails), np.size(heads), np.size(costs))
        for store, v in (
            (self.tails, tails),
            (self.heads, heads),
            (self.caps, caps),
            (self.costs, costs),
        ):
            store.append(
                np.full(k, v, dtype=np.int64) if np.ndim(v) == 0 else np.asarray(v, np.int64)
            )
        self.n += k
        return np.arange(self.n - k, self.n)

    def arrays(self):
        return (
            np.concatenate(a) if a else np.zeros(0, np.int64)
            for a in (self.tails, self.heads, self.caps, self.costs)
        )


def _flow(
    schools: dict[str, School], eligible: Sequence[Candidate], rules: Rules
) -> tuple[int, list[tuple[Candidate, School, str | None, float]], dict[str, int], dict[str, int]]:
    """Solve; the cost, the placements, and per school the quota and backbone slack.

    Arcs are built school by school with numpy (a city has 100,000s of teacher arcs);
    ``Costs`` is the scalar definition of the same numbers, which ``objective`` uses."""
    costs = Costs(schools, rules)
    q, bq = quotas(eligible, rules)
    if not q:
        return 0, [], {}, {}
    arcs = _Arcs()
    n_nodes = 1  # 0 is the sink

    def nodes(k: int) -> np.ndarray:
        nonlocal n_nodes
        n_nodes += k
        return np.arange(n_nodes - k, n_nodes)

    supplies: dict[int, int] = {}
    s_node, b_node, slack_q, slack_b = {}, {}, {}, {}
    backbone_here: dict[str, int] = defaultdict(int)
    for c in eligible:
        backbone_here[c.school] += c.backbone
    for s, need in q.items():
        s_node[s], b_node[s] = (int(n) for n in nodes(2))
        supplies[s_node[s]] = need - bq[s]
        supplies[b_node[s]] = bq[s]
        arcs.add(s_node[s], b_node[s], max(0, backbone_here[s] - bq[s]), 0)
        slack_b[s] = int(arcs.add(b_node[s], s_node[s], bq[s], PENALTY)[0])
        slack_q[s] = int(arcs.add(s_node[s], 0, need, PENALTY)[0])
    receivers = [r for r in schools.values() if r.receives]
    subjects = sorted(
        {k for r in receivers for k in r.shortage} | {k for c in eligible for k in c.subjects}
    )
    col = {k: i for i, k in enumerate(subjects)}
    r_nodes = nodes(len(receivers))
    k_node = np.full((len(receivers), len(subjects)), -1, dtype=np.int64)
    for i, r in enumerate(receivers):
        cap = costs.capacity(r)
        if cap > 0:
            arcs.add(r_nodes[i], 0, 1, [costs.receive(r, j) for j in range(1, cap + 1)])
        for k, need in r.shortage.items():
            if need > 0:
                k_node[i, col[k]] = nodes(1)[0]
                arcs.add(k_node[i, col[k]], r_nodes[i], need, -W_SHORT)
    rx = np.array([r.x for r in receivers], dtype=float)
    ry = np.array([r.y for r in receivers], dtype=float)
    rid = np.array([r.id for r in receivers], dtype=object)
    # A backbone teacher's reward at each receiver (``Costs.move``'s second term).
    bb_reward = np.array(
        [
            round(
                W_BACKBONE
                * max(0.0, costs.target_bb - 100 * r.backbone / r.students)
                / costs.target_bb
            )
            if costs.target_bb > 0 and r.students > 0
            else 0
            for r in receivers
        ],
        dtype=np.int64,
    )
    # What each teacher arc means: teacher, receiver, shortage subject (-1: none), km.
    meaning: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    by_school: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(eligible):
        if c.school in q:
            by_school[c.school].append(i)
    n_subj = len(subjects)
    padded = np.concatenate([k_node, np.full((len(receivers), 1), -1)], axis=1)
    for s, members in by_school.items():
        home = schools[s]
        km_all = np.hypot(rx - home.x, ry - home.y)
        within = np.flatnonzero((km_all <= rules.max_km + 1e-9) & (rid != s))
        cands = [eligible[i] for i in members]
        t_nodes = nodes(len(cands))
        bb = np.array([c.backbone for c in cands])
        arcs.add(np.where(bb, b_node[s], s_node[s]), t_nodes, 1, 0)
        fixed = np.array(
            [
                -min(c.years, 40) + (W_SHORT if home.shortage.get(c.subjects[0], 0) >= 0 else 0)
                for c in cands
            ],
            dtype=np.int64,
        )
        plain = [j for j, c in enumerate(cands) if c.max_km is None and not c.avoid]
        rows = [(np.array(plain, dtype=np.int64), within)] if plain else []
        for j, c in enumerate(cands):  # the few with limits of their own, one by one
            if c.max_km is None and not c.avoid:
                continue
            idx = within
            if c.max_km is not None:
                idx = idx[km_all[idx] <= c.max_km + 1e-9]
            if c.avoid:
                idx = idx[~np.isin(rid[idx], list(c.avoid))]
            rows.append((np.array([j]), idx))
        for js, idx in rows:
            if not idx.size or not js.size:
                continue
            km = km_all[idx]
            # np.rint and round() both round half to even: the same costs as Costs.move.
            cost = (
                np.rint(km * KM_COST).astype(np.int64)[None, :]
                + fixed[js][:, None]
                - np.where(bb[js][:, None], bb_reward[idx][None, :], 0)
            )
            tj = np.repeat(js, idx.size)
            ridx = np.tile(idx, js.size)
            kms = np.tile(km, js.size)
            ids = arcs.add(t_nodes[tj], r_nodes[ridx], 1, cost.ravel())
            meaning.append((ids, np.asarray(members)[tj], ridx, np.full(ids.size, -1), kms))
            for pos in range(max(len(cands[j].subjects) for j in js)):
                cols = np.array(
                    [
                        col[cands[j].subjects[pos]] if pos < len(cands[j].subjects) else n_subj
                        for j in js
                    ]
                )
                heads = padded[idx][:, cols].T.ravel()  # teacher-major, like tj and ridx
                ok = heads >= 0
                if ok.any():
                    ids = arcs.add(t_nodes[tj[ok]], heads[ok], 1, cost.ravel()[ok])
                    meaning.append(
                        (
                            ids,
                            np.asarray(members)[tj[ok]],
                            ridx[ok],
                            np.repeat(cols, idx.size)[ok],
                            kms[ok],
                        )
                    )
    tails, heads, caps, unit = arcs.arrays()
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, unit
    )
    supply = np.zeros(n_nodes, dtype=np.int64)
    for n, v in supplies.items():
        supply[n] = v
    supply[0] = -sum(q.values())
    mcf.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supply)
    status = mcf.solve()
    if status != mcf.OPTIMAL:  # cannot happen: the slack arcs keep every instance feasible
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = mcf.flows(np.arange(arcs.n, dtype=np.int32))
    placed = []
    for ids, who, idx, k, km in meaning:
        for j in np.flatnonzero(flows[ids]):
            placed.append(
                (
                    eligible[who[j]],
                    receivers[idx[j]],
                    None if k[j] < 0 else subjects[k[j]],
                    float(km[j]),
                )
            )
    return (
        int(mcf.optimal_cost()),
        placed,
        {s: int(flows[a]) for s, a in slack_q.items()},
        {s: int(flows[a]) for s, a in slack_b.items()},
    )


def _indicators(schools: dict[str, School], moves: Sequence[Move]) -> dict[str, float]:
    """Teachers and backbone teachers per 100 students, the student-weighted CV across
    schools (the registry's indicator engine), after ``moves``."""
    delta: dict[str, int] = defaultdict(int)
    delta_bb: dict[str, int] = defaultdict(int)
    for m in moves:
        delta[m.from_school] -= 1
        delta[m.to_school] += 1
        if m.backbone:
            delta_bb[m.from_school] -= 1
            delta_bb[m.to_school] += 1
    ss = [s for s in schools.values() if s.students > 0]
    w = np.array([s.students for s in ss], dtype=float)
    tp = np.array([100 * (s.teachers + delta[s.id]) / s.students for s in ss])
    bb = np.array([100 * (s.backbone + delta_bb[s.id]) / s.students for s in ss])
    return {
        "teachers_per_100": round(weighted_cv(tp, w), 4) if ss else float("nan"),
        "backbone_per_100": round(weighted_cv(bb, w), 4) if ss else float("nan"),
    }


def shortages_left(schools: dict[str, School], moves: Sequence[Move], subject_of) -> int:
    """Posts unfilled by subject after the moves, over every school (a sender that loses
    its only teacher of a subject has a new shortage)."""
    balance = {(s.id, k): n for s in schools.values() for k, n in s.shortage.items()}
    for m in moves:
        balance[(m.to_school, m.subject)] = balance.get((m.to_school, m.subject), 0) - 1
        k = subject_of(m.teacher)
        balance[(m.from_school, k)] = balance.get((m.from_school, k), 0) + 1
    return sum(n for n in balance.values() if n > 0)


def _reason(c: Candidate, r: School, k: str | None, km: float, costs: Costs) -> str:
    parts = []
    if k is not None:
        parts.append(f"fills {k} shortage ({r.shortage[k]}) at {r.id}")
    if r.students:
        tp = 100 * r.teachers / r.students
        if tp < costs.target_tp:
            parts.append(f"{r.id} has {tp:.2f} teachers/100 (district {costs.target_tp:.2f})")
        if c.backbone:
            parts.append(
                f"backbone to {100 * r.backbone / r.students:.2f}/100 "
                f"(district {costs.target_bb:.2f})"
            )
    parts.append(f"{km:.1f} km")
    return "; ".join(parts)


def plan_rotation(
    schools: Sequence[School], candidates: Sequence[Candidate], rules: Rules = DEFAULT_RULES
) -> Plan:
    """The year's rotation plan: eligibility, quotas, the optimal assignment, why each
    teacher goes where, and (when no plan meets every constraint) which fails by how many.
    """
    started = time.perf_counter()
    by_id = {s.id: s for s in schools}
    eligible, excluded = eligibility(candidates, by_id, rules)
    q, bq = quotas(eligible, rules)
    cost, placed, slack_q, slack_b = _flow(by_id, eligible, rules)
    costs = Costs(by_id, rules)
    moves = [
        Move(
            teacher=c.id,
            from_school=c.school,
            to_school=r.id,
            subject=k or c.subjects[0],
            fills_shortage=k is not None,
            backbone=c.backbone,
            km=round(km, 2),
            reason=_reason(c, r, k, km, costs),
        )
        for c, r, k, km in placed
    ]
    shortfalls = _diagnose(by_id, eligible, rules, q, bq, slack_q, slack_b, moves)
    subjects = {c.id: c.subjects[0] for c in candidates}
    return Plan(
        moves=moves,
        cost=cost,
        feasible=not shortfalls,
        shortfalls=shortfalls,
        excluded=excluded,
        eligible=len(eligible),
        quota=q,
        backbone_quota=bq,
        shortages_before=sum(n for s in schools for n in s.shortage.values() if n > 0),
        shortages_after=shortages_left(by_id, moves, subjects.__getitem__),
        cv_before=_indicators(by_id, []),
        cv_after=_indicators(by_id, moves),
        seconds=time.perf_counter() - started,
    )


def _diagnose(by_id, eligible, rules, q, bq, slack_q, slack_b, moves) -> list[Shortfall]:
    """Name the binding limit of every unmet quota: too few eligible backbone teachers
    (the district's count); else the distance limit when places are left free beyond it
    but none within it; else the receiving schools' places."""
    out = []
    missing_bb = backbone_unapportioned(eligible, rules)
    if missing_bb > 0:
        wanted = rules.backbone_quota_of(sum(q.values()))
        out.append(Shortfall("backbone", "*", wanted, wanted - missing_bb, "backbone_eligible"))
    if not any(slack_q.values()) and not any(slack_b.values()):
        return out
    costs = Costs(by_id, rules)
    taken: dict[str, int] = defaultdict(int)
    for m in moves:
        taken[m.to_school] += 1
    free = {r.id: costs.capacity(r) - taken[r.id] for r in by_id.values() if r.receives}

    def cause(s: str) -> str:
        home = by_id[s]
        beyond = any(
            n > 0 and r != s and distance(home, by_id[r]) > rules.max_km for r, n in free.items()
        )
        within = any(
            n > 0 and r != s and distance(home, by_id[r]) <= rules.max_km for r, n in free.items()
        )
        # Places left within reach: the teachers' own limits bind (a distance, too).
        return "distance" if beyond or within else "capacity"

    for s in sorted(q):
        if slack_b[s]:
            out.append(Shortfall("backbone", s, bq[s], bq[s] - slack_b[s], cause(s)))
        if slack_q[s]:
            out.append(Shortfall("quota", s, q[s], q[s] - slack_q[s], cause(s)))
    return out
