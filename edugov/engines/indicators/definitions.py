"""Indicator declarations and the threshold/target table.

Every indicator is declared exactly once here; evaluations, rollups, gaps and reports
all read these declarations. Thresholds are data (:class:`Target` rows) so a district
target for 2025 is a row, not a code change. The defaults come from
``docs/DOMAIN.md`` §3–4 and carry their source.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from ._columns import group_index
from .expressions import compile_expression

YOUZHI_SOURCE = "《县域义务教育优质均衡发展督导评估办法》2017"
PUHUI_SOURCE = "《县域学前教育普及普惠督导评估办法》2020"
NANCHANG_2023 = "南昌市2023年工作要点 (city target)"


class Direction(enum.StrEnum):
    """Whether a larger value is better (a floor) or worse (a ceiling)."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Indicator:
    """One declared indicator: ``value = scale × Σ numerator / Σ denominator``.

    ``numerator``/``denominator`` are expressions over statistics fields (see
    :mod:`.expressions`). ``filters`` restricts which rows count, e.g. only kindergartens.
    ``denominator_scope="district"`` means the denominator is a district-level figure
    (the population aged 3–5), so the indicator has no per-school value.
    ``gap_whole`` says gaps are counted in whole units (people, classrooms); ``gap_unit``
    is how a gap is labelled in reports.
    """

    code: str
    name_zh: str
    name_en: str
    numerator: str
    denominator: str
    scale: float = 1.0
    unit: str = ""
    direction: Direction = Direction.HIGHER
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    denominator_scope: str = "row"
    gap_unit: str = ""
    gap_whole: bool = False
    numerator_field: str | None = None

    def __post_init__(self) -> None:
        compile_expression(self.numerator)
        compile_expression(self.denominator)
        if self.denominator_scope not in ("row", "district"):
            raise ValueError(f"{self.code}: denominator_scope must be 'row' or 'district'")

    def row_mask(self, cols: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """Rows that pass this indicator's filters."""
        mask = np.ones(n, dtype=bool)
        for name, allowed in self.filters:
            if name not in cols:
                raise KeyError(f"indicator {self.code} filters on missing column {name!r}")
            mask &= np.isin(np.asarray(cols[name]).astype(str), allowed)
        return mask


_COMPULSORY = (("level", ("primary", "junior")),)
_KINDERGARTEN = (("type", ("kindergarten",)),)

#: The seven 优质均衡 resource indicators, over *school parts* (see :mod:`.split`).
YOUZHI_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "yz_qualified_teachers",
        "每百名学生拥有高于规定学历教师数",
        "Teachers above required qualification per 100 students",
        "qualified_teachers",
        "students",
        100.0,
        "人/百生",
        filters=_COMPULSORY,
        gap_unit="人",
        gap_whole=True,
        numerator_field="qualified_teachers",
    ),
    Indicator(
        "yz_backbone_teachers",
        "每百名学生拥有县级以上骨干教师数",
        "County-level-or-above backbone teachers per 100 students",
        "backbone_teachers",
        "students",
        100.0,
        "人/百生",
        filters=_COMPULSORY,
        gap_unit="人",
        gap_whole=True,
        numerator_field="backbone_teachers",
    ),
    Indicator(
        "yz_specialist_teachers",
        "每百名学生拥有体育、艺术(美术、音乐)专任教师数",
        "PE, music and art specialist teachers per 100 students",
        "specialist_teachers",
        "students",
        100.0,
        "人/百生",
        filters=_COMPULSORY,
        gap_unit="人",
        gap_whole=True,
        numerator_field="specialist_teachers",
    ),
    Indicator(
        "yz_floor_area",
        "生均教学及辅助用房面积",
        "Teaching and auxiliary floor area per student",
        "floor_area",
        "students",
        1.0,
        "㎡/生",
        filters=_COMPULSORY,
        gap_unit="㎡",
        gap_whole=True,
        numerator_field="floor_area",
    ),
    Indicator(
        "yz_sports_area",
        "生均体育运动场馆面积",
        "Sports ground and hall area per student",
        "sports_area",
        "students",
        1.0,
        "㎡/生",
        filters=_COMPULSORY,
        gap_unit="㎡",
        gap_whole=True,
        numerator_field="sports_area",
    ),
    Indicator(
        "yz_equipment_value",
        "生均教学仪器设备值",
        "Teaching equipment value per student",
        "equipment_value",
        "students",
        1.0,
        "元/生",
        filters=_COMPULSORY,
        gap_unit="元",
        gap_whole=True,
        numerator_field="equipment_value",
    ),
    Indicator(
        "yz_multimedia_classrooms",
        "每百名学生拥有网络多媒体教室数",
        "Networked multimedia classrooms per 100 students",
        "multimedia_classrooms",
        "students",
        100.0,
        "间/百生",
        filters=_COMPULSORY,
        gap_unit="间",
        gap_whole=True,
        numerator_field="multimedia_classrooms",
    ),
)

