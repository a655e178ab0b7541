"""The peer the optimiser is measured against: how a district plans by hand — the most
senior eligible teachers of each sending school go, one by one, to the neediest school
they can reach (the largest shortage of their subject, else the fewest teachers per 100
students). Same eligibility, quotas, distance limit and places as the optimiser."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .model import DEFAULT_RULES, Candidate, Move, Plan, Rules, School
from .solver import Costs, _indicators, eligibility, quotas, shortages_left


def greedy_plan(
    schools: Sequence[School], candidates: Sequence[Candidate], rules: Rules = DEFAULT_RULES
) -> Plan:
    by_id = {s.id: s for s in schools}
    eligible, excluded = eligibility(candidates, by_id, rules)
    q, bq = quotas(eligible, rules)
    costs = Costs(by_id, rules)
    receivers = [s for s in schools if s.receives]
    need = {(r.id, k): n for r in receivers for k, n in r.shortage.items() if n > 0}
    places = {r.id: costs.capacity(r) for r in receivers}
    teachers = {r.id: r.teachers for r in receivers}
    per_school: dict[str, list[Candidate]] = defaultdict(list)
    for c in eligible:
        per_school[c.school].append(c)
    going = [
        c
        for s, cs in per_school.items()
        for c in sorted(cs, key=lambda c: (-c.years, c.id))[: q.get(s, 0)]
    ]
    moves: list[Move] = []
    for c in sorted(going, key=lambda c: (-c.years, c.id)):
        best, best_key, best_km = None, None, 0.0
        for r in receivers:
            if places[r.id] <= 0:
                continue
            km = costs.reachable(c, r)
            if km is None:
                continue
            gap = max((need.get((r.id, k), 0) for k in c.subjects), default=0)
            ratio = 100 * teachers[r.id] / r.students if r.students else float("inf")
            key = (-gap, ratio, km, r.id)
            if best_key is None or key < best_key:
                best, best_key, best_km = r, key, km
        if best is None:
            continue
        k = next((k for k in c.subjects if need.get((best.id, k), 0) > 0), None)
        if k is not None:
            need[(best.id, k)] -= 1
        places[best.id] -= 1
        teachers[best.id] += 1
        moves.append(
            Move(
                c.id,
                c.school,
                best.id,
                k or c.subjects[0],
                k is not None,
                c.backbone,
                best_km,
                "greedy",
            )
        )
    subjects = {c.id: c.subjects[0] for c in candidates}
    sent = defaultdict(int)
    for m in moves:
        sent[m.from_school] += 1
    return Plan(
        moves=moves,
        cost=0,
        feasible=all(sent[s] >= n for s, n in q.items()),
        shortfalls=[],
        excluded=excluded,
        eligible=len(eligible),
        quota=q,
        backbone_quota=bq,
        shortages_before=sum(n for s in schools for n in s.shortage.values() if n > 0),
        shortages_after=shortages_left(by_id, moves, subjects.__getitem__),
        cv_before=_indicators(by_id, []),
        cv_after=_indicators(by_id, moves),
    )
