"""``python -m edugov.engines.workdays``: add, between, due, is-workday."""

from __future__ import annotations

import subprocess
import sys

import pytest

from edugov.engines.workdays.cli import main


def test_the_module_runs_and_prints_the_make_up_saturday():
    proc = subprocess.run(
        [sys.executable, "-m", "edugov.engines.workdays", "add", "2023-09-28", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "2023-10-07\n"


@pytest.mark.parametrize(
    ("argv", "out"),
    [
        (["between", "2023-09-28", "2023-10-09"], "3"),
        (["between", "2023-10-09", "2023-09-28"], "-3"),
        (["due", "5 个工作日", "2023-09-28T10:00"], "2023-10-11T23:59:59"),
        (["due", "24 小时", "2023-09-28T10:00+08:00"], "2023-09-29T10:00:00+08:00"),
        (["is-workday", "2023-10-07"], "true"),
        (["is-workday", "2023-10-02"], "false"),
        (["--holiday", "2024-07-10", "add", "2024-07-09", "1"], "2024-07-11"),
        (["--year", "2031", "is-workday", "2031-03-03"], "true"),
    ],
)
def test_commands(capsys, argv, out):
    assert main(argv) == 0
    assert capsys.readouterr().out == out + "\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "2031-01-02", "1"], "2031 年的节假日安排尚未收录"),
        (["add", "2023-09-28", "-1"], "非负整数"),
        (["due", "5 周", "2023-09-28T10:00"], "无法识别的期限"),
        (
            ["--holiday", "2024-07-10", "--workday", "2024-07-10", "add", "2024-07-09", "1"],
            "同时列为",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_a_malformed_date_is_an_argument_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["add", "2023-9-28", "1"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
