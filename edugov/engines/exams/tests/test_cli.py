"""The command line on real files: CSV and parquet in, four CSV files out."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from edugov.engines.exams.cli import OUTPUTS, main
from edugov.engines.exams.io import read_scores
from edugov.engines.exams.synth import SUBJECTS, generate_marks

FULL = ",".join(f"{k}={v:g}" for k, v in SUBJECTS.items())


def write_scores(path: Path, n: int = 1500, seed: int = 9) -> dict[str, np.ndarray]:
    raw = generate_marks(n, seed=seed, absent_rate=0.02)
    school = raw["class_school"][raw["klass"]]
    cols: dict[str, np.ndarray] = {
        "exam_no": raw["exam_no"],
        "student_id": np.array([f"3601{i:014d}" for i in range(n)], dtype=object),
        "district": raw["district_names"][raw["school_district"][school]],
        "school": raw["school_names"][school],
        "class": raw["class_names"][raw["klass"]],
    }
    for j, s in enumerate(raw["subjects"]):
        m = raw["marks"][:, j]
        if path.suffix == ".csv":
            cols[s] = np.array(["缺考" if np.isnan(x) else f"{x:g}" for x in m], dtype=object)
        else:
            cols[s] = m
    con = duckdb.connect()
    con.register("t", cols)
    rel = con.sql("SELECT * FROM t")
    if path.suffix == ".csv":
        rel.write_csv(str(path), header=True)
    else:
        rel.write_parquet(str(path))
    return raw


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_analyse_writes_the_four_documented_files(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / f"scores{suffix}"
    raw = write_scores(src)
    out = tmp_path / "out"
    assert main(["analyse", str(src), "--out", str(out), "--full-marks", FULL]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)

    ranks = read_csv(out / "candidate_ranks.csv")
    assert len(ranks) == len(raw["klass"])
    assert "student_id" not in ranks[0]  # never copied to outputs
    # A 缺考 mark is an empty cell with empty ranks, never 0.
    j = 0
    absent_row = int(np.flatnonzero(np.isnan(raw["marks"][:, j]))[0])
    row = next(r for r in ranks if r["exam_no"] == raw["exam_no"][absent_row])
    assert row["语文"] == "" and row["语文_city_rank"] == ""

    stats = read_csv(out / "stats.csv")
    city_total = next(r for r in stats if r["level"] == "city" and r["subject"] == "总分")
    assert int(city_total["candidates"]) == len(raw["klass"])
    totals = np.nansum(raw["marks"], axis=1)
    assert float(city_total["mean"]) == pytest.approx(totals.mean(), rel=1e-12)
    assert float(city_total["max"]) == totals.max()

    bands = [r for r in read_csv(out / "score_bands.csv") if r["level"] == "city"]
    total_bands = [r for r in bands if r["subject"] == "总分"]
    assert int(total_bands[-1]["cumulative"]) == len(raw["klass"])
    ranking = read_csv(out / "school_ranking.csv")
    assert ranking[0]["city_rank"] == "1"


def test_the_engines_write_identical_files(tmp_path: Path) -> None:
    src = tmp_path / "scores.parquet"
    write_scores(src, n=800)
    for engine in ("numpy", "duckdb"):
        args = ["analyse", str(src), "--out", str(tmp_path / engine), "--full-marks", FULL]
        assert main([*args, "--engine", engine]) == 0
    for name in OUTPUTS:
        assert (tmp_path / "numpy" / name).read_bytes() == (tmp_path / "duckdb" / name).read_bytes()


def test_a_bad_row_is_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    src = tmp_path / "scores.csv"
    src.write_text(
        "exam_no,district,school,class,数学\n"
        "001,东湖区,一中,1班,95\n"
        "002,东湖区,一中,1班,缺考\n"
        "003,东湖区,一中,1班,151\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["analyse", str(src), "--out", str(out), "--full-marks", "数学=150"]) == 2
    assert "row 4, column 数学: 151 is above full marks 150" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("001,东湖区,一中,1班,95\n001,东湖区,一中,1班,90\n", "row 3, column exam_no: duplicate"),
        ("001,东湖区,一中,1班,abc\n", "row 2, column 数学: 'abc' is not a mark"),
        ("001,东湖区,一中,1班,90.3\n", "row 2, column 数学: 90.3 is not a whole or half mark"),
        ("001,东湖区,一中,1班,90\n002,西湖区,一中,1班,90\n", "row 3, column school"),
        ("001,东湖区,,1班,90\n", "row 2, column school: empty"),
        ("A1,东湖区,一中,1班,90\nA1,东湖区,一中,1班,90\n", "row 3, column exam_no: duplicate"),
        ("001,东湖区,,1班,90\n", "row 2, column school: empty"),
        ("A1,东湖区,一中,1班,90\nA1,东湖区,一中,1班,90\n", "row 3, column exam_no: duplicate"),
    ],
)
def test_read_scores_rejects_bad_rows(tmp_path: Path, body: str, message: str) -> None:
    src = tmp_path / "s.csv"
    src.write_text("exam_no,district,school,class,数学\n" + body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_scores(src, {"数学": 150})


def test_leading_zeros_in_exam_numbers_survive(tmp_path: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text(
        "exam_no,district,school,class,数学\n007,东湖区,一中,1班,90.5\n010,东湖区,一中,1班,80\n",
        encoding="utf-8",
    )
    sheet = read_scores(src, {"数学": 150})
    # Fixed-width digit exam numbers are held as integers, printed zero-padded.
    assert sheet.exam_no_digits == 3 and sheet.scale == 2
    assert sorted(sheet.exam_no_text().tolist()) == ["007", "010"]
    assert (
        main(["analyse", str(src), "--out", str(tmp_path / "o"), "--full-marks", "数学=150"]) == 0
    )
    ranks = read_csv(tmp_path / "o" / "candidate_ranks.csv")
    assert sorted(r["exam_no"] for r in ranks) == ["007", "010"]


def test_mixed_exam_numbers_stay_text(tmp_path: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text(
        "exam_no,district,school,class,数学\nA01,东湖区,一中,1班,90\n2,东湖区,一中,1班,80\n",
        encoding="utf-8",
    )
    sheet = read_scores(src, {"数学": 150})
    assert sheet.exam_no_digits == 0
    assert sorted(sheet.exam_no.tolist()) == ["2", "A01"]


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text("exam_no,district,school,class,数学\n1,东湖区,一中,1班,90\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "edugov.engines.exams", "analyse", str(src), "--out",
         str(tmp_path / "o"), "--full-marks", "数学=100"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 candidates" in done.stdout
