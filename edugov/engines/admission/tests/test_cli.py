"""The command line: run on CSV files, verify a run by replaying it, report bad rows."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from edugov.engines.admission.cli import main

from . import example


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    texts = {
        "config": example.CONFIG_TOML.format(final="candidate_id"),
        "candidates": example.CANDIDATES_CSV,
        "programmes": example.PROGRAMMES_CSV,
        "quotas": example.QUOTAS_CSV,
        "preferences": example.PREFERENCES_CSV,
        "returns": example.RETURNS_CSV,
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / (name + (".toml" if name == "config" else ".csv"))
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _args(files: dict[str, Path]) -> list[str]:
    out = []
    for name, path in files.items():
        out += [f"--{name}", str(path)]
    return out


def test_it_runs_the_worked_example_and_verifies_the_replay(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.csv"
    assert main(["run", *_args(files), "--out", str(out)]) == 0
    rows = out.read_text("utf-8").splitlines()
    assert rows[0].startswith("candidate_id,status,batch,programme")
    assert "2025002,admitted,指标到校,A,1,1,,," in rows
    assert "2025003,admitted,统招,A,0,1,指标到校,A,returned" in rows
    assert "2025008,unplaced,,,,,,," in rows
    stats = out.with_suffix(".programmes.csv").read_text("utf-8").splitlines()
    assert "指标到校,A,J2,1,1,1,1,0,0," in stats
    record = json.loads(out.with_suffix(".run.json").read_text("utf-8"))
    # the result hash covers both files exactly as the engine serialises them
    body = (
        out.read_text("utf-8")
        + "\n"
        + "\n".join(line.replace(",J1,", ",0,").replace(",J2,", ",1,") for line in stats)
        + "\n"
    )
    assert hashlib.sha256(body.encode()).hexdigest() == record["result_sha256"]

    capsys.readouterr()
    assert main(["verify", *_args(files), "--record", str(out.with_suffix(".run.json"))]) == 0
    assert "byte for byte" in capsys.readouterr().out

    # one changed score must fail verification
    files["candidates"].write_text(
        example.CANDIDATES_CSV.replace("2025007,J1,550", "2025007,J1,551"), "utf-8"
    )
    assert main(["verify", *_args(files), "--record", str(out.with_suffix(".run.json"))]) == 1
    assert "inputs_sha256: MISMATCH" in capsys.readouterr().out


def test_it_names_every_bad_row_and_writes_nothing(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files["preferences"].write_text(
        example.PREFERENCES_CSV
        + "2025009,统招,1,A\n2025001,统招,3,Z\n2025001,统招,4,C\n2025005,统招,3,B\n",
        "utf-8",
    )
    out = tmp_path / "result.csv"
    assert main(["run", *_args(files), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "preferences.csv row 22, column candidate_id: unknown candidate '2025009'",
        "preferences.csv row 23, column programme: unknown programme 'Z'",
        "preferences.csv row 24, column rank: more than 3 choices in list '统招'",
        "preferences.csv row 25, column programme: listed twice (also row 15)",
    ]
    assert not out.exists()


def test_python_dash_m_runs_the_engine(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "edugov.engines.admission", "run", *_args(files), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "7 admitted" in proc.stdout


def test_the_engine_imports_without_django() -> None:
    code = (
        "import sys, edugov.engines.admission, edugov.engines.admission.cli;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
