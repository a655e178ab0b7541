"""A district's 优质均衡 evaluation (registry) given as evidence: read through the
registry's selectors with the reader's own scope, never unscoped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from edugov.org.models import Unit


def youzhi_summary(user: Any, area: Unit, year: int | None) -> dict[str, Any]:
    """The link to the registry's page and, per stage, the area's figures for the year as
    the reader sees them (a reader who cannot open the area gets the link only: the
    registry's page answers 404 to them)."""
    from edugov.registry.evaluations import youzhi_evaluation, youzhi_for_year
    from edugov.registry.selectors import load_area, visible_areas

    url = reverse("registry:youzhi", args=[area.pk]) + (f"?year={year}" if year else "")
    out: dict[str, Any] = {"url": url, "area": area, "year": year, "stages": [], "readable": False}
    if area.pk not in {u.pk for u in visible_areas(user)} or not year:
        return out
    data = load_area(area, user)
    result = youzhi_for_year(youzhi_evaluation(data, "failing", year), year)
    out["readable"] = True
    for stage in result["stages"]:
        rows = (
            stage["districts"] if area.kind != "city" else [stage["city"]] if stage["city"] else []
        )
        rec = next((r for r in rows if r), None)
        if rec:
            out["stages"].append(
                {
                    "level": stage["level"],
                    "n_schools": rec["n_schools"],
                    "n_passing": rec["n_passing"],
                    "all_cv_ok": rec["all_cv_ok"],
                }
            )
    return out
