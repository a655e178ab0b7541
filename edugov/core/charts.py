"""Pieces of ECharts options that keep a chart readable whatever the data's size.

Every chart is built server-side and drawn by ``core/static/core/app.js`` from JSON (no
inline script: CSP), so these are plain dicts. ECharts' defaults suit a handful of short
labels; a bureau's charts have 12 districts, 200 schools and long Chinese names, where
the defaults drop labels silently (an ``auto`` interval), draw them on top of each other,
or cut them to "正…".
"""

from __future__ import annotations

from typing import Any

# Bars a category axis shows at once before the window scrolls (dataZoom).
VISIBLE_BARS = 25


def category_axis(names: list[str], *, rotate: int = 30, width: int = 110) -> dict[str, Any]:
    """A category axis that labels every category (interval 0: ECharts otherwise skips
    labels that would touch, so 12 districts showed as 3), turned so that Chinese names
    fit, and cut with "…" past ``width`` pixels (the tooltip carries the full name)."""
    return {
        "type": "category",
        "data": names,
        "axisLabel": {
            "interval": 0,
            "rotate": rotate,
            "width": width,
            "overflow": "truncate",
            "hideOverlap": False,
        },
        "axisTick": {"alignWithLabel": True},
    }


def zoom_window(count: int, visible: int = VISIBLE_BARS) -> list[dict[str, Any]]:
    """A scrolling window over the first ``visible`` categories when there are more:
    200 schools on one axis cannot be read, 25 at a time with a slider can. The caller
    orders the categories (top first), so the first window shows the top ones."""
    if count <= visible:
        return []
    return [
        {"type": "slider", "startValue": 0, "endValue": visible - 1, "bottom": 8, "height": 18},
        {"type": "inside", "startValue": 0, "endValue": visible - 1},
    ]


def pie_series(
    data: list[dict[str, Any]], *, radius: tuple[str, str] = ("30%", "55%")
) -> dict[str, Any]:
    """A doughnut whose labels are never cut, neither to "正…" nor at the chart's edge: a
    smaller radius leaves room outside it; labels wrap instead of truncating, line up
    at the edges and move apart rather than overlap. No label ``width``: with one set,
    ECharts keeps it whatever the room beside the pie, and in a narrow card the labels ran
    past the canvas ("22（62.86%" lost its "）", "8（22.86%）" its "8"); without one, it
    fits each label to the room between the pie and the edge and wraps it there."""
    return {
        "type": "pie",
        "radius": list(radius),
        "center": ["50%", "48%"],
        "avoidLabelOverlap": True,
        "minShowLabelAngle": 3,
        "label": {
            "formatter": "{b}\n{c}（{d}%）",
            "overflow": "break",
            "alignTo": "labelLine",
            "edgeDistance": 8,
            "minMargin": 4,
        },
        "labelLine": {"length": 8, "length2": 8},
        "data": data,
    }


def gauge_series(
    *,
    value: float | None,
    top: float,
    bands: list[tuple[float, str]],
    name: str,
    unit: str,
    verdict: str,
    colour: str,
) -> dict[str, Any]:
    """A dial for one figure against its target, without tick labels: the coloured
    ``bands`` (``(fraction of the dial, colour)`` stops, as ECharts' axisLine takes them)
    show where the figure should be, the detail states the figure and the ``verdict`` in
    words, in ``colour``. Without a value there is no pointer and the figure is "—"."""
    figure = "{value}" + unit if value is not None else "—"
    return {
        "type": "gauge",
        "min": 0,
        "max": round(top, 2),
        "radius": "90%",
        "axisLine": {"lineStyle": {"width": 10, "color": [list(b) for b in bands]}},
        "axisTick": {"show": False},
        "splitLine": {"show": False},
        "axisLabel": {"show": False},
        # No value, no pointer: one resting at 0 read as a figure and crossed the "—".
        "pointer": {"show": value is not None, "width": 4, "length": "60%"},
        "detail": {
            "offsetCenter": [0, "30%"],
            "formatter": f"{{v|{figure}}}\n{{s|{verdict}}}",
            "rich": {
                # Dark, not the band's colour the gauge would inherit (amber on white
                # could not be read).
                "v": {"fontSize": 16, "lineHeight": 20, "color": "#212529"},
                "s": {"fontSize": 12, "lineHeight": 16, "color": colour},
            },
        },
        "title": {"fontSize": 11, "offsetCenter": [0, "80%"]},
        "data": [{"value": value if value is not None else 0, "name": name}],
    }
