"""A finished job's result, as the job page shows it.

Job handlers return plain dicts with stable English keys (they are stored as JSON and
outlive any one language). The page must not print those keys or a raw dict: each known
key has a label, ``url`` becomes a link back to what the job made, hashes go into a folded
verification panel, and anything else (internal paths, nested details) stays off the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

#: key → label, in the order the page lists them
LABELS: dict[str, Any] = {
    "placed": _("placed"),
    "unplaced": _("unplaced"),
    "rows": _("rows read"),
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "candidates": _("candidates"),
    "results": _("reports computed"),
    "value_added": _("value-added rows"),
    "tasks": _("tasks"),
    "filename": _("file"),
    "seconds": _("time taken (seconds)"),
}
#: shown folded, for whoever re-checks the output
CHECKS: dict[str, Any] = {"result_sha256": _("result SHA-256")}
#: a nested summary whose own keys are labelled with ``LABELS`` (the score import's analysis)
NESTED: dict[str, Any] = {"analysis": _("analysis")}


@dataclass
class ResultView:
    rows: list[tuple[str, Any]] = field(default_factory=list)
    checks: list[tuple[str, Any]] = field(default_factory=list)
    url: str = ""


def _rows(result: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    return [
        (f"{prefix}{label}", result[key])
        for key, label in LABELS.items()
        if key in result and not isinstance(result[key], (dict, list))
    ]


def _local(url: Any) -> str:
    """Only a path on this site becomes a link: a stored value is not trusted as a URL."""
    return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else ""


def result_view(result: dict[str, Any] | None) -> ResultView:
    result = result or {}
    view = ResultView(rows=_rows(result), url=_local(result.get("url")))
    for key, label in NESTED.items():
        if isinstance(result.get(key), dict):
            view.rows += _rows(result[key], prefix=f"{label} · ")
    view.checks = [(str(label), result[key]) for key, label in CHECKS.items() if result.get(key)]
    return view
