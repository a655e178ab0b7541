"""A worked example with ties, a 指标到校 batch and a 退档, computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from edugov.engines.admission import AdmissionResult, cutoff_detail, load_config, run_admission
from edugov.engines.admission.csvio import Inputs, load_inputs

from . import example


def _inputs(tmp_path: Path, final: str) -> tuple[Inputs, object]:
    files = {
        "config.toml": example.CONFIG_TOML.format(final=final),
        "c.csv": example.CANDIDATES_CSV,
        "p.csv": example.PROGRAMMES_CSV,
        "q.csv": example.QUOTAS_CSV,
        "f.csv": example.PREFERENCES_CSV,
        "r.csv": example.RETURNS_CSV,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = load_config(tmp_path / "config.toml")
    inputs = load_inputs(
        candidates=tmp_path / "c.csv",
        programmes=tmp_path / "p.csv",
        preferences=tmp_path / "f.csv",
        quotas=tmp_path / "q.csv",
        returns=tmp_path / "r.csv",
        config=config,
    )
    return inputs, config


def _outcome(result: AdmissionResult) -> dict[int, tuple[str, str] | None]:
    out: dict[int, tuple[str, str] | None] = {}
    for i, cid in enumerate(result.candidate_ids.tolist()):
        b = int(result.batch[i])
        out[cid] = (
            (result.batch_names[b], result.programme_codes[result.programme[i]]) if b >= 0 else None
        )
    return out


def _stat(result: AdmissionResult, batch: str, code: str, junior: int = -1) -> tuple:
    b = result.batch_names.index(batch)
    p = result.programme_codes.index(code)
    (s,) = [s for s in result.stats if (s.batch, s.programme, s.junior) == (b, p, junior)]
    cutoff = int(result.candidate_ids[s.cutoff]) if s.cutoff >= 0 else None
    return (s.seats, s.sent, s.returned, s.admitted, cutoff)


# 投档分 = total + min(bonus, 10):
#   2025001: 600 + 0 = 600   数学 120  语文 100
#   2025002: 590 + min(15, 10) = 600   数学 120  语文 110   (bonus capped at 10)
#   2025003: 580   数学 110
#   2025004: 570
#   2025005: 560 + 0 = 560   数学 110  语文 100
#   2025006: 555 + 5 = 560   数学 110  语文 100   ← full tie with 2025005
#   2025007: 550
#   2025008: 540   (below the 指标到校 line 545)
#
# 指标到校 (each candidate competes only inside their junior school):
#   A.quota[J1] (1 seat): 2025001 and 2025002 tie on 600 and on 数学 120; 语文 110 > 100,
#     so 2025002 takes it.
#   A.quota[J2] (1 seat): 2025003 (580) beats 2025004 (570); 2025008 is below the line.
#     A returns 2025003 (退档). The seat is not re-offered to 2025004 in this round, so
#     A.quota[J2] ends unfilled and its 1 seat returns to A's open seats: 2 + 1 = 3.
#
# 统招, in order 2025001 (600), 2025003 (580), 2025004 (570), 2025005, 2025006 (560 tie),
# 2025007 (550), 2025008 (540); 2025002 is already admitted:
#   2025001 → A (A: 3 → 2)       2025003 → A (A: 2 → 1; the 退档 was only for 指标到校)
#   2025004 → A (A: 1 → 0)       2025005 → B (B: 1 → 0)
#   2025006: B is full.
#     final = candidate_id: 2025005 < 2025006, so 2025006 → C (C: 2 → 1);
#       2025007: B full → C (C: 1 → 0); 2025008: C full → unplaced (滑档).
#     final = overfill: 2025006 is fully tied with 2025005, who took B's last seat, so B
#       takes both (2 admitted on 1 seat); 2025007: B full, not tied → C (C: 2 → 1);
#       2025008 → C (C: 1 → 0).
COMMON = {
    2025001: ("统招", "A"),
    2025002: ("指标到校", "A"),
    2025003: ("统招", "A"),
    2025004: ("统招", "A"),
    2025005: ("统招", "B"),
}


def test_it_admits_the_worked_example_by_candidate_id_tie_break(tmp_path: Path) -> None:
    inputs, config = _inputs(tmp_path, "candidate_id")
    result = run_admission(
        inputs.candidates, inputs.programmes, inputs.preferences, config, inputs.returns
    )
    assert _outcome(result) == {
        **COMMON,
        2025006: ("统招", "C"),
        2025007: ("统招", "C"),
        2025008: None,
    }
    j1, j2 = inputs.junior_codes.index("J1"), inputs.junior_codes.index("J2")
    # (seats, sent, returned, admitted, cutoff candidate)
    assert _stat(result, "指标到校", "A", j1) == (1, 1, 0, 1, 2025002)
    assert _stat(result, "指标到校", "A", j2) == (1, 1, 1, 0, None)
    assert _stat(result, "统招", "A") == (3, 3, 0, 3, 2025004)
    assert _stat(result, "统招", "B") == (1, 1, 0, 1, 2025005)
    assert _stat(result, "统招", "C") == (2, 2, 0, 2, 2025007)
    # the 录取分数线 of B in 统招, with its tie-break detail: 560 points, 数学 110, 语文 100
    (sb,) = [s for s in result.stats if s.batch == 1 and result.programme_codes[s.programme] == "B"]
    assert cutoff_detail(inputs.candidates, config, sb.cutoff) == {
        "candidate_id": 2025005,
        "score": 560,
        "tie_break": {"数学": 110, "语文": 100},
    }
    row3 = result.candidate_ids.tolist().index(2025003)
    assert result.batch_names[result.returned_batch[row3]] == "指标到校"
    assert result.programme_codes[result.returned_programme[row3]] == "A"


def test_it_takes_the_whole_tied_group_under_the_overfill_rule(tmp_path: Path) -> None:
    inputs, config = _inputs(tmp_path, "overfill")
    result = run_admission(
        inputs.candidates, inputs.programmes, inputs.preferences, config, inputs.returns
    )
    assert _outcome(result) == {
        **COMMON,
        2025006: ("统招", "B"),
        2025007: ("统招", "C"),
        2025008: ("统招", "C"),
    }
    # B admitted 2 on 1 seat; its cutoff is the later of the tied pair
    assert _stat(result, "统招", "B") == (1, 2, 0, 2, 2025006)


@pytest.mark.parametrize("final", ["candidate_id", "overfill"])
def test_the_reference_backend_computes_the_same_worked_example(tmp_path: Path, final: str) -> None:
    inputs, config = _inputs(tmp_path, final)
    args = (inputs.candidates, inputs.programmes, inputs.preferences, config, inputs.returns)
    compiled = run_admission(*args)
    ref = run_admission(*args, backend="reference")
    assert compiled.to_bytes() == ref.to_bytes()


def test_without_the_return_the_quota_seat_goes_to_the_next_in_the_junior_school(
    tmp_path: Path,
) -> None:
    inputs, config = _inputs(tmp_path, "candidate_id")
    result = run_admission(inputs.candidates, inputs.programmes, inputs.preferences, config)
    out = _outcome(result)
    # 2025003 keeps A.quota[J2]; A's open seats stay 2: 2025001 → A, 2025004 → A,
    # 2025005 → B, 2025006 → C, 2025007 → C, 2025008 unplaced.
    assert out[2025003] == ("指标到校", "A")
    assert out[2025004] == ("统招", "A")
    assert out[2025008] is None
