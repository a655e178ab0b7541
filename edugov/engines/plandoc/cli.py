"""``python -m edugov.engines.plandoc PATH``: print the parsed plan as JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .parser import PlanReadError, decode_text, parse_path, parse_text

EXIT_UNREADABLE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code (0 ok, 2 unreadable input)."""
    parser = argparse.ArgumentParser(
        prog="python -m edugov.engines.plandoc",
        description="Parse a work plan (工作要点: .md, .txt or .docx) and print it as JSON.",
    )
    parser.add_argument("path", help="plan file (.md/.txt/.docx), or - to read text from stdin")
    parser.add_argument(
        "--compact", action="store_true", help="print JSON on one line instead of indented"
    )
    args = parser.parse_args(argv)
    try:
        if args.path == "-":
            plan = parse_text(decode_text(sys.stdin.buffer.read()))
        else:
            plan = parse_path(args.path)
    except PlanReadError as exc:
        print(f"plandoc: 无法读取计划文件 — {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.write(plan.to_json(indent=None if args.compact else 2) + "\n")
    for warning in plan.warnings:
        print(f"plandoc: 注意：{warning}", file=sys.stderr)
    return 0
