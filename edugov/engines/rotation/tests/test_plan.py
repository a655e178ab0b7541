"""Eligibility, quotas, shortages first, explanations, and an infeasible instance naming
its binding constraint and by how many teachers."""

from edugov.engines.rotation import Candidate, Rules, School, greedy_plan, plan_rotation


def town(n: int, *, backbone_every: int = 3, years: int = 8, school: str = "T") -> list[Candidate]:
    return [
        Candidate(f"{school}{i}", school, ("maths",), i % backbone_every == 0, years + i)
        for i in range(n)
    ]


def schools(far: float = 10.0, places: dict | None = None) -> list[School]:
    return [
        School("T", 1000, 80, 10, 0, 0, sends=True, receives=False, shortage={"maths": -3}),
        School("V", 200, 8, 0, far, 0, sends=False, receives=True, shortage=places or {"maths": 2}),
        School("W", 200, 14, 1, 0, far, sends=False, receives=True, shortage={"chinese": 1}),
    ]


def test_eligibility_follows_the_rule_and_names_each_exclusion():
    cands = [
        Candidate("a", "T", ("maths",), False, 5),
        Candidate("b", "T", ("maths",), False, 9, exemption="pregnant"),
        Candidate("c", "T", ("maths",), False, 9, near_retirement=True),
        Candidate("d", "V", ("maths",), False, 9),
        Candidate("e", "T", ("maths",), False, 6),
    ]
    plan = plan_rotation(schools(), cands)
    assert plan.excluded == {
        "a": "years",
        "b": "exemption:pregnant",
        "c": "near_retirement",
        "d": "school_does_not_send",
    }
    assert plan.eligible == 1 and plan.quota == {"T": 1}
    assert plan_rotation(schools(), cands, Rules(min_years=4)).eligible == 2


def test_quotas_are_rounded_up_and_met():
    plan = plan_rotation(schools(), town(21))  # 10 % of 21 → 3; 20 % of 3 → 1 backbone
    assert plan.quota == {"T": 3} and plan.backbone_quota == {"T": 1}
    assert plan.feasible and len(plan.moves) == 3
    assert sum(m.backbone for m in plan.moves) >= 1


def test_shortages_are_filled_first_and_each_move_says_why():
    plan = plan_rotation(schools(), town(20))
    to_v = [m for m in plan.moves if m.to_school == "V"]
    assert len(to_v) == 2 and all(m.fills_shortage for m in to_v)
    assert "fills maths shortage" in to_v[0].reason and "km" in to_v[0].reason
    assert plan.shortages_after == plan.shortages_before - 2


def test_the_weaker_school_gets_the_teacher_without_a_shortage():
    # No shortage anywhere: the extra teacher goes to V (4 per 100), not W (7 per 100).
    plan = plan_rotation(schools(places={"maths": 0}), town(10))
    assert [m.to_school for m in plan.moves] == ["V"]
    assert plan.cv_after["teachers_per_100"] < plan.cv_before["teachers_per_100"]


def test_an_infeasible_distance_limit_is_named_with_the_count():
    plan = plan_rotation(schools(far=50), town(30), Rules(max_km=30))
    assert not plan.feasible
    assert plan.summary()["binding"] == {"quota:distance": 3, "backbone:distance": 1}


def test_too_few_places_name_capacity():
    plan = plan_rotation(schools(places={"maths": 1}), town(60), Rules(extra_per_school=0))
    # 6 to rotate; V has 1 place (its shortage), W 1 (its chinese shortage, which a
    # maths teacher takes without filling it) → 4 short
    assert plan.summary()["binding"] == {"quota:capacity": 4}


def test_no_eligible_backbone_teacher_names_the_backbone_rule():
    plan = plan_rotation(schools(), town(20, backbone_every=1000)[1:])
    [short] = plan.shortfalls
    assert (short.constraint, short.cause, short.short_by) == ("backbone", "backbone_eligible", 1)


def test_a_teachers_own_limit_is_respected():
    cands = [Candidate("x", "T", ("maths",), True, 9, max_km=5)] + town(9)[1:]
    plan = plan_rotation(schools(), cands)
    assert all(m.teacher != "x" for m in plan.moves)


def test_the_greedy_peer_sends_the_most_senior():
    plan = greedy_plan(schools(), town(20))
    assert {m.teacher for m in plan.moves} == {"T19", "T18"}
