"""Command line: print the 优质均衡 evaluation of a statistics CSV as JSON.

Exit status: 0 on success; 2 on a bad file or bad arguments, with one line on stderr
naming the row and column (rows numbered as in a spreadsheet, header = row 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ._columns import StatsError
from .csvio import CsvError, read_stats_csv
from .youzhi import evaluate_youzhi

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m edugov.engines.indicators",
        description="edugov indicator engine (docs/engines/indicators.md)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    yz = sub.add_parser("youzhi", help="义务教育优质均衡 evaluation of a statistics CSV")
    yz.add_argument("stats", help="CSV, one row per school (per year); see the docs")
    yz.add_argument("--indent", type=int, default=2, help="JSON indent (0 = compact)")
    yz.add_argument(
        "--close-gaps",
        choices=("failing", "all"),
        default="failing",
        help="whose gaps the CV what-if closes (default: failing schools)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        stats = read_stats_csv(args.stats)
    except CsvError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = evaluate_youzhi(stats.columns, close_gaps_of=args.close_gaps)
    except StatsError as exc:
        print(f"error: {stats.error_message(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    json.dump(
        result.to_dict(),
        sys.stdout,
        ensure_ascii=False,
        indent=args.indent or None,
        allow_nan=False,
    )
    sys.stdout.write("\n")
    return 0
