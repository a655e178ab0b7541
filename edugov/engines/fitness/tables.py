"""The standard's tables, read from the CSV files in ``data/`` (国家学生体质健康标准（2014年修订）).

The files are data, not code: a corrected cell is a one-line diff in a CSV, and
``check_tables`` (run by the tests) refuses a transcription that breaks the standard's own
shape — a non-monotonic column, a missing grade or sex, weights that do not sum to 100,
BMI bands with a gap. Sources: ``docs/engines/fitness.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

GRADES: tuple[str, ...] = tuple(str(g) for g in range(1, 13)) + ("U12", "U34")
SEXES: tuple[str, ...] = ("M", "F")
# The score rows of every threshold table, best first.
LEVELS: tuple[int, ...] = (
    100,
    95,
    90,
    85,
    80,
    78,
    76,
    74,
    72,
    70,
    68,
    66,
    64,
    62,
    60,
    50,
    40,
    30,
    20,
    10,
)

# Items scored from a threshold table; True = a smaller result is better (a time).
ITEMS: dict[str, bool] = {
    "vital_capacity": False,
    "run_50m": True,
    "sit_and_reach": False,
    "rope_skipping": False,
    "sit_ups": False,
    "shuttle_50x8": True,
    "standing_long_jump": False,
    "pull_ups": False,
    "run_1000m": True,
    "run_800m": True,
}
SCORED_ITEMS: tuple[str, ...] = ("bmi", *ITEMS)


def band_of(grade: str) -> str:
    """The weight band of a grade code (weights.csv)."""
    if grade in ("1", "2"):
        return "G1-2"
    if grade in ("3", "4"):
        return "G3-4"
    if grade in ("5", "6"):
        return "G5-6"
    return "SECONDARY_UNIV"


def bmi_grade(grade: str) -> str:
    # bmi.csv has one university column for all four years.
    return "U" if grade.startswith("U") else grade


@dataclass(frozen=True)
class Table:
    """One item's thresholds for one grade and sex, best row first."""

    item: str
    grade: str
    sex: str
    rows: tuple[tuple[int, float], ...]  # (score, threshold)

    @property
    def lower_is_better(self) -> bool:
        return ITEMS[self.item]

    def score(self, result: float) -> int:
        for score, threshold in self.rows:
            if (result <= threshold) if self.lower_is_better else (result >= threshold):
                return score
        return 0  # worse than the 10-point row (convention, see the doc)

    def threshold(self, score: int) -> float:
        return dict(self.rows)[score]


@dataclass(frozen=True)
class BmiBands:
    """Inclusive upper bounds, in tenths of BMI: ≤ under → 低体重, ≤ normal → 正常, ≤ over → 超重."""

    under: int
    normal: int
    over: int

    def category(self, bmi_tenths: int) -> tuple[str, int]:
        if bmi_tenths <= self.under:
            return "低体重", 80
        if bmi_tenths <= self.normal:
            return "正常", 100
        if bmi_tenths <= self.over:
            return "超重", 80
        return "肥胖", 60


@dataclass(frozen=True)
class Bonus:
    """加分: (bonus, extra beyond the 100-point row) steps, largest first."""

    item: str
    steps: tuple[tuple[int, float], ...]

    def points(self, extra: float) -> int:
        for bonus, beyond in self.steps:
            if extra >= beyond:
                return bonus
        return 0


@dataclass(frozen=True)
class Standard:
    tables: dict[tuple[str, str, str], Table]
    bmi: dict[tuple[str, str], BmiBands]
    weights: dict[tuple[str, str], dict[str, int]]  # (band, sex) → item → percent
    bonuses: dict[str, Bonus]
    bonus_grades: dict[str, frozenset[str]] = field(default_factory=dict)

    def items_for(self, grade: str, sex: str) -> dict[str, int]:
        return self.weights[(band_of(grade), sex)]

    def table(self, item: str, grade: str, sex: str) -> Table:
        return self.tables[(item, grade, sex)]

    def bonus_for(self, item: str, grade: str) -> Bonus | None:
        if item in self.bonuses and grade in self.bonus_grades[item]:
            return self.bonuses[item]
        return None


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _tenths(text: str) -> int:
    return round(float(text) * 10)


