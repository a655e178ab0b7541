"""The teachers module's computed KPIs for the work plan (point 17), each declared once
and read everywhere through ``workplan.kpis``:

- 交流轮岗比例: teachers rotated by the published plans / eligible teachers, per cent;
- 骨干教师交流占比: backbone teachers among those rotated, per cent;
- 继续教育达标率: active teachers whose hours this cycle are at least 360 pro rata;
- 生师比: students per active teacher.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from . import selectors

TWO = Decimal("0.01")


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(TWO, rounding=ROUND_HALF_UP)


def rotation_share(*, year: int, scope) -> Decimal | None:
    c = selectors.rotation_counts_unscoped(year=year, scope=scope)
    return None if c is None else _pct(c["moves"], c["eligible"])


def rotation_backbone_share(*, year: int, scope) -> Decimal | None:
    c = selectors.rotation_counts_unscoped(year=year, scope=scope)
    return None if c is None else _pct(c["backbone"], c["moves"])


def training_on_track(*, year: int, scope) -> Decimal | None:
    on_track, total = selectors.training_on_track_unscoped(year=year, scope=scope)
    return _pct(on_track, total)


def students_per_teacher(*, year: int, scope) -> Decimal | None:
    teachers, students = selectors.teachers_and_students_unscoped(scope=scope)
    if not teachers:
        return None
    return (Decimal(students) / teachers).quantize(TWO, rounding=ROUND_HALF_UP)


def _this_year(*, scope) -> int:
    from edugov.core import clock

    return clock.today().year


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    for source in (
        KpiSource(
            code="teachers.rotation_share",
            label=_("Share of eligible teachers rotated"),
            unit="%",
            compute=rotation_share,
            subjects=("交流轮岗比例", "教师交流轮岗比例"),
            latest_year=selectors.latest_rotation_year_unscoped,
            perm="teachers.view_rotationplan",
        ),
        KpiSource(
            code="teachers.rotation_backbone_share",
            label=_("Share of backbone teachers among those rotated"),
            unit="%",
            compute=rotation_backbone_share,
            subjects=("骨干教师交流比例", "骨干教师交流轮岗比例"),
            latest_year=selectors.latest_rotation_year_unscoped,
            perm="teachers.view_rotationplan",
        ),
        KpiSource(
            code="teachers.training_on_track",
            label=_("Teachers on track for 360 training hours"),
            unit="%",
            compute=training_on_track,
            subjects=("教师培训完成率", "继续教育达标率"),
            latest_year=selectors.latest_training_year_unscoped,
            perm="teachers.view_trainingrecord",
        ),
        KpiSource(
            code="teachers.students_per_teacher",
            label=_("Students per teacher"),
            unit="生/师",
            compute=students_per_teacher,
            subjects=("生师比",),
            latest_year=_this_year,
            perm="teachers.view_teacher",
        ),
    ):
        register_kpi_source(source)
