"""Benchmark of the sandboxed reader (issue 13, H1/M2) against the in-process read it
replaced, on the same 100k-row CSV and xlsx, in one process.

    .venv/bin/python bench/reader.py             # 100,000 rows × 12 columns
    .venv/bin/python bench/reader.py --rows 20000

Rows:
1. per-file overhead: a 3-line CSV through the sandbox (median of 50; the fork server's
   one-off start is printed apart), which is what every small upload and every test pays;
2. 100k-row CSV: the old in-process read (decode whole, ``list(csv.reader)``) vs the
   sandbox (fork, pread, incremental decode, streaming csv, JSON lines back, parsed here);
3. 100k-row xlsx: calamine ``to_python`` in-process vs calamine in the sandbox;
plus the peak memory this process held for each (tracemalloc), since the sandbox moves
the parse out of it. No Django: the sandbox client and child are Django-free.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from edugov.core.io import sandbox  # noqa: E402

LIMITS = {
    "max_bytes": 256 * 1024 * 1024,
    "max_rows": 2_000_000,
    "zip_entries": 500,
    "zip_expanded": 100 * 1024 * 1024,
    "zip_ratio": 100,
    "max_memory": 2 * 1024**3,
    "max_cpu": 120,
    "max_output": 1024**3,
}


def data(rows: int) -> list[list[str]]:
    header = ["学校标识码", "姓名", "年级", "班级"] + [f"科目{i}" for i in range(8)]
    body = [
        [f"21360{i % 9999:05d}", f"学生{i}", "9", f"{i % 12 + 1}班"]
        + [str((i * 7 + j * 13) % 150) for j in range(8)]
        for i in range(rows)
    ]
    return [header, *body]


def as_csv(table: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(table)
    return buf.getvalue().encode()


def as_xlsx(table: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if value.isdigit() and c >= 2:
                ws.write_number(r, c, int(value))
            else:
                ws.write_string(r, c, value)
    wb.close()
    return buf.getvalue()


def old_csv(content: bytes) -> int:
    return len(list(csv.reader(io.StringIO(content.decode("utf-8"), newline=""))))


def old_xlsx(content: bytes) -> int:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return len(sheet.to_python(skip_empty_area=False))


def sandboxed(ext: str):
    def read(content: bytes) -> int:
        _estimate, rows = sandbox.open_rows(io.BytesIO(content), ext, LIMITS)
        return sum(1 for _ in rows)

    return read


def timed(fn, content: bytes, repeat: int = 3) -> tuple[float, int, int]:
    """(best seconds, rows, peak bytes allocated in this process)."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = fn(content)
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fn(content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, rows, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {args.rows:,} rows")

    tiny = b"a,b\n1,2\n3,4\n"
    t = time.perf_counter()
    sandboxed("csv")(tiny)
    start = time.perf_counter() - t
    times = []
    for _ in range(50):
        t = time.perf_counter()
        sandboxed("csv")(tiny)
        times.append(time.perf_counter() - t)
    print(f"fork server start (once per process)     {start * 1000:8.1f} ms")
    print(f"per-file overhead, 3-line CSV (median)   {statistics.median(times) * 1000:8.1f} ms")

    table = data(args.rows)
    for ext, content, old in (
        ("csv", as_csv(table), old_csv),
        ("xlsx", as_xlsx(table), old_xlsx),
    ):
        o_s, o_rows, o_peak = timed(old, content)
        s_s, s_rows, s_peak = timed(sandboxed(ext), content)
        assert o_rows == s_rows, (o_rows, s_rows)
        mb = len(content) / 2**20
        print(
            f"{ext:4} {mb:5.1f} MB  in-process {o_s:6.2f} s (peak {o_peak / 2**20:6.1f} MB here)"
            f"   sandboxed {s_s:6.2f} s (peak {s_peak / 2**20:6.1f} MB here)"
            f"   ×{s_s / o_s:4.2f}"
        )


if __name__ == "__main__":
    main()
