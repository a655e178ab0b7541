"""Selectors and chart options for the reports. Everything here reads the cached
analysis (``UnitResult``, ``ValueAddedResult``) through ``visible_to``: a report is a
fixed number of queries whatever the number of schools, and never reads candidates."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from edugov.core.charts import category_axis, zoom_window
from edugov.engines.exams.kernels import compute_totals

from .models import Candidate, Exam, Level, UnitResult, ValueAddedResult

# Item flags. Local choices, as the engine documents: classical test theory texts put
# "too easy" above p = 0.9 and "too hard" below p = 0.2, and an item whose upper group
# scores lower than its lower group (D < 0) measures something else than the subject.
TOO_EASY = 0.9
TOO_HARD = 0.2
WEAK_DISCRIMINATION = 0.2
#: The units a report compares itself with, from its cached ``reference``.
REFERENCES = {
    Level.CITY: (),
    Level.DISTRICT: ("city",),
    Level.SCHOOL: ("district", "city"),
    Level.CLASS: ("school", "district", "city"),
}


def full_marks(exam: Exam) -> list[float]:
    subjects = [float(s.full_marks) for s in exam.subject_list()]
    return [*subjects, sum(subjects)]


def column_rows(exam: Exam, result: UnitResult) -> list[dict[str, Any]]:
    """One row per column (subjects, then 总分) with its statistics and references."""
    out = []
    full = full_marks(exam)
    ref = result.reference or {}
    for j, name in enumerate(exam.columns()):
        s = result.stats[j]
        row = {"column": name, "index": j, "full": full[j], **s}
        row["p10"], row["p25"], row["p50"], row["p75"], row["p90"] = s["p"]
        row["score_rate"] = s["mean"] / full[j] if s["mean"] is not None else None
        for key in REFERENCES[result.level]:
            if key in ref:
                row[f"{key}_mean"] = ref[key]["mean"][j]
                row[f"{key}_pass_rate"] = ref[key]["pass_rate"][j]
        out.append(row)
    return out


def child_results(result: UnitResult, user: Any) -> QuerySet[UnitResult]:
    """The rows one level down that ``user`` may see: a district's schools, a school's
    classes; for the whole exam its districts (the schools are ``school_ranking``)."""
    qs = UnitResult.objects.visible_to(user, "view").filter(exam_id=result.exam_id)
    if result.level == Level.CITY:
        return qs.filter(level=Level.DISTRICT).select_related("unit").order_by("-mean_total")
    if result.level == Level.DISTRICT:
        return (
            qs.filter(level=Level.SCHOOL, unit__parent_id=result.unit_id)
            .select_related("unit")
            .order_by("city_rank", "unit__code")
        )
    if result.level == Level.SCHOOL:
        return qs.filter(level=Level.CLASS, unit_id=result.unit_id).select_related("unit")
    return qs.none()


def school_ranking(result: UnitResult, user: Any) -> QuerySet[UnitResult]:
    qs = UnitResult.objects.visible_to(user, "view").filter(
        exam_id=result.exam_id, level=Level.SCHOOL
    )
    return qs.select_related("unit", "unit__parent").order_by("city_rank", "unit__code")


def unit_label(result: UnitResult) -> str:
    if result.level == Level.CLASS:
        return result.class_name
    if result.level == Level.DISTRICT and result.unit.kind == "city":
        return _("Schools run by the bureau")
    return result.unit.name


# Charts: ECharts options as plain JSON (app.js draws them; no inline script) ---------


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


def comparison_chart(rows: list[UnitResult], column: int, full: float) -> dict[str, Any]:
    """Mean of one column per unit (bars) with pass and excellent rates (lines)."""
    names = [unit_label(r) for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Mean"), _("Pass rate %"), _("Excellent rate %")]},
        "grid": {"bottom": 120, "left": 50, "right": 50},
        "xAxis": category_axis(names, rotate=40),
        "yAxis": [
            {"type": "value", "name": _("Mean"), "max": full},
            {"type": "value", "name": "%", "max": 100},
        ],
        "dataZoom": zoom_window(len(rows)),
        "series": [
            {
                "name": _("Mean"),
                "type": "bar",
                "data": [r.stats[column]["mean"] for r in rows],
            },
            {
                "name": _("Pass rate %"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [_pct(r.stats[column]["pass_rate"]) for r in rows],
            },
            {
                "name": _("Excellent rate %"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [_pct(r.stats[column]["excellent_rate"]) for r in rows],
            },
        ],
    }


def profile_chart(exam: Exam, result: UnitResult) -> dict[str, Any]:
    """Score rate (mean ÷ full marks) per subject, beside the references a unit has."""
    full = full_marks(exam)[:-1]
    subjects = exam.columns()[:-1]
    series = [
        {
            "name": unit_label(result),
            "type": "bar",
            "data": [_pct(_rate(result.stats[j]["mean"], full[j])) for j in range(len(subjects))],
        }
    ]
    for key in REFERENCES[result.level]:
        ref = (result.reference or {}).get(key)
        if ref:
            series.append(
                {
                    "name": ref["name"],
                    "type": "line",
                    "data": [_pct(_rate(ref["mean"][j], full[j])) for j in range(len(subjects))],
                }
            )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [s["name"] for s in series]},
        "xAxis": {"type": "category", "data": subjects},
        "yAxis": {"type": "value", "name": _("Score rate %"), "max": 100},
        "series": series,
    }


def _rate(mean: float | None, full: float) -> float | None:
    return None if mean is None else mean / full


def spread_chart(exam: Exam, result: UnitResult) -> dict[str, Any]:
    """P10–P25–P50–P75–P90 of each subject as score rates, drawn as box plots."""
    full = full_marks(exam)
    data = []
    for j in range(len(full)):
        p = result.stats[j]["p"]
        data.append([None if v is None else round(100 * v / full[j], 1) for v in p])
    return {
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "category", "data": exam.columns()},
        "yAxis": {"type": "value", "name": _("Score rate %"), "max": 100},
        "series": [{"name": "P10–P90", "type": "boxplot", "data": data}],
    }


def bands_rows(result: UnitResult, column: str) -> list[dict[str, Any]]:
    """The 一分一段表 rows from the compact cached form."""
    band = (result.bands or {}).get(column)
    if not band or band["top"] is None:
        return []
    counts = np.asarray(band["counts"], dtype=np.int64)
    cumulative = np.cumsum(counts)
    top, step = band["top"], band["step"]
    return [
        {"score": top - i * step, "count": int(c), "cumulative": int(cumulative[i])}
        for i, c in enumerate(counts.tolist())
    ]


# The 一分一段 table on screen: columns of at most 40 rows, 5 columns a page (200 scores),
# so a 1,400-row table is 7 pages of one screen each, not one 48,000 px column.
BAND_ROWS_PER_COLUMN = 40
BAND_COLUMNS_PER_PAGE = 5


def band_pages(
    rows: list[dict[str, Any]],
    per_column: int = BAND_ROWS_PER_COLUMN,
    columns: int = BAND_COLUMNS_PER_PAGE,
) -> list[dict[str, Any]]:
    """The table's rows as pages of side-by-side columns, each page labelled by its
    score range (highest first, as the table reads)."""
    per_page = per_column * columns
    pages = []
    for start in range(0, len(rows), per_page):
        chunk = rows[start : start + per_page]
        pages.append(
            {
                "high": chunk[0]["score"],
                "low": chunk[-1]["score"],
                "columns": [chunk[i : i + per_column] for i in range(0, len(chunk), per_column)],
            }
        )
    return pages


def bands_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Candidates at this score"), _("At or above")]},
        "xAxis": {"type": "category", "data": [f"{r['score']:g}" for r in rows], "inverse": True},
        "yAxis": [{"type": "value"}, {"type": "value"}],
        "dataZoom": [{"type": "slider"}],
        "series": [
            {
                "name": _("Candidates at this score"),
                "type": "bar",
                "data": [r["count"] for r in rows],
            },
            {
                "name": _("At or above"),
                "type": "line",
                "yAxisIndex": 1,
                "showSymbol": False,
                "data": [r["cumulative"] for r in rows],
            },
        ],
    }


def item_rows(result: UnitResult) -> list[dict[str, Any]]:
    """Item analysis rows with their flags."""
    out = []
    for subject in (result.items or {}).get("subjects", []):
        for it in subject["items"]:
            p, d = it["difficulty"], it["discrimination"]
            flags = []
            if p is not None and p > TOO_EASY:
                flags.append(_("too easy"))
            if p is not None and p < TOO_HARD:
                flags.append(_("too hard"))
            if d is not None and d < 0:
                flags.append(_("negative discrimination"))
            elif d is not None and d < WEAK_DISCRIMINATION:
                flags.append(_("weak discrimination"))
            options = " ".join(
                f"{o['option']}:{_pct(o['share'])}%"
                for o in it["options"]
                if o["share"] is not None
            )
            out.append(
                {
                    "subject": subject["subject"],
                    "alpha": subject["alpha"],
                    "n": subject["n"],
                    **it,
                    "flags": flags,
                    "options_text": options,
                }
            )
    return out


def items_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Difficulty against discrimination, one point per item: the usual item map."""
    return {
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "name": _("difficulty p"), "min": 0, "max": 1},
        "yAxis": {"type": "value", "name": _("discrimination D"), "min": -0.5, "max": 1},
        "series": [
            {
                "type": "scatter",
                "symbolSize": 12,
                "data": [
                    {
                        "name": f"{r['subject']} {r['number']}",
                        "value": [r["difficulty"], r["discrimination"]],
                    }
                    for r in rows
                ],
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "data": [{"xAxis": TOO_HARD}, {"xAxis": TOO_EASY}, {"yAxis": 0}],
                },
            }
        ],
    }


