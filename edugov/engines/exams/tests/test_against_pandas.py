"""The engine against a straightforward pandas implementation at 100k candidates.

Integers must match exactly and floats within 1e-9 relative, for every statistic at
every level, the 一分一段表, every candidate's ranks and the school ranking. The rows
are shuffled so the kernel's regrouping path is exercised too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edugov.engines.exams.analysis import ExamAnalysis, analyse
from edugov.engines.exams.model import TOTAL
from edugov.engines.exams.tables import (
    candidate_ranks_table,
    level_stats_table,
    school_ranking_table,
    score_bands_table,
)

from .conftest import sheet_from_raw

RTOL = 1e-9
LEVEL_KEYS = {
    "city": [],
    "district": ["district"],
    "school": ["district", "school"],
    "class": ["district", "school", "class"],
}


# --------------------------------------------------------------------------- oracle
def candidates_frame(raw: dict[str, np.ndarray]) -> tuple[pd.DataFrame, list[str], dict]:
    """One row per candidate with labels and unscaled marks; total = sum of present
    subjects, NaN when absent from all (the engine's default policy)."""
    subjects = list(raw["subjects"])
    school = raw["class_school"][raw["klass"]]
    df = pd.DataFrame(
        {
            "exam_no": raw["exam_no"].astype(str),
            "district": raw["district_names"][raw["school_district"][school]].astype(str),
            "school": raw["school_names"][school].astype(str),
            "class": raw["class_names"][raw["klass"]].astype(str),
        }
    )
    for j, s in enumerate(subjects):
        df[s] = raw["marks"][:, j]
    df[TOTAL] = df[subjects].sum(axis=1, min_count=1)
    full = dict(zip(subjects, raw["full_marks"].tolist(), strict=True))
    full[TOTAL] = sum(full.values())
    return df, [*subjects, TOTAL], full


def pandas_stats(df: pd.DataFrame, columns: list[str], full: dict) -> pd.DataFrame:
    long = df.melt(id_vars=["district", "school", "class"], value_vars=columns, var_name="subject")
    long["full"] = long["subject"].map(full)
    long["is_pass"] = long["value"] >= 0.6 * long["full"]
    long["is_exc"] = long["value"] >= 0.85 * long["full"]
    present = long.dropna(subset=["value"])
    frames = []
    for level, keys in LEVEL_KEYS.items():
        by = [*keys, "subject"]
        g = present.groupby(by, sort=False)["value"]
        out = pd.DataFrame(
            {
                "present": g.count(),
                "mean": g.mean(),
                "std": g.std(ddof=0),
                "min": g.min(),
                "max": g.max(),
                "pass_count": present.groupby(by, sort=False)["is_pass"].sum(),
                "excellent_count": present.groupby(by, sort=False)["is_exc"].sum(),
            }
        )
        for p in (10, 25, 50, 75, 90):
            out[f"p{p}"] = g.quantile(p / 100)  # pandas' default: linear
        out["pass_rate"] = out["pass_count"] / out["present"]
        out["excellent_rate"] = out["excellent_count"] / out["present"]
        cand = long.groupby(by, sort=False).size().rename("candidates")
        out = cand.to_frame().join(out, how="left")
        out["present"] = out["present"].fillna(0)
        out["absent"] = out["candidates"] - out["present"]
        out = out.reset_index()
        out["level"] = level
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- helpers
def assert_frames_match(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str]) -> None:
    ours = ours.sort_values(keys).reset_index(drop=True)
    theirs = theirs.sort_values(keys).reset_index(drop=True)
    assert len(ours) == len(theirs)
    for k in keys:
        assert ours[k].tolist() == theirs[k].tolist(), k
    for col in ours.columns.difference(keys):
        a = ours[col].to_numpy(dtype=np.float64)
        b = theirs[col].to_numpy(dtype=np.float64)
        if np.issubdtype(ours[col].dtype, np.integer):
            np.testing.assert_array_equal(a, b, err_msg=col)
        else:
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=0, equal_nan=True, err_msg=col)


@pytest.fixture(scope="module")
def shuffled(raw_large: dict) -> tuple[ExamAnalysis, pd.DataFrame, list[str], dict]:
    perm = np.random.default_rng(1).permutation(len(raw_large["klass"]))
    raw = dict(raw_large)
    for k in ("exam_no", "klass", "marks"):
        raw[k] = raw_large[k][perm]
    result = analyse(sheet_from_raw(raw))
    df, columns, full = candidates_frame(raw)
    return result, df, columns, full


