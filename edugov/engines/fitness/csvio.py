"""Reading raw results (CSV columns of issue 23) and writing scored rows.

A file with one bad row is refused whole; every bad row is named (line number and
student_id), so a PE teacher fixes them all in one pass.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from .scoring import BOUNDS, LEVEL_NAMES, Scored, score_student
from .tables import GRADES, ITEMS, SCORED_ITEMS, SEXES

# Input column → engine item. Timed columns end in _s.
COLUMNS: dict[str, str] = {
    "height_cm": "height_cm",
    "weight_kg": "weight_kg",
    "vital_capacity_ml": "vital_capacity",
    "run_50m_s": "run_50m",
    "sit_and_reach_cm": "sit_and_reach",
    "rope_skipping": "rope_skipping",
    "sit_ups": "sit_ups",
    "shuttle_50x8_s": "shuttle_50x8",
    "standing_long_jump_cm": "standing_long_jump",
    "pull_ups": "pull_ups",
    "run_800m_s": "run_800m",
    "run_1000m_s": "run_1000m",
}
TIMED = {c for c, item in COLUMNS.items() if ITEMS.get(item)}
EXEMPT_WORDS = {"1", "true", "yes", "y", "是", "免测", "免予执行"}
_MINSEC = re.compile(r"""^\s*(\d+)\s*['′’分:]\s*(\d{1,2}(?:\.\d+)?)\s*(?:["″”秒]|'')?\s*$""")


class BadInput(ValueError):
    """The rows that cannot be scored, each named."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class RawResult:
    line: int
    student_id: str
    grade: str
    sex: str
    values: dict[str, float | None]
    exempt: bool = False


def parse_time(text: str) -> float:
    """Seconds from ``215``, ``7.8`` or m'ss" (``3'35"``, ``3′35″``, ``3分35秒``)."""
    m = _MINSEC.match(text)
    if m:
        return int(m.group(1)) * 60 + float(m.group(2))
    return float(text)


def parse_row(row: dict[str, str], line: int) -> tuple[RawResult | None, list[str]]:
    sid = (row.get("student_id") or "").strip()
    where = f"第 {line} 行（学生 {sid or '?'}）"
    errors: list[str] = []
    grade = (row.get("grade") or "").strip().upper()
    sex = (row.get("sex") or "").strip().upper()
    if not sid:
        errors.append(f"{where}：缺少 student_id")
    if grade not in GRADES:
        errors.append(f"{where}：年级 {grade!r} 不认识（应为 1–12、U12 或 U34）")
    if sex not in SEXES:
        errors.append(f"{where}：性别 {sex!r} 不认识（应为 M 或 F）")
    values: dict[str, float | None] = {}
    for column, item in COLUMNS.items():
        text = (row.get(column) or "").strip()
        if not text:
            values[item] = None
            continue
        try:
            x = parse_time(text) if column in TIMED else float(text)
        except ValueError:
            errors.append(f"{where}：{column} 的值 {text!r} 不是数字")
            continue
        lo, hi = BOUNDS[item]
        if not lo <= x <= hi:
            errors.append(f"{where}：{column} = {text} 超出合理范围 {lo}–{hi}")
            continue
        values[item] = x
    exempt = (row.get("exempt") or "").strip().lower() in EXEMPT_WORDS
    if errors:
        return None, errors
    return RawResult(line, sid, grade, sex, values, exempt), []


def read_results(f: TextIO) -> list[RawResult]:
    reader = csv.DictReader(f)
    missing = {"student_id", "grade", "sex"} - set(reader.fieldnames or ())
    if missing:
        raise BadInput([f"表头缺少列：{', '.join(sorted(missing))}"])
    results: list[RawResult] = []
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        result, row_errors = parse_row(row, line)
        errors.extend(row_errors)
        if result is not None:
            results.append(result)
    if errors:
        raise BadInput(errors)
    return results


def score_all(results: Iterable[RawResult]) -> Iterator[Scored]:
    for r in results:
        yield score_student(
            student_id=r.student_id, grade=r.grade, sex=r.sex, values=r.values, exempt=r.exempt
        )


OUT_COLUMNS = [
    "student_id",
    *(f"{item}_score" for item in SCORED_ITEMS),
    "bmi_category",
    "standard_score",
    "bonus",
    "total",
    "level",
]


def _tenths(value: int | None) -> str:
    return "" if value is None else f"{value / 10:.1f}"


def write_scored(f: TextIO, scored: Iterable[Scored]) -> int:
    writer = csv.writer(f)
    writer.writerow(OUT_COLUMNS)
    n = 0
    for s in scored:
        writer.writerow(
            [
                s.student_id,
                *(s.scores.get(item, "") for item in SCORED_ITEMS),
                s.bmi_category,
                _tenths(s.standard_tenths),
                "" if s.bonus is None else s.bonus,
                _tenths(s.total_tenths),
                LEVEL_NAMES[s.level],
            ]
        )
        n += 1
    return n
