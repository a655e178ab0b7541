"""Hand-checked cases for each configurable rule of the batch pipeline."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edugov.engines.admission import (
    SECTOR_PRIVATE,
    Candidates,
    ConfigError,
    InputError,
    Programmes,
    Returns,
    loads_config,
    parse_config,
    run_admission,
)
from edugov.engines.admission.ranking import common_ranking, lottery_order
from edugov.engines.admission.whatif import compare_runs
from edugov.engines.lottery import Applicant, Commitment, Reveal, commit, key_function
from edugov.engines.lottery import draw as lottery_draw
from edugov.engines.lottery import seed as lottery_seed


def _cands(scores: list[int], **kw: Any) -> Candidates:
    n = len(scores)
    return Candidates.build(
        ids=kw.pop("ids", np.arange(1, n + 1)),
        total=scores,
        subjects=kw.pop("subjects", np.zeros((n, 1), np.int64)),
        **kw,
    )


def _config(batches: list[dict[str, Any]], **kw: Any) -> Any:
    return parse_config({"subjects": ["数学"], "flags": ["体育"], "batch": batches, **kw})


def _placed(res: Any) -> dict[int, str | None]:
    return {
        int(cid): (res.programme_codes[res.programme[i]] if res.batch[i] >= 0 else None)
        for i, cid in enumerate(res.candidate_ids)
    }


def test_a_ratio_above_one_sends_extra_files_and_returns_those_beyond_the_plan() -> None:
    # 12 candidates, scores 120, 119, … 109, all list X (10 seats, 投档比例 1.10) then Y.
    # Capacity = ⌊10 × 1100 / 1000⌋ = 11, so candidates 1–11 are sent to X and 12 goes to Y.
    cands = _cands(list(range(120, 108, -1)))
    progs = Programmes.build(codes=["X", "Y"], open_seats=[10, 5], n_subjects=1, ratio=[1100, 0])
    prefs = {"统招": np.tile(np.array([[0, 1]], np.int32), (12, 1))}
    cfg = _config([{"name": "统招"}, {"name": "征集"}])
    prefs["征集"] = np.tile(np.array([[1, -1]], np.int32), (12, 1))

    # no returns: 11 files for 10 seats; the lowest (candidate 11) is returned over plan,
    # never reaches Y in 统招, and is placed at Y in 征集.
    res = run_admission(cands, progs, prefs, cfg)
    got = _placed(res)
    assert [got[i] for i in range(1, 11)] == ["X"] * 10
    assert got[12] == "Y" and res.batch_names[res.batch[11]] == "统招"
    assert got[11] == "Y" and res.batch_names[res.batch[10]] == "征集"
    assert res.returned_reason[10] == 2  # over_plan
    (sx,) = [s for s in res.stats if s.batch == 0 and s.programme == 0]
    assert (sx.seats, sx.capacity, sx.sent, sx.over_plan, sx.admitted) == (10, 11, 11, 1, 10)

    # X returns candidate 3 (退档): the 10 remaining files fit the plan, nobody is cut
    rets = Returns(candidate_ids=np.array([3]), programmes=np.array([0]), batches=("统招",))
    res = run_admission(cands, progs, prefs, cfg, rets)
    got = _placed(res)
    assert got[11] == "X" and got[3] == "Y" and res.batch_names[res.batch[2]] == "征集"

    # admit_beyond_plan keeps all 11 sent files
    cfg2 = _config([{"name": "统招", "admit_beyond_plan": True}, {"name": "征集"}])
    assert _placed(run_admission(cands, progs, prefs, cfg2))[11] == "X"


def test_eligibility_flags_lines_and_subject_minimums_skip_to_the_next_choice() -> None:
    # candidate 1: 300 points, 数学 90, no 体育 flag; candidate 2: 280, 数学 60, 体育 flag
    cands = _cands([300, 280], subjects=[[90], [60]], flags=[0, 1])
    progs = Programmes.build(
        codes=["SPORT", "MATH", "ANY"],
        open_seats=[5, 5, 5],
        n_subjects=1,
        required_flags=[1, 0, 0],  # SPORT needs the 体育 flag
        subject_min=[[-1], [80], [-1]],  # MATH needs 数学 ≥ 80
        min_score=[0, 0, 290],  # ANY has its own line of 290
    )
    prefs = {"统招": np.array([[0, 2, 1], [1, 2, 0]], np.int32)}
    res = run_admission(cands, progs, prefs, _config([{"name": "统招"}]))
    # 1: SPORT refused (no flag) → ANY (300 ≥ 290); 2: MATH refused (60 < 80), ANY refused
    # (280 < 290) → SPORT (has the flag), at choice 3
    assert _placed(res) == {1: "ANY", 2: "SPORT"}
    assert res.choice.tolist() == [1, 2]
    # a batch line of 290 leaves candidate 2 out of the batch entirely
    res = run_admission(cands, progs, prefs, _config([{"name": "统招", "min_line": 290}]))
    assert _placed(res) == {1: "ANY", 2: None}


def test_private_schools_in_their_own_batch_or_in_the_public_batch() -> None:
    # two candidates both list PUB first then PRI; one seat each.
    cands = _cands([500, 400])
    progs = Programmes.build(
        codes=["PUB", "PRI"], open_seats=[1, 1], n_subjects=1, sector=[0, SECTOR_PRIVATE]
    )
    prefs = {"统招": np.array([[0, 1], [0, 1]], np.int32)}
    together = _config([{"name": "统招"}])
    assert _placed(run_admission(cands, progs, prefs, together)) == {1: "PUB", 2: "PRI"}
    # private batch first (the pre-reform order), reading the same list: 500 takes PRI
    # because in that batch PUB is not on offer, and then 400 gets PUB.
    apart = _config(
        [
            {"name": "民办批", "sectors": ["private"], "preferences": "统招"},
            {"name": "统招", "sectors": ["public"]},
        ]
    )
    assert _placed(run_admission(cands, progs, prefs, apart)) == {1: "PRI", 2: "PUB"}


def test_boston_and_chen_kesten_differ_from_serial_dictatorship_as_expected() -> None:
    # scores 3 > 2 > 1; seats X 1, Y 1, Z 1.
    # lists: 1: X Y; 2: X Z; 3: Y X.   (candidate ids = 1..3, candidate 1 the best)
    cands = _cands([300, 200, 100])
    progs = Programmes.build(codes=["X", "Y", "Z"], open_seats=[1, 1, 1], n_subjects=1)
    prefs = {"统招": np.array([[0, 1], [0, 2], [1, 0]], np.int32)}
    sd = run_admission(cands, progs, prefs, _config([{"name": "统招"}]))
    # SD: 1 → X, 2 → X full → Z, 3 → Y
    assert _placed(sd) == {1: "X", 2: "Z", 3: "Y"}
    boston = run_admission(cands, progs, prefs, _config([{"name": "统招", "mechanism": "boston"}]))
    # round 1: X ← {1, 2}: 1 wins; Y ← 3. round 2: 2 → Z.
    assert _placed(boston) == {1: "X", 2: "Z", 3: "Y"}
    # make candidate 1 list Y first: Boston punishes the high scorer who ranks a popular
    # school second — 1: Y X, 2: X Z, 3: Y X
    prefs = {"统招": np.array([[1, 0], [0, 2], [1, 0]], np.int32)}
    boston = run_admission(cands, progs, prefs, _config([{"name": "统招", "mechanism": "boston"}]))
    # round 1: Y ← {1, 3}: 1 wins; X ← 2. round 2: 3 → X, full → unplaced
    assert _placed(boston) == {1: "Y", 2: "X", 3: None}
    ck = run_admission(
        cands, progs, prefs, _config([{"name": "统招", "mechanism": "chen_kesten", "band": 2}])
    )
    assert _placed(ck) == _placed(boston)  # e = K = 2: DA = SD gives the same here


def test_preference_order_tie_rule_favours_who_listed_the_school_higher() -> None:
    # two fully tied candidates (same score, same 数学), one seat at X.
    # candidate 1 lists Y then X, candidate 2 lists X. Y has no seats.
    cands = _cands([500, 500], subjects=[[90], [90]])
    progs = Programmes.build(codes=["X", "Y"], open_seats=[1, 0], n_subjects=1)
    prefs = {"统招": np.array([[1, 0], [0, -1]], np.int32)}
    by_id = _config([{"name": "统招"}], tie_break={"subjects": ["数学"]})
    assert _placed(run_admission(cands, progs, prefs, by_id)) == {1: "X", 2: None}
    by_pref = _config(
        [{"name": "统招"}], tie_break={"subjects": ["数学"], "final": "preference_order"}
    )
    # candidate 2 listed X first, candidate 1 second: 2 wins the tie
    assert _placed(run_admission(cands, progs, prefs, by_pref)) == {1: None, 2: "X"}


def test_lottery_tie_rule_orders_a_full_tie_by_the_lottery_engines_key() -> None:
    ids = [11, 22, 33, 44]
    # σ as a commit–reveal ceremony of the lottery engine produces it
    sigma = lottery_seed(
        [Reveal("公证处", "notary-7f3a9c")],
        [Commitment("公证处", commit("notary-7f3a9c"))],
        "3187.42",
    )
    cfg = _config(
        [{"name": "统招"}],
        tie_break={"final": "lottery", "lottery_seed": sigma.hex(), "lottery_draw": "2025中考"},
    )
    cands = _cands([500] * 4, ids=ids)

    def h(cid: int) -> bytes:
        # docs/engines/lottery.md §2.4, written out with hashlib alone
        return hashlib.sha256(sigma + "2025中考".encode() + b"\x1f" + str(cid).encode()).digest()

    assert [h(i) for i in ids] == [key_function(sigma, "2025中考")(str(i)) for i in ids]
    expected = sorted(ids, key=h)
    assert [ids[i] for i in lottery_order(np.array(ids), sigma.hex(), "2025中考")] == expected
    rank = common_ranking(cands, cfg)
    assert [ids[i] for i in np.argsort(rank.key)] == expected
    # the draw of the lottery engine itself gives the same order for the same draw name
    drawn = lottery_draw("2025中考", 4, [Applicant(str(i), 1) for i in ids], sigma)
    assert [int(p.applicant_id) for p in drawn.order] == expected
    progs = Programmes.build(codes=["X"], open_seats=[1], n_subjects=1)
    res = run_admission(cands, progs, {"统招": np.zeros((4, 1), np.int32)}, cfg)
    assert {k for k, v in _placed(res).items() if v} == {expected[0]}


def test_a_lottery_seed_that_is_not_a_ceremony_sigma_is_refused() -> None:
    with pytest.raises(ConfigError, match="64 lowercase hex"):
        _config([{"name": "统招"}], tie_break={"final": "lottery", "lottery_seed": "seed-12"})


def test_programme_priorities_rank_by_the_programmes_own_formula() -> None:
    # candidate 1: total 500, 数学 60; candidate 2: total 450, 数学 100. One seat at M,
    # whose priority is 2 × 数学 + total: 1 → 620, 2 → 650. Both list M then N.
    cands = _cands([500, 450], subjects=[[60], [100]])
    progs = Programmes.build(codes=["M", "N"], open_seats=[1, 1], n_subjects=1)
    prefs = {"提前批": np.array([[0, 1], [0, 1]], np.int32)}
    cfg = _config(
        [{"name": "提前批", "mechanism": "deferred_acceptance", "priority": "programme"}],
        priorities={"M": {"weights": {"数学": 2, "total": 1}}},
    )
    assert _placed(run_admission(cands, progs, prefs, cfg)) == {1: "N", 2: "M"}
    common = _config([{"name": "提前批", "mechanism": "deferred_acceptance"}])
    assert _placed(run_admission(cands, progs, prefs, common)) == {1: "M", 2: "N"}


def test_unfilled_quota_seats_return_to_open_admission_only_when_configured() -> None:
    # X: 1 open seat, 2 quota seats for junior 0; only one junior-0 candidate applies.
    cands = _cands([300, 200, 100], junior=[0, 1, 1])
    progs = Programmes.build(
        codes=["X"], open_seats=[1], n_subjects=1,
        quota_programme=[0], quota_junior=[0], quota_seats=[2],
    )  # fmt: skip
    prefs = {"指标": np.array([[0], [0], [0]], np.int32), "统招": np.zeros((3, 1), np.int32)}
    batches = [{"name": "指标", "kind": "quota", "preferences": "指标"}, {"name": "统招"}]
    res = run_admission(cands, progs, prefs, _config(batches))
    # quota: candidate 1 takes 1 of 2 J0 seats; juniors of 2 and 3 have no quota.
    # 1 unfilled quota seat returns: open seats 1 + 1 = 2 → candidates 2 and 3.
    assert _placed(res) == {1: "X", 2: "X", 3: "X"}
    assert res.quota.tolist() == [True, False, False]
    res = run_admission(cands, progs, prefs, _config(batches, return_unfilled_quota=False))
    assert _placed(res) == {1: "X", 2: "X", 3: None}


def test_it_rejects_bad_configuration_with_the_key_named() -> None:
    with pytest.raises(ConfigError, match="min_lne"):
        loads_config('subjects = ["数学"]\n[[batch]]\nname = "统招"\nmin_lne = 500\n')
    with pytest.raises(ConfigError, match="1.00 and 1.10"):
        _config([{"name": "统招", "ratio": 1.2}])
    with pytest.raises(ConfigError, match="band"):
        _config([{"name": "统招", "mechanism": "chen_kesten"}])
    with pytest.raises(ConfigError, match="lottery_seed"):
        _config([{"name": "统招"}], tie_break={"final": "lottery"})
    with pytest.raises(ConfigError, match="multiple of 1/2"):
        _config([{"name": "统招", "min_line": 500.25}], score_scale=2)
    with pytest.raises(ConfigError, match="unknown subject"):
        _config([{"name": "统招"}], tie_break={"subjects": ["物理"]})


def test_it_rejects_inconsistent_inputs() -> None:
    progs = Programmes.build(codes=["X", "Y"], open_seats=[1, 1], n_subjects=1)
    cfg = _config([{"name": "统招", "max_choices": 1}])
    with pytest.raises(InputError, match="more than 1 choices"):
        run_admission(_cands([1]), progs, {"统招": np.array([[0, 1]], np.int32)}, cfg)
    with pytest.raises(InputError, match="listed twice"):
        run_admission(
            _cands([1]), progs, {"统招": np.array([[0, 0]], np.int32)}, _config([{"name": "统招"}])
        )
    with pytest.raises(InputError, match="no preference list"):
        run_admission(_cands([1]), progs, {}, cfg)
    with pytest.raises(InputError, match="unique"):
        _cands([1, 2], ids=[5, 5])


@pytest.mark.parametrize("scale", [1, 2**30])
def test_the_packed_key_orders_like_the_domain_sort_even_when_it_must_compress(scale: int) -> None:
    # with scale 2**30 the score and subject widths overflow 63 bits, forcing the dense-rank
    # fallback; the order must still be (−score, −数学, id)
    rng = np.random.default_rng(5)
    n = 500
    math = rng.integers(0, 4, n) * scale
    total = rng.integers(0, 6, n) * scale * 4
    ids = rng.choice(10**12, n, replace=False)
    cands = Candidates.build(ids=ids, total=total, subjects=math[:, None])
    rank = common_ranking(cands, _config([{"name": "统招"}], tie_break={"subjects": ["数学"]}))
    expected = sorted(range(n), key=lambda i: (-total[i], -math[i], ids[i]))
    assert np.argsort(rank.key).tolist() == expected
    groups = [(total[i], math[i]) for i in expected]
    ranked_groups = rank.group[expected].tolist()
    for a in range(n - 1):
        assert (groups[a] == groups[a + 1]) == (ranked_groups[a] == ranked_groups[a + 1])


def test_the_example_configuration_in_the_docs_is_valid() -> None:
    doc = Path(__file__).resolve().parents[4] / "docs" / "engines" / "admission.md"
    text = doc.read_text("utf-8")
    example = text.split("### Example\n\n```toml\n", 1)[1].split("```", 1)[0]
    cfg = loads_config(example)
    assert [b.name for b in cfg.batches] == ["提前批", "指标到校", "统招", "征集"]
    assert cfg.score_scale == 2 and cfg.batches[0].min_line == 1040
    assert dict(cfg.priorities)["0101T"] == (("total", 1), ("数学", 2), ("物理", 2))


def test_compare_runs_counts_candidates_who_change_school() -> None:
    # same two candidates and lists as the private-batch test: together 1 → PUB, 2 → PRI;
    # private batch first 1 → PRI, 2 → PUB. Both candidates change school.
    cands = _cands([500, 400])
    progs = Programmes.build(
        codes=["PUB", "PRI"], open_seats=[1, 1], n_subjects=1, sector=[0, SECTOR_PRIVATE]
    )
    prefs = {"统招": np.array([[0, 1], [0, 1]], np.int32)}
    a = run_admission(cands, progs, prefs, _config([{"name": "统招"}]))
    apart = [
        {"name": "民办批", "sectors": ["private"], "preferences": "统招"},
        {"name": "统招", "sectors": ["public"]},
    ]
    b = run_admission(cands, progs, prefs, _config(apart))
    cmp = compare_runs(a, b)
    assert (cmp.changed_school, cmp.placed_only_in_a, cmp.placed_only_in_b) == (2, 0, 0)
    assert [(p.code, p.admitted_a, p.admitted_b) for p in cmp.programmes] == [
        ("PUB", 1, 1),
        ("PRI", 1, 1),
    ]
    one_seat = replace(progs, open_seats=np.array([1, 0]))
    c = run_admission(cands, one_seat, prefs, _config([{"name": "统招"}]))
    assert compare_runs(a, c).placed_only_in_a == 1
