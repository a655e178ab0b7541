"""The optimiser equals a brute-force oracle on small random instances (≤ 8 teachers,
≤ 4 schools): the same total cost (``objective``, the model's cost evaluated on an
assignment directly) and the same quota satisfaction."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.engines.rotation import (
    Candidate,
    Rules,
    School,
    eligibility,
    objective,
    plan_rotation,
    quotas,
)
from edugov.engines.rotation.solver import Costs, backbone_unapportioned

SUBJECTS = ("maths", "chinese")


@st.composite
def instances(draw):
    n_schools = draw(st.integers(2, 4))
    schools = []
    for i in range(n_schools):
        sends = draw(st.booleans()) if i else True
        schools.append(
            School(
                id=f"s{i}",
                students=draw(st.integers(0, 400)),
                teachers=draw(st.integers(0, 30)),
                backbone=draw(st.integers(0, 4)),
                x=draw(st.integers(0, 40)),
                y=draw(st.integers(0, 40)),
                sends=sends,
                receives=draw(st.booleans()) or not sends,
                shortage={k: draw(st.integers(-2, 2)) for k in SUBJECTS},
            )
        )
    n_teachers = draw(st.integers(1, 8))
    candidates = []
    for t in range(n_teachers):
        subjects = draw(st.sampled_from([("maths",), ("chinese",), ("maths", "chinese")]))
        candidates.append(
            Candidate(
                id=f"t{t}",
                school=draw(st.sampled_from([s.id for s in schools])),
                subjects=subjects,
                backbone=draw(st.booleans()),
                years=draw(st.integers(4, 12)),
                max_km=draw(st.one_of(st.none(), st.integers(5, 60))),
            )
        )
    rules = Rules(
        quota=draw(st.sampled_from([0.1, 0.3, 0.5, 1.0])),
        backbone_share=draw(st.sampled_from([0.0, 0.2, 0.5])),
        max_km=draw(st.sampled_from([15, 30, 60])),
        extra_per_school=draw(st.integers(0, 2)),
    )
    return schools, candidates, rules


def brute_force(schools, candidates, rules):
    by_id = {s.id: s for s in schools}
    eligible, _ = eligibility(candidates, by_id, rules)
    costs = Costs(by_id, rules)
    options = []
    for c in eligible:
        opts = [None]
        for r in schools:
            if costs.reachable(c, r) is None:
                continue
            opts.append((r.id, None))
            opts += [(r.id, k) for k in c.subjects if r.shortage.get(k, 0) > 0]
        options.append(opts)
    best, best_assignment = None, None
    for choice in itertools.product(*options):
        assignment = {c.id: o for c, o in zip(eligible, choice, strict=True) if o is not None}
        cost = objective(by_id, eligible, rules, assignment)
        if cost is not None and (best is None or cost < best):
            best, best_assignment = cost, assignment
    return best, unmet(eligible, rules, best_assignment) + backbone_unapportioned(eligible, rules)


def unmet(eligible, rules, assignment) -> int:
    """Teachers short of the quotas (rotating, then backbone) in an assignment."""
    q, bq = quotas(eligible, rules)
    by_id = {c.id: c for c in eligible}
    movers = [by_id[t] for t in assignment]
    return sum(q[s] - sum(c.school == s for c in movers) for s in q) + sum(
        max(0, bq[s] - sum(c.school == s and c.backbone for c in movers)) for s in q
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_optimiser_equals_the_brute_force_oracle(instance):
    schools, candidates, rules = instance
    plan = plan_rotation(schools, candidates, rules)
    best, best_unmet = brute_force(schools, candidates, rules)
    assert plan.cost == best
    # Quota satisfaction: the plan misses the quotas by exactly as many teachers as the
    # best assignment there is.
    assert sum(s.short_by for s in plan.shortfalls) == best_unmet
    # The plan's own moves, evaluated directly, cost what the flow says.
    assignment = {
        m.teacher: (m.to_school, m.subject if m.fills_shortage else None) for m in plan.moves
    }
    by_id = {s.id: s for s in schools}
    eligible, _ = eligibility(candidates, by_id, rules)
    assert objective(by_id, eligible, rules, assignment) == plan.cost
    assert plan.feasible == (not plan.shortfalls)