#: 学前教育普及普惠 indicators, over kindergarten rows (one per kindergarten per year).
KINDERGARTEN_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "kg_public_share",
        "公办园在园幼儿占比",
        "Share of children in public kindergartens",
        "children * is_public",
        "children",
        100.0,
        "%",
        filters=_KINDERGARTEN,
    ),
    Indicator(
        "kg_inclusive_coverage",
        "普惠性幼儿园覆盖率",
        "Inclusive (public + 普惠 private) kindergarten coverage",
        # max() so a public kindergarten also flagged 普惠 is not counted twice.
        "children * max(is_public, is_puhui)",
        "children",
        100.0,
        "%",
        filters=_KINDERGARTEN,
    ),
    Indicator(
        "kg_gross_enrolment",
        "学前三年毛入园率",
        "Gross three-year pre-school enrolment rate",
        "children",
        "population_3_5",
        100.0,
        "%",
        filters=_KINDERGARTEN,
        denominator_scope="district",
    ),
    Indicator(
        "kg_standardized_share",
        "标准化幼儿园达标率",
        "Share of kindergartens rated standardized",
        # Counted by institutions, not children: the city target is a share of 园.
        "is_standardized",
        "1",
        100.0,
        "%",
        filters=_KINDERGARTEN,
    ),
    Indicator(
        "kg_children_per_teacher",
        "专任教师与幼儿比(幼儿数/专任教师数)",
        "Children per full-time teacher",
        "children",
        "teachers",
        1.0,
        "人",
        direction=Direction.LOWER,
        filters=_KINDERGARTEN,
    ),
)

INDICATORS: dict[str, Indicator] = {i.code: i for i in YOUZHI_INDICATORS + KINDERGARTEN_INDICATORS}


@dataclass(frozen=True)
class Target:
    """One threshold or target value for an indicator.

    ``kind`` is ``national`` (the standard a school/county is evaluated against),
    ``city`` or ``district``. ``level`` narrows it to primary/junior; ``year`` and
    ``district`` narrow it further. ``None`` means "any".
    """

    indicator: str
    value: float
    kind: str = "national"
    level: str | None = None
    year: int | None = None
    district: str | None = None
    source: str = ""


def _yz(code: str, primary: float, junior: float) -> list[Target]:
    return [
        Target(code, primary, "national", level="primary", source=YOUZHI_SOURCE),
        Target(code, junior, "national", level="junior", source=YOUZHI_SOURCE),
    ]


DEFAULT_TARGETS: tuple[Target, ...] = (
    *_yz("yz_qualified_teachers", 4.2, 5.3),
    *_yz("yz_backbone_teachers", 1.0, 1.0),
    *_yz("yz_specialist_teachers", 0.9, 0.9),
    *_yz("yz_floor_area", 4.5, 5.8),
    *_yz("yz_sports_area", 7.5, 10.2),
    *_yz("yz_equipment_value", 2000.0, 2500.0),
    *_yz("yz_multimedia_classrooms", 2.3, 2.4),
    Target("kg_gross_enrolment", 85.0, "national", source=PUHUI_SOURCE),
    Target("kg_inclusive_coverage", 80.0, "national", source=PUHUI_SOURCE),
    Target("kg_public_share", 50.0, "national", source=PUHUI_SOURCE),
    Target("kg_children_per_teacher", 15.0, "national", source=PUHUI_SOURCE),
    Target("kg_public_share", 58.0, "city", year=2023, source=NANCHANG_2023),
    Target("kg_inclusive_coverage", 93.0, "city", year=2023, source=NANCHANG_2023),
    Target("kg_standardized_share", 30.0, "city", year=2023, source=NANCHANG_2023),
)


