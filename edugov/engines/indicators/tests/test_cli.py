"""``python -m edugov.engines.indicators youzhi STATS.csv`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = (
    "district,school_code,name,type,year,students_primary,students_junior,"
    "qualified_teachers_primary,qualified_teachers_junior,backbone_teachers,"
    "specialist_teachers_primary,specialist_teachers_junior,floor_area,sports_area,"
    "equipment_value,multimedia_classrooms,max_class_size_primary,max_class_size_junior"
)
ROWS = [
    # passes everything
    "东湖区,3601020001,东湖一小,primary,2024,1000,,50,,12,10,,5000,8000,2100000,25,45,",
    # qualified teachers 3.0 per 100 (71 %) -> fails
    "东湖区,3601020002,东湖二小,primary,2024,500,,15,,6,5,,2500,4000,1050000,13,48,",
    # nine-year: shares 15/26 and 11/26 of the shared resources
    "东湖区,3601020003,东湖九年,nine_year,2024,600,400,30,24,13,6,4,5200,10400,2600000,26,44,52",
    # special school: excluded
    "东湖区,5136010001,东湖特校,special,2024,80,,2,,0,1,,300,200,50000,1,,",
]


def _run(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess:
    f = tmp_path / "stats.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "edugov.engines.indicators", "youzhi", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_prints_the_evaluation_as_json(tmp_path):
    proc = _run(tmp_path, [HEADER, *ROWS])
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    primary = {s["school_code"]: s for s in out["primary"]["schools"]}
    assert set(primary) == {"3601020001", "3601020002", "3601020003"}
    assert primary["3601020001"]["passes"] is True
    failing = primary["3601020002"]
    assert failing["passes"] is False
    # 42 % of 500 pupils: 4.2 · 5 = 21 teachers needed, 15 present -> 6 more
    assert failing["gaps"]["yz_qualified_teachers"]["to_standard"] == 6
    nine = primary["3601020003"]
    assert nine["indicators"]["yz_floor_area"]["value"] == pytest.approx(5.0)
    (junior,) = out["junior"]["schools"]
    assert junior["indicators"]["yz_floor_area"]["value"] == pytest.approx(5.5)
    (dist,) = out["primary"]["districts"]
    assert dist["district"] == "东湖区" and dist["n_schools"] == 3 and dist["n_passing"] == 2
    assert dist["failing_schools"] == ["3601020002"]
    assert dist["over_class_size_schools"] == ["3601020002"]
    cv = dist["indicators"]["yz_qualified_teachers"]
    assert 0 < cv["cv"] <= 0.5 and cv["cv_if_gaps_closed"] < cv["cv"]
    assert [e["school_code"] for e in out["excluded"]] == ["5136010001"]


def test_a_file_without_a_year_column_is_one_year(tmp_path):
    header = HEADER.replace(",year", "")
    rows = [r.replace(",2024", "", 1) for r in ROWS[:2]]
    proc = _run(tmp_path, [header, *rows])
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["primary"]["districts"][0]["year"] is None


def test_a_non_numeric_cell_exits_2_naming_row_and_column(tmp_path):
    bad = ROWS[1].replace(",2500,", ",abc,", 1)
    proc = _run(tmp_path, [HEADER, ROWS[0], bad])
    assert proc.returncode == 2
    assert "row 3" in proc.stderr and "column floor_area" in proc.stderr
    assert proc.stdout == ""


def test_a_missing_resource_exits_2_naming_row_and_column(tmp_path):
    bad = ROWS[0].replace(",5000,", ",,", 1)
    proc = _run(tmp_path, [HEADER, ROWS[1], "", bad])
    assert proc.returncode == 2
    # header is row 1, then ROWS[1] row 2, a blank row 3, the bad school row 4
    assert "row 4" in proc.stderr and "column floor_area_primary" in proc.stderr


@pytest.mark.parametrize(
    ("lines", "needle"),
    [
        ([HEADER.replace("district", "distrikt"), ROWS[0]], "row 1, column distrikt"),
        ([HEADER.replace(",students_junior", ""), ROWS[0]], "column students_junior"),
        ([HEADER, ROWS[0].replace("primary", "高校", 1)], "row 2, column type"),
        ([HEADER, ROWS[0], ROWS[0]], "row 3, column school_code"),
        ([HEADER, ROWS[0].replace(",1000,", ",-1000,", 1)], "row 2, column students_primary"),
        ([HEADER], "no school rows"),
    ],
)
def test_bad_files_exit_2_with_a_clear_message(tmp_path, lines, needle):
    proc = _run(tmp_path, lines)
    assert proc.returncode == 2
    assert needle in proc.stderr, proc.stderr
