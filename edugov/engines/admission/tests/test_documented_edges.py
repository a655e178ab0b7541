"""The two places where the documentation was ambiguous (issue 15, defect 12), each pinned
by the smallest case that tells the readings apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edugov.engines.admission import Candidates, Programmes, parse_config, run_admission
from edugov.engines.admission.csvio import write_outputs


def _config(batches: list[dict[str, Any]]) -> Any:
    return parse_config({"subjects": ["数学"], "batch": batches})


def _placed(res: Any) -> dict[int, str | None]:
    return {
        int(cid): (res.programme_codes[res.programme[i]] if res.batch[i] >= 0 else None)
        for i, cid in enumerate(res.candidate_ids)
    }


def _ineligible_first_choice() -> tuple[Candidates, Programmes, dict[str, np.ndarray]]:
    # K = 2. Candidate 1 (600) lists X (own line 700) then Y; candidate 2 (500) lists Y.
    # Y has 1 seat.
    cands = Candidates.build(ids=[1, 2], total=[600, 500], subjects=np.zeros((2, 1), np.int64))
    progs = Programmes.build(codes=["X", "Y"], open_seats=[1, 1], n_subjects=1, min_score=[700, 0])
    prefs = {"统招": np.array([[0, 1], [1, -1]], np.int32)}
    return cands, progs, prefs


@pytest.mark.parametrize(
    "batch",
    [
        {"mechanism": "boston"},
        {"mechanism": "chen_kesten", "band": 1},
    ],
)
def test_under_boston_an_ineligible_choice_uses_up_its_round(batch: dict[str, Any]) -> None:
    # DOMAIN.md §5: round r looks only at each candidate's r-th choice. Round 1: X is
    # below candidate 1's line, so they get nothing; candidate 2 takes Y, and that seat is
    # final. Round 2: Y is full, so candidate 1 is unplaced.
    cands, progs, prefs = _ineligible_first_choice()
    cfg = _config([{"name": "统招", "max_choices": 2, **batch}])
    assert _placed(run_admission(cands, progs, prefs, cfg)) == {1: None, 2: "Y"}


@pytest.mark.parametrize(
    "batch",
    [
        {"mechanism": "serial_dictatorship"},
        {"mechanism": "chen_kesten", "band": 2},
        {"mechanism": "deferred_acceptance"},
    ],
)
def test_without_rounds_an_ineligible_choice_is_skipped(batch: dict[str, Any]) -> None:
    # 平行志愿 and DA have no rounds: candidate 1 moves straight on to Y and outscores 2.
    cands, progs, prefs = _ineligible_first_choice()
    cfg = _config([{"name": "统招", "max_choices": 2, **batch}])
    assert _placed(run_admission(cands, progs, prefs, cfg)) == {1: "Y", 2: None}


def test_a_batch_reports_a_programme_it_offered_with_no_seat_left(tmp_path: Path) -> None:
    # X (1 seat) is filled in 统招; 征集 still offers X but has no seat there and nobody
    # lists it. The statistics must say so rather than leave X out of 征集.
    cands = Candidates.build(ids=[1, 2], total=[600, 500], subjects=np.zeros((2, 1), np.int64))
    progs = Programmes.build(codes=["X", "Y"], open_seats=[1, 1], n_subjects=1)
    prefs = {
        "统招": np.array([[0], [0]], np.int32),
        "征集": np.array([[-1], [1]], np.int32),
    }
    res = run_admission(cands, progs, prefs, _config([{"name": "统招"}, {"name": "征集"}]))
    assert _placed(res) == {1: "X", 2: "Y"}
    rows = {(res.batch_names[s.batch], res.programme_codes[s.programme]): s for s in res.stats}
    assert set(rows) == {("统招", "X"), ("统招", "Y"), ("征集", "X"), ("征集", "Y")}
    full = rows[("征集", "X")]
    assert (full.seats, full.capacity, full.sent, full.admitted, full.cutoff) == (0, 0, 0, 0, -1)

    out = tmp_path / "result.csv"
    write_outputs(res, out, ())
    lines = out.with_suffix(".programmes.csv").read_text("utf-8").splitlines()
    assert "征集,X,,0,0,0,0,0,0," in lines