@cache
def load() -> Standard:
    raw: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    for item in ITEMS:
        for r in _rows(item):
            raw.setdefault((item, r["grade"], r["sex"]), []).append(
                (int(r["score"]), float(r["threshold"]))
            )
    tables = {
        key: Table(key[0], key[1], key[2], tuple(sorted(rows, key=lambda sr: -sr[0])))
        for key, rows in raw.items()
    }
    bands: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for r in _rows("bmi"):
        bands.setdefault((r["grade"], r["sex"]), {})[r["category"]] = r
    bmi = {
        key: BmiBands(
            under=_tenths(b["低体重"]["max"]),
            normal=_tenths(b["正常"]["max"]),
            over=_tenths(b["超重"]["max"]),
        )
        for key, b in bands.items()
    }
    weights: dict[tuple[str, str], dict[str, int]] = {}
    for r in _rows("weights"):
        for sex in r["sex"]:
            weights.setdefault((r["band"], sex), {})[r["item"]] = int(r["weight_pct"])
    steps: dict[str, list[tuple[int, float]]] = {}
    grades_of: dict[str, frozenset[str]] = {}
    for r in _rows("bonus"):
        steps.setdefault(r["item"], []).append((int(r["bonus"]), float(r["beyond_100_threshold"])))
        grades_of[r["item"]] = frozenset(
            GRADES[:6] if r["applies_to"].startswith("grades 1-6") else GRADES[6:]
        )
    bonuses = {
        item: Bonus(item, tuple(sorted(s, key=lambda bs: -bs[0]))) for item, s in steps.items()
    }
    return Standard(
        tables=tables, bmi=bmi, weights=weights, bonuses=bonuses, bonus_grades=grades_of
    )


def check_tables(std: Standard | None = None) -> list[str]:
    """Every way the transcription can contradict the standard's shape, as sentences."""
    std = std or load()
    problems: list[str] = []
    for (band, sex), items in std.weights.items():
        if sum(items.values()) != 100:
            problems.append(f"weights {band}/{sex} sum to {sum(items.values())}, not 100")
    for grade in GRADES:
        for sex in SEXES:
            for item in std.items_for(grade, sex):
                if item == "bmi":
                    if (bmi_grade(grade), sex) not in std.bmi:
                        problems.append(f"bmi: no bands for grade {grade} {sex}")
                    continue
                table = std.tables.get((item, grade, sex))
                if table is None:
                    problems.append(f"{item}: no table for grade {grade} {sex}")
                    continue
                scores = [s for s, _ in table.rows]
                if scores[0] != 100 or any(s not in LEVELS for s in scores):
                    problems.append(f"{item} {grade}{sex}: score rows {scores}")
                for (s1, a), (s2, b) in zip(table.rows, table.rows[1:], strict=False):
                    ok = a < b if table.lower_is_better else a > b
                    if not ok:
                        problems.append(
                            f"{item} {grade}{sex}: row {s1} ({a}) not better than row {s2} ({b})"
                        )
    for (grade, sex), b in std.bmi.items():
        if not (b.under < b.normal < b.over):
            problems.append(f"bmi {grade}{sex}: bands out of order")
    # Bands must meet without a gap: each min is the previous max + 0.1.
    for r in _rows("bmi"):
        b = std.bmi[(r["grade"], r["sex"])]
        prev = {"正常": b.under, "超重": b.normal, "肥胖": b.over}.get(r["category"])
        if prev is not None and _tenths(r["min"]) != prev + 1:
            problems.append(
                f"bmi {r['grade']}{r['sex']} {r['category']}: min {r['min']} leaves a gap"
            )
    for item, bonus in std.bonuses.items():
        pts = [p for p, _ in bonus.steps]
        beyond = [x for _, x in bonus.steps]
        if pts != list(range(pts[0], 0, -1)) or beyond != sorted(beyond, reverse=True):
            problems.append(f"bonus {item}: steps not one point each, increasing")
    return problems
