"""``python -m edugov.engines.screening score INSTRUMENT.json ANSWERS.csv``

ANSWERS.csv: a header naming an id column (the first) and the instrument's item ids, in
any order; one sheet a row. Writes ``id,total,band,flags`` to stdout; a row with a
missing or undeclared answer is reported on stderr as "row N: …" and the exit code is 1.
"""

from __future__ import annotations

import argparse
import csv
import sys

import numpy as np

from .instrument import Instrument, InstrumentError
from .score import MISSING, score


def _read(instrument: Instrument, path: str) -> tuple[list[str], np.ndarray, list[str]]:
    errors: list[str] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            raise InstrumentError(f"{path}: empty file")
        try:
            cols = [header.index(item.id) for item in instrument.items]
        except ValueError:
            missing = [i.id for i in instrument.items if i.id not in header]
            raise InstrumentError(f"{path}: no column for items {missing}") from None
        ids, rows = [], []
        for n, row in enumerate(reader, start=2):
            ids.append(row[0] if row else "")
            values = []
            for c in cols:
                cell = row[c].strip() if c < len(row) else ""
                try:
                    values.append(int(cell))
                except ValueError:
                    values.append(MISSING)
                    errors.append(f"row {n}, column {header[c]}: {cell!r} is not an answer")
            rows.append(values)
    return ids, np.array(rows, dtype=np.int16).reshape(-1, len(instrument.items)), errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edugov.engines.screening")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("score", help="score a CSV of answer sheets")
    cmd.add_argument("instrument")
    cmd.add_argument("answers")
    args = parser.parse_args(argv)
    try:
        instrument = Instrument.load(args.instrument)
        ids, matrix, errors = _read(instrument, args.answers)
    except (OSError, InstrumentError) as exc:
        print(exc, file=sys.stderr)
        return 2
    result = score(instrument, matrix)
    out = csv.writer(sys.stdout)
    out.writerow(["id", "total", "band", "flags"])
    for row, sheet_id in enumerate(ids):
        if not result.valid[row]:
            if not any(e.startswith(f"row {row + 2},") for e in errors):
                errors.append(f"row {row + 2}: an answer is outside {instrument.values}")
            continue
        out.writerow(
            [
                sheet_id,
                int(result.totals[row]),
                result.band_code(row),
                ";".join(result.flag_codes(row)),
            ]
        )
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