def value_added_rows(exam: Exam, user: Any, level: str) -> QuerySet[ValueAddedResult]:
    return (
        ValueAddedResult.objects.visible_to(user, "view")
        .filter(exam=exam, level=level)
        .select_related("unit")
        .order_by("-mean", "unit__code", "class_name")
    )


def value_added_chart(rows: list[ValueAddedResult]) -> dict[str, Any]:
    """Mean residual per unit with its confidence interval as error bars.

    ECharts has no error-bar series and a custom series needs a JavaScript function;
    a candlestick with open = close = mean and low/high = the interval draws exactly an
    error bar from JSON alone."""
    names = [f"{r.unit.name} {r.class_name}".strip() for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Mean residual"), _("Confidence interval (95 per cent)")]},
        "grid": {"bottom": 130, "left": 50},
        # Ordered best first: the window opens on the top 25, the slider reaches the rest.
        "xAxis": category_axis(names, rotate=45),
        "yAxis": {"type": "value", "name": _("Value added (marks)")},
        "dataZoom": zoom_window(len(rows)),
        "series": [
            {
                "name": _("Confidence interval (95 per cent)"),
                "type": "candlestick",
                "barWidth": 2,
                "data": [
                    [
                        r.mean,
                        r.mean,
                        r.ci_low if r.ci_low is not None else r.mean,
                        r.ci_high if r.ci_high is not None else r.mean,
                    ]
                    for r in rows
                ],
            },
            {
                "name": _("Mean residual"),
                "type": "scatter",
                "data": [round(r.mean, 2) for r in rows],
                "markLine": {"silent": True, "symbol": "none", "data": [{"yAxis": 0}]},
            },
        ],
    }


