"""Command line for the working-day calendar.

    python -m edugov.engines.workdays add 2023-09-28 1              → 2023-10-07
    python -m edugov.engines.workdays between 2023-09-28 2023-10-09 → 3
    python -m edugov.engines.workdays due "5 个工作日" 2023-09-28T10:00
    python -m edugov.engines.workdays is-workday 2023-10-07         → true

Local days: ``--holiday DATE`` and ``--workday DATE`` (repeatable), ``--year YEAR`` for a
year entered by hand. Exit status 0 on success; 2 on bad input or an unknown year, with one
line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime

from .days import Calendar
from .rules import DeadlineRule

EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD，收到 {text!r}")


def _datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"时间应写作 YYYY-MM-DDTHH:MM，收到 {text!r}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m edugov.engines.workdays",
        description="edugov working-day calendar (docs/engines/workdays.md)",
    )
    p.add_argument("--holiday", type=_date, action="append", default=[], help="local day off")
    p.add_argument("--workday", type=_date, action="append", default=[], help="local workday")
    p.add_argument(
        "--year", type=int, action="append", default=[], help="year entered by hand in full"
    )
    sub = p.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="the N-th working day after DATE")
    add.add_argument("date", type=_date)
    add.add_argument("n", type=int)
    between = sub.add_parser("between", help="working days in (A, B]")
    between.add_argument("a", type=_date)
    between.add_argument("b", type=_date)
    due = sub.add_parser("due", help="when a deadline rule expires")
    due.add_argument("rule", help='e.g. "5 个工作日", "15 日", "3 个月", "24 小时"')
    due.add_argument("start", type=_datetime)
    isw = sub.add_parser("is-workday", help="whether DATE is a working day")
    isw.add_argument("date", type=_date)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        cal = Calendar(args.holiday, args.workday, extra_years=args.year)
        if args.command == "add":
            out = cal.add_workdays(args.date, args.n).isoformat()
        elif args.command == "between":
            out = str(cal.workdays_between(args.a, args.b))
        elif args.command == "due":
            out = DeadlineRule.parse(args.rule).due(args.start, cal).isoformat()
        else:
            out = "true" if cal.is_workday(args.date) else "false"
    except ValueError as exc:  # UnknownYear is a ValueError too
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(out)
    return 0
