"""The engine against hand-worked PHQ-9 and GAD-7 scoring, and its properties."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.screening import (
    DEFAULT_RULES,
    TIERS,
    Instrument,
    InstrumentError,
    assign,
    assign_one,
    builtin,
    score,
    score_one,
)
from edugov.engines.screening.__main__ import main
from edugov.engines.screening.instrument import BUILTIN_DIR

PHQ9 = builtin("PHQ-9")
GAD7 = builtin("GAD-7")
PHQ9_PATH = BUILTIN_DIR / "phq9.json"

# Worked by hand from the published scoring: sum of 0–3 per item; PHQ-9 bands 0–4, 5–9,
# 10–14, 15–19, 20–27; GAD-7 bands 0–4, 5–9, 10–14, 15–21; item 9 > 0 flags risk.
PHQ9_CASES = [
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal", ()),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal", ()),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", ()),
    ([1, 2, 1, 0, 2, 1, 0, 1, 0], 8, "mild", ()),
    ([2, 2, 2, 2, 1, 0, 0, 0, 0], 9, "mild", ()),
    ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate", ()),
    ([2, 2, 2, 2, 2, 2, 1, 1, 0], 14, "moderate", ()),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "moderately_severe", ()),
    ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "moderately_severe", ()),
    ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe", ()),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe", ("suicide_risk",)),
    ([0, 0, 0, 0, 0, 0, 0, 0, 1], 1, "minimal", ("suicide_risk",)),
]
GAD7_CASES = [
    ([0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
    ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
    ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
    ([2, 2, 2, 2, 2, 0, 0], 10, "moderate"),
    ([2, 2, 2, 2, 2, 2, 2], 14, "moderate"),
    ([3, 3, 3, 3, 3, 0, 0], 15, "severe"),
    ([3, 3, 3, 3, 3, 3, 3], 21, "severe"),
]


@pytest.mark.parametrize(("answers", "total", "band", "flags"), PHQ9_CASES)
def test_phq9_equals_the_hand_worked_scoring(answers, total, band, flags):
    assert score_one(PHQ9, answers) == (total, band, flags)


@pytest.mark.parametrize(("answers", "total", "band"), GAD7_CASES)
def test_gad7_equals_the_hand_worked_scoring(answers, total, band):
    assert score_one(GAD7, answers) == (total, band, ())


def test_the_batch_gives_each_sheet_its_hand_worked_result():
    result = score(PHQ9, [a for a, *_ in PHQ9_CASES])
    assert list(result.totals) == [t for _, t, _, _ in PHQ9_CASES]
    assert [result.band_code(i) for i in range(len(result))] == [b for *_, b, _ in PHQ9_CASES]


def _tier(phq, gad):
    return assign_one(DEFAULT_RULES, {"PHQ-9": score(PHQ9, [phq]), "GAD-7": score(GAD7, [gad])})


def test_item_9_makes_a_sheet_red_whatever_its_total():
    assert _tier([0, 0, 0, 0, 0, 0, 0, 0, 1], [0] * 7) == "red"


def test_the_default_tiers_follow_the_totals():
    assert _tier([3, 3, 3, 3, 2, 2, 2, 2, 0], [0] * 7) == "red"  # PHQ-9 20
    assert _tier([0] * 9, [3, 3, 3, 3, 3, 0, 0]) == "orange"  # GAD-7 15
    assert _tier([2, 2, 2, 2, 2, 0, 0, 0, 0], [0] * 7) == "yellow"  # PHQ-9 10
    assert _tier([1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0]) == "none"


def test_a_missing_or_undeclared_answer_is_invalid_never_scored_low():
    result = score(PHQ9, [[0, 0, 0, 0, 0, 0, 0, 0, None], [4, 0, 0, 0, 0, 0, 0, 0, 0]])
    assert list(result.valid) == [False, False] and list(result.totals) == [-1, -1]
    with pytest.raises(InstrumentError):
        score_one(PHQ9, [0] * 8 + [None])


def test_a_declaration_that_cannot_be_scored_is_refused():
    data = json.loads(PHQ9_PATH.read_text(encoding="utf-8"))
    data["bands"][1]["min"] = 0
    with pytest.raises(InstrumentError, match="bands"):
        Instrument.from_dict(data)
    data = json.loads(PHQ9_PATH.read_text(encoding="utf-8"))
    data["flags"][0]["item"] = "q99"
    with pytest.raises(InstrumentError, match="q99"):
        Instrument.from_dict(data)


def test_a_licensed_scale_with_a_reverse_item_is_scored_in_the_same_format():
    scale = Instrument.from_dict(
        {
            "code": "X-3",
            "options": [{"value": v, "label": str(v)} for v in (1, 2, 3, 4)],
            "items": [{"id": "a", "text": "a"}, {"id": "b", "text": "b", "reverse": True}],
            "bands": [
                {"min": 0, "code": "low", "label": "低"},
                {"min": 6, "code": "high", "label": "高"},
            ],
        }
    )
    assert score_one(scale, [4, 1]) == (8, "high", ())  # 4 + (1+4-1)
    assert score_one(scale, [1, 4]) == (2, "low", ())


def test_the_cli_scores_a_csv_and_reports_bad_rows(tmp_path):
    answers = tmp_path / "a.csv"
    answers.write_text(
        "id,q1,q2,q3,q4,q5,q6,q7,q8,q9\nS1,1,2,1,0,2,1,0,1,0\nS2,0,0,0,0,0,0,0,0,x\n"
    )
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["score", str(PHQ9_PATH), str(answers)])
    assert code == 1
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["id", "total", "band", "flags"],
        ["S1", "8", "mild", ""],
    ]
    assert "row 3, column q9" in err.getvalue()


sheets = st.lists(st.lists(st.integers(0, 3), min_size=9, max_size=9), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(sheets)
def test_the_total_is_the_sum_and_the_band_holds_it(rows):
    result = score(PHQ9, rows)
    for i, row in enumerate(rows):
        assert result.totals[i] == sum(row)
        band = PHQ9.bands[result.bands[i]]
        nxt = [b.min for b in PHQ9.bands if b.min > band.min]
        assert band.min <= sum(row) < (nxt[0] if nxt else 28)
        assert result.flags[i, 0] == (row[8] > 0)


@settings(max_examples=40, deadline=None)
@given(sheets)
def test_the_batch_equals_one_sheet_at_a_time(rows):
    batch = score(PHQ9, np.array(rows, dtype=np.int16))
    for i, row in enumerate(rows):
        one = score_one(PHQ9, row)
        assert (one.total, one.band, one.flags) == (
            int(batch.totals[i]),
            batch.band_code(i),
            batch.flag_codes(i),
        )


@settings(max_examples=40, deadline=None)
@given(sheets, st.integers(0, 8), st.integers(1, 3))
def test_raising_an_answer_never_lowers_the_tier(rows, item, step):
    gad = [[0] * 7] * len(rows)
    higher = [list(r) for r in rows]
    for r in higher:
        r[item] = min(3, r[item] + step)

    def tiers(sheets_):
        return assign(DEFAULT_RULES, {"PHQ-9": score(PHQ9, sheets_), "GAD-7": score(GAD7, gad)})

    assert (tiers(higher) <= tiers(rows)).all()  # index 0 is 红: lower is more severe
    assert {TIERS[i] for i in tiers(rows)} <= set(TIERS)
