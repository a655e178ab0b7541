"""What the home page shows, filled in by the modules (the 领导驾驶舱).

Core imports no domain app, so the home page is a small registry the modules fill in
their ``AppConfig.ready``, like the menu and the work plan's KPI sources:

- an **alert source** is a callable ``source(user)`` returning ``Alert``s: a count of rows
  the user acts on or must know about (overdue 督办单, statistics awaiting review, export
  requests awaiting approval) and the link to the list holding them. A source counts only
  through ``visible_to(user, action)``, so an alert never counts a row the user cannot open.
  The home page shows the alerts with a count; for staff they are the inbox (待办).
- a **panel** is a template plus ``context(user)`` for one audience (``leader``, ``staff``,
  ``school``): the plan's targets, the lagging tasks, the school's statistics. ``context``
  returns None when the panel has nothing for this user, and the panel is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

AUDIENCES = ("leader", "staff", "school", "duty")


@dataclass(frozen=True)
class Alert:
    label: str | Promise
    count: int
    url: str
    # "danger" for what is late (overdue, escalated), "warning" for what waits on the user.
    level: str = "warning"


@dataclass(frozen=True)
class Panel:
    code: str
    audiences: frozenset[str]
    order: int
    template: str
    context: Callable[[Any], dict[str, Any] | None]


AlertSource = Callable[[Any], list[Alert]]
_ALERTS: dict[str, AlertSource] = {}
_PANELS: dict[str, Panel] = {}


def register_alert_source(code: str, source: AlertSource) -> None:
    _ALERTS[code] = source


def register_panel(
    code: str,
    *,
    audiences: tuple[str, ...],
    order: int,
    template: str,
    context: Callable[[Any], dict[str, Any] | None],
) -> None:
    unknown = set(audiences) - set(AUDIENCES)
    if unknown:
        raise ValueError(f"unknown audience {sorted(unknown)}: use {AUDIENCES}")
    _PANELS[code] = Panel(code, frozenset(audiences), order, template, context)


def alerts_for(user: Any) -> list[Alert]:
    """Every registered source's alerts with something to show, the late ones first."""
    alerts = [a for source in _ALERTS.values() for a in source(user) if a.count]
    return sorted(alerts, key=lambda a: a.level != "danger")


def panels_for(user: Any, audience: str) -> list[dict[str, Any]]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.code)):
        if audience not in panel.audiences:
            continue
        ctx = panel.context(user)
        if ctx is not None:
            out.append({"code": panel.code, "template": panel.template, "ctx": ctx})
    return out
