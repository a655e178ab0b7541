"""``python -m edugov.engines.plandoc`` run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, REPO_ROOT


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "edugov.engines.plandoc", *args],
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def test_it_prints_the_plan_as_readable_json() -> None:
    result = _run(str(FIXTURES / "jiujiang-2024-annotated.md"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "九江市教育局" in out  # ensure_ascii=False: Chinese is not \u-escaped
    assert '\n  "title"' in out  # indent=2
    data = json.loads(out)
    assert data["doc_number"] == "九教字〔2024〕12号"
    assert [len(a["points"]) for a in data["areas"]] == [2, 2]
    target = data["areas"][1]["points"][1]["targets"][0]
    assert (target["normalised_value"], target["normalised_unit"]) == (360000000, "元")


def test_it_reads_gb18030_text_from_stdin() -> None:
    text = (FIXTURES / "shangrao-2024-plain.txt").read_text(encoding="utf-8")
    result = _run("-", "--compact", stdin=text.encode("gb18030"))
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["title"] == "上饶市教育体育局2024年重点工作任务"
    assert result.stdout.decode("utf-8").count("\n") == 1


def test_it_exits_2_with_a_message_for_a_missing_file(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "missing.md"))
    assert result.returncode == 2
    assert result.stdout == b""
    assert "文件不存在" in result.stderr.decode("utf-8")


def test_it_exits_2_for_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.md"
    path.write_bytes(bytes(range(256)))
    result = _run(str(path))
    assert result.returncode == 2
    assert "二进制" in result.stderr.decode("utf-8")


def test_it_exits_2_for_a_directory(tmp_path: Path) -> None:
    result = _run(str(tmp_path))
    assert result.returncode == 2
    assert "目录" in result.stderr.decode("utf-8")


def test_parser_warnings_go_to_stderr_and_keep_exit_code_0() -> None:
    text = "一、教育\n1. 甲项。新建学校2所。\n3. 丙项。培训教师50名。\n"
    result = _run("-", stdin=text.encode("utf-8"))
    assert result.returncode == 0
    assert "要点编号不连续" in result.stderr.decode("utf-8")
    assert json.loads(result.stdout)["warnings"] == [
        "要点编号不连续：第1点之后是第3点（领域“教育”）"
    ]