class Thresholds:
    """Lookup over :class:`Target` rows; the most specific matching row wins.

    Specificity: a row naming the year beats one for any year, and among equals the
    row given later wins — so ``Thresholds(DEFAULT_TARGETS + overrides)`` overrides.
    """

    def __init__(self, targets: Iterable[Target] = DEFAULT_TARGETS):
        self.targets: tuple[Target, ...] = tuple(targets)
        for t in self.targets:
            if t.kind not in ("national", "city", "district"):
                raise ValueError(f"target kind must be national/city/district, got {t.kind!r}")
            if t.kind == "district" and t.district is None:
                raise ValueError(f"district target for {t.indicator} needs a district")

    def with_targets(self, *more: Target) -> Thresholds:
        """A copy with extra rows that take precedence over the existing ones."""
        return Thresholds(self.targets + tuple(more))

    def get(
        self,
        indicator: str,
        kind: str = "national",
        *,
        level: str | None = None,
        year: int | None = None,
        district: str | None = None,
    ) -> float | None:
        """The value of the best-matching target, or ``None`` when none applies."""
        best: tuple[int, int] | None = None
        value: float | None = None
        for order, t in enumerate(self.targets):
            if t.indicator != indicator or t.kind != kind:
                continue
            if t.level is not None and t.level != level:
                continue
            if t.year is not None and (year is None or int(t.year) != int(year)):
                continue
            if t.district is not None and t.district != district:
                continue
            rank = ((t.year is not None) + (t.level is not None), order)
            if best is None or rank >= best:
                best, value = rank, float(t.value)
        return value

    def vector(
        self,
        indicator: str,
        kind: str,
        *,
        levels: np.ndarray | None = None,
        years: np.ndarray | None = None,
        districts: np.ndarray | None = None,
    ) -> np.ndarray:
        """Vectorised :meth:`get`: one value (NaN = none) per row of the key arrays."""
        named = {
            name: np.asarray(a)
            for name, a in (("level", levels), ("year", years), ("district", districts))
            if a is not None
        }
        if not named:
            v = self.get(indicator, kind)
            return np.array([np.nan if v is None else v])
        # Few distinct key tuples exist (levels × years × districts): resolve each once.
        groups = group_index(named, list(named))
        per_group = np.empty(groups.n, dtype=float)
        for g in range(groups.n):
            key = {name: groups.keys[name][g] for name in named}
            v = self.get(
                indicator,
                kind,
                level=str(key["level"]) if "level" in key else None,
                year=int(key["year"]) if "year" in key else None,
                district=str(key["district"]) if "district" in key else None,
            )
            per_group[g] = np.nan if v is None else v
        return per_group[groups.ids]


@dataclass(frozen=True)
class YouzhiRules:
    """The rule constants of the 2017 优质均衡 method, overridable for what-if studies."""

    min_met: int = 6
    min_ratio_of_remaining: float = 0.85
    cv_limit: Mapping[str, float] = field(default_factory=lambda: {"primary": 0.50, "junior": 0.45})
    school_size_limit: float = 2000.0
    #: 九年一贯制/十二年一贯制: the compulsory-stage students together.
    through_school_size_limit: float = 2500.0
    class_size_limit: Mapping[str, float] = field(
        default_factory=lambda: {"primary": 45.0, "junior": 50.0}
    )
    #: Student weights used to split shared resources between the parts of a school.
    split_weights: Mapping[str, float] = field(
        default_factory=lambda: {"primary": 1.0, "junior": 1.1, "senior": 1.1}
    )
    #: 教学点 with fewer pupils than this are left out (0 = keep all). Some provincial
    #: rules (e.g. Hebei's, under 教督〔2017〕6号) exclude those under 50; DOMAIN.md is
    #: silent, so the national default here keeps them.
    min_teaching_point_students: float = 0.0

    def replace(self, **changes: object) -> YouzhiRules:
        """A copy with some constants changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_RULES = YouzhiRules()