def trend_rows(result: UnitResult, user: Any) -> list[dict[str, Any]]:
    """A school's standing in every exam it sat that the user can see, oldest first:
    city rank, mean total and z = (school mean − city mean) ÷ city sd of totals, so
    exams with different full marks compare (the engine's ``school_trend``)."""
    rows = (
        UnitResult.objects.visible_to(user, "view")
        .filter(level=Level.SCHOOL, unit_id=result.unit_id)
        .select_related("exam")
        .order_by("exam__date", "exam_id")
    )
    out = []
    for r in rows:
        city = (r.reference or {}).get("city", {})
        mean, c_mean = r.mean_total, (city.get("mean") or [None])[-1]
        c_std = (city.get("std") or [None])[-1]
        z = (mean - c_mean) / c_std if None not in (mean, c_mean, c_std) and c_std else None
        out.append(
            {
                "result": r,
                "exam": r.exam,
                "rank": r.city_rank,
                "schools": (r.reference or {}).get("schools_in_city"),
                "mean": mean,
                "z": z,
            }
        )
    zs = [(i, row["z"]) for i, row in enumerate(out) if row["z"] is not None]
    slope = None
    if len(zs) >= 2:
        t = np.array([i for i, _z in zs], dtype=float)
        z = np.array([v for _i, v in zs])
        tt = t - t.mean()
        slope = float((tt * (z - z.mean())).sum() / (tt * tt).sum())
    for row in out:
        row["slope"] = slope
    return out


def trend_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("City rank"), "z"]},
        "xAxis": {"type": "category", "data": [r["exam"].name for r in rows]},
        "yAxis": [
            {"type": "value", "name": _("City rank"), "inverse": True, "minInterval": 1},
            {"type": "value", "name": "z"},
        ],
        "series": [
            {"name": _("City rank"), "type": "line", "data": [r["rank"] for r in rows]},
            {
                "name": "z",
                "type": "bar",
                "yAxisIndex": 1,
                "data": [None if r["z"] is None else round(r["z"], 3) for r in rows],
            },
        ],
    }


def candidate_view(candidate: Candidate) -> list[dict[str, Any]]:
    """A candidate's marks and ranks per column, for their own result page."""
    exam = candidate.exam
    scale = exam.scale
    marks = candidate.scaled_marks()
    ranks = candidate.rank_array()
    scaled_total = int(compute_totals(marks.reshape(1, -1), exam.total_policy == "all_required")[0])
    total = scaled_total / scale if scaled_total >= 0 else None
    values = [None if m < 0 else m / scale for m in marks.tolist()] + [total]
    full = full_marks(exam)
    out = []
    for j, name in enumerate(exam.columns()):
        r = ranks[j] if ranks is not None and j < len(ranks) else None
        out.append(
            {
                "column": name,
                "full": full[j],
                "mark": values[j],
                "city": int(r[0]) if r is not None and r[0] > 0 else None,
                "district": int(r[1]) if r is not None and r[1] > 0 else None,
                "school": int(r[2]) if r is not None and r[2] > 0 else None,
            }
        )
    return out
