"""Command line for the fitness standard.

    python -m edugov.engines.fitness score RESULTS.csv --out SCORED.csv
    python -m edugov.engines.fitness check-tables

Exit status 0 on success; 2 on bad input, with every bad row named on stderr (nothing is
written then).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .csvio import BadInput, read_results, score_all, write_scored
from .tables import check_tables

EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edugov.engines.fitness")
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score raw results (UTF-8 CSV)")
    score.add_argument("results")
    score.add_argument("--out", required=True)
    sub.add_parser("check-tables", help="check the bundled tables against the standard's shape")
    args = parser.parse_args(argv)
    if args.command == "check-tables":
        problems = check_tables()
        for p in problems:
            print(p, file=sys.stderr)
        return EXIT_BAD_INPUT if problems else 0
    try:
        with open(args.results, encoding="utf-8-sig", newline="") as f:
            results = read_results(f)
    except BadInput as e:
        for line in e.errors:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        n = write_scored(f, score_all(results))
    print(f"{n} rows scored → {args.out}")
    return 0
