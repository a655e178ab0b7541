"""ECharts options for the evaluation pages, built server-side and handed to
``core/static/core/app.js`` through ``json_script`` (no inline script: CSP)."""

from __future__ import annotations

from typing import Any

from edugov.core.charts import category_axis
from edugov.engines.indicators import BANDS
from edugov.engines.indicators.classsize import BAND_NAMES_ZH

from .evaluations import KG_ORDER


def _label(indicator: dict[str, Any]) -> str:
    return indicator.get("label") or indicator["name_zh"]


def _num(v: Any, places: int = 3) -> float | None:
    return None if v is None else round(float(v), places)


def cv_bars(stage: dict[str, Any], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """One bar per indicator and district: the weighted CV, with the CV line marked."""
    names = [_label(i) for i in indicators]
    limit = (
        stage["districts"][0]["indicators"][indicators[0]["code"]]["cv_limit"]
        if stage["districts"]
        else None
    )
    series = []
    for n, d in enumerate(stage["districts"]):
        series.append(
            {
                "name": d["district"],
                "type": "bar",
                "data": [_num(d["indicators"][i["code"]]["cv"]) for i in indicators],
                **(
                    {
                        "markLine": {
                            "symbol": "none",
                            "lineStyle": {"color": "#c0392b", "type": "dashed"},
                            "label": {"formatter": f"CV ≤ {limit}"},
                            "data": [{"yAxis": limit}],
                        }
                    }
                    if n == 0 and limit is not None
                    else {}
                ),
            }
        )
    # The axis must reach the line, or ECharts silently leaves the line out.
    highest = max([v for sr in series for v in sr["data"] if v is not None] + [limit or 0])
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "grid": {"bottom": 90},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "name": "CV", "max": round(highest * 1.15 + 0.01, 2)},
        "series": series,
    }


def scatter(stage: dict[str, Any], indicator: dict[str, Any]) -> dict[str, Any]:
    """Schools by students (x) and one indicator's value (y), passing and failing apart,
    with the standard marked."""
    code = indicator["code"]
    passing, failing = [], []
    standard = None
    for s in stage["schools"]:
        entry = s["indicators"][code]
        standard = entry["standard"]
        point = [s["students"], _num(entry["value"]), s["name"]]
        (passing if s["passes"] else failing).append(point)
    mark = (
        {
            "markLine": {
                "symbol": "none",
                "lineStyle": {"color": "#c0392b", "type": "dashed"},
                "data": [{"yAxis": standard}],
            }
        }
        if standard is not None
        else {}
    )
    return {
        "tooltip": {"trigger": "item"},
        "legend": {},
        "xAxis": {"type": "value", "name": "学生数"},
        "yAxis": {"type": "value", "name": f"{_label(indicator)}（{indicator['unit']}）"},
        "series": [
            {"name": "达标学校", "type": "scatter", "symbolSize": 7, "data": passing, **mark},
            {"name": "未达标学校", "type": "scatter", "symbolSize": 9, "data": failing},
        ],
    }


def cv_trend(trend: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """Each indicator's CV over the years (pooled for one district, or the area's rows)."""
    years = sorted({d["year"] for d in trend})
    series = []
    for i in indicators:
        by_year: dict[int, list[float]] = {}
        for d in trend:
            cv = d["indicators"][i["code"]]["cv"]
            if cv is not None:
                by_year.setdefault(d["year"], []).append(cv)
        # Several districts: the largest CV is the one that decides the area.
        series.append(
            {
                "name": _label(i),
                "type": "line",
                "data": [_num(max(by_year[y])) if y in by_year else None for y in years],
            }
        )
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value", "name": "CV"},
        "series": series,
    }


def kg_bars(rows: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [i for i in indicators if i["code"] in KG_ORDER[:4]]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "grid": {"bottom": 80},
        "xAxis": category_axis([r["district"] for r in rows]),
        "yAxis": {"type": "value", "name": "%"},
        "series": [
            {
                "name": _label(i),
                "type": "bar",
                "data": [_num(r["indicators"][i["code"]]["value"], 1) for r in rows],
            }
            for i in shown
        ],
    }


def kg_trend(city: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [i for i in indicators if i["code"] in KG_ORDER[:4]]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "category", "data": [str(r["year"]) for r in city]},
        "yAxis": {"type": "value", "name": "%"},
        "series": [
            {
                "name": _label(i),
                "type": "line",
                "data": [_num(r["indicators"][i["code"]]["value"], 1) for r in city],
            }
            for i in shown
        ],
    }


def band_bars(bands: list[dict[str, Any]], level: str) -> dict[str, Any]:
    rows = [b for b in bands if b["level"] == level]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"bottom": 80},
        "xAxis": category_axis([b["district"] for b in rows]),
        "yAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            {
                "name": BAND_NAMES_ZH[band],
                "type": "bar",
                "stack": "bands",
                "data": [_num((b[band]["share"] or 0) * 100, 1) for b in rows],
            }
            for band in BANDS
        ],
    }
