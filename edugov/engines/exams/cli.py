"""Command line: ``python -m edugov.engines.exams analyse SCORES --out DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .analysis import analyse
from .backends import ENGINES
from .io import parse_full_marks, read_scores
from .model import Thresholds
from .tables import (
    candidate_ranks_table,
    level_stats_table,
    school_ranking_table,
    score_bands_table,
    write_csv,
)

#: Output files written by ``analyse``, documented column by column in
#: docs/engines/exams.md.
OUTPUTS = ("stats.csv", "score_bands.csv", "candidate_ranks.csv", "school_ranking.csv")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m edugov.engines.exams", description="Exam analytics (学业质量分析)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyse", help="analyse one exam's score file and write CSV files")
    p.add_argument("scores", type=Path, help="scores as .csv or .parquet")
    p.add_argument("--out", type=Path, required=True, help="directory for the CSV files")
    p.add_argument("--engine", choices=ENGINES, default="numpy", help="count-pass backend")
    p.add_argument(
        "--full-marks",
        required=True,
        help="full marks of every subject column, e.g. 语文=120,数学=120,英语=120",
    )
    p.add_argument("--pass", dest="pass_fraction", type=float, default=0.6)
    p.add_argument("--excellent", dest="excellent_fraction", type=float, default=0.85)
    p.add_argument(
        "--total-policy",
        choices=("present_sum", "all_required"),
        default="present_sum",
        help="present_sum: a 缺考 subject adds 0 to the total (absent from all → no "
        "total); all_required: any 缺考 subject → no total",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status (2 on bad input)."""
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        sheet = read_scores(
            args.scores, parse_full_marks(args.full_marks), total_policy=args.total_policy
        )
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    thresholds = Thresholds(args.pass_fraction, args.excellent_fraction)
    if args.engine == "spark":
        from .backends import local_spark_session, spark_unavailable_reason

        reason = spark_unavailable_reason()
        if reason:
            print(f"error: --engine spark: {reason}", file=sys.stderr)
            return 2
        spark = local_spark_session()
        try:
            result = analyse(sheet, engine="spark", thresholds=thresholds, spark=spark)
        finally:
            spark.stop()
    else:
        result = analyse(sheet, engine=args.engine, thresholds=thresholds)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, table in zip(
        OUTPUTS,
        (
            level_stats_table(result),
            score_bands_table(result),
            candidate_ranks_table(result),
            school_ranking_table(result),
        ),
        strict=True,
    ):
        write_csv(args.out / name, table)
    print(
        f"{sheet.n_candidates} candidates, {len(sheet.subjects)} subjects, "
        f"{len(sheet.school_names)} schools, engine {args.engine}: "
        f"wrote {', '.join(OUTPUTS)} to {args.out} in {time.perf_counter() - started:.2f} s"
    )
    return 0