@pytest.fixture(scope="module")
def stats_pair(shuffled: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(engine, pandas) per-level statistics, aligned on the same columns."""
    result, df, columns, full = shuffled
    ours = labels(pd.DataFrame(level_stats_table(result))).drop(columns="full_marks")
    theirs = labels(pandas_stats(df, columns, full))[ours.columns]
    return ours, theirs


STAT_KEYS = ["level", "district", "school", "class", "subject"]


def labels(frame: pd.DataFrame) -> pd.DataFrame:
    for k in ("district", "school", "class"):
        frame[k] = frame[k].fillna("")
    return frame


# --------------------------------------------------------------------------- tests
def test_every_statistic_at_every_level_matches_pandas(stats_pair: tuple) -> None:
    ours, theirs = stats_pair
    # Units where nobody sat a subject exist in the engine's table with NaN statistics;
    # pandas yields the same rows via the candidate count join.
    assert_frames_match(ours, theirs, STAT_KEYS)
    assert ours["present"].dtype.kind == "i" and ours["candidates"].dtype.kind == "i"
    assert set(ours["level"]) == {"city", "district", "school", "class"}
    assert len(ours.columns) == 5 + 16  # keys + every statistic was compared


def test_score_bands_match_pandas_value_counts(shuffled: tuple) -> None:
    result, df, columns, _ = shuffled
    step = 1 / result.sheet.scale
    frames = []
    for level, groups in (("city", [("", df)]), ("district", list(df.groupby("district")))):
        for name, part in groups:
            for col in columns:
                marks = part[col].dropna()
                grid = np.arange(marks.max(), marks.min() - step / 2, -step)
                counts = marks.value_counts().reindex(grid, fill_value=0)
                frames.append(
                    pd.DataFrame(
                        {
                            "level": level,
                            "district": name,
                            "subject": col,
                            "score": grid,
                            "count": counts.to_numpy(),
                            "cumulative": np.cumsum(counts.to_numpy()),
                        }
                    )
                )
    theirs = pd.concat(frames, ignore_index=True)
    ours = pd.DataFrame(score_bands_table(result))
    ours["district"] = ours["district"].fillna("")
    assert_frames_match(ours, theirs, ["level", "district", "subject", "score"])
    city_total = ours[(ours.level == "city") & (ours.subject == TOTAL)]
    assert city_total["cumulative"].iloc[-1] == df[TOTAL].notna().sum()
    assert city_total["score"].is_monotonic_decreasing


def test_every_candidates_ranks_match_pandas_min_rank(shuffled: tuple) -> None:
    result, df, columns, _ = shuffled
    ours = pd.DataFrame(candidate_ranks_table(result)).set_index("exam_no").loc[df["exam_no"]]
    for col in columns:
        np.testing.assert_array_equal(ours[col].to_numpy(), df[col].to_numpy())
        for level, keys in (("city", None), ("district", ["district"]), ("school", ["school"])):
            values = df[col] if keys is None else df.groupby(keys)[col]
            expected = values.rank(method="min", ascending=False).fillna(-1).astype(np.int64)
            got = ours[f"{col}_{level}_rank"].to_numpy()
            np.testing.assert_array_equal(got, expected.to_numpy(), err_msg=f"{col} {level}")


def test_school_ranking_matches_pandas(shuffled: tuple) -> None:
    result, df, _, _ = shuffled
    g = df.groupby(["district", "school"])[TOTAL]
    theirs = pd.DataFrame({"mean_total": g.mean(), "std_total": g.std(ddof=0)}).reset_index()
    theirs["city_rank"] = theirs["mean_total"].rank(method="min", ascending=False)
    theirs["district_rank"] = theirs.groupby("district")["mean_total"].rank(
        method="min", ascending=False
    )
    theirs[["city_rank", "district_rank"]] = theirs[["city_rank", "district_rank"]].astype(np.int64)
    ours = pd.DataFrame(school_ranking_table(result))
    cols = ["district", "school", "city_rank", "district_rank", "mean_total", "std_total"]
    assert_frames_match(ours[cols], theirs[cols], ["district", "school"])
    assert ours["city_rank"].is_monotonic_increasing
    assert ours["city_rank"].iloc[0] == 1


def test_the_oracle_would_notice_a_wrong_statistic(stats_pair: tuple) -> None:
    # Guards against a comparison that cannot fail (e.g. comparing a frame to itself).
    ours, theirs = stats_pair
    broken = ours.copy()
    broken.loc[broken.index[5], "p75"] += 1e-6
    with pytest.raises(AssertionError):
        assert_frames_match(broken, theirs, STAT_KEYS)
    broken = ours.copy()
    broken.loc[broken.index[7], "pass_count"] += 1
    with pytest.raises(AssertionError):
        assert_frames_match(broken, theirs, STAT_KEYS)
