"""The left menu: the active work plan's areas, a group for work outside them, then base
data and system pages.

Apps add their pages in ``AppConfig.ready`` with ``add_item``: under a plan area by its
number (``add_item(5, …)``, or ``"area5"``), or under ``"base"`` / ``"system"``. The areas
themselves are data: each year's plan may number and name them differently, so the
menu asks the area source (the work plan registers it with ``set_area_source``; core
does not import the work plan) for the active plan's ``(number, title)`` pairs. An item
whose area the active plan lacks, or any area item while no plan is confirmed, goes to
the generic group rather than disappearing. An item shows only to users holding its
permission, and a group with nothing to show is left out.

Holding the permission is not always enough for a page to be of use: a primary school's
principal holds the exam permissions of every school role, yet her school sits no 中考, so
those pages would only ever be empty for her. The app registering an item knows when it
is relevant and says so with ``visible(user)``; the menu never guesses from names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class MenuItem:
    label: str | Promise
    url_name: str
    perm: str
    # Declared by the registering app: is the page relevant to this user beyond the
    # permission (a school that takes part)? None: the permission alone decides.
    visible: Callable[[Any], bool] | None = None

    def usable_by(self, user) -> bool:
        return user.has_perm(self.perm) and (self.visible is None or self.visible(user))


@dataclass
class MenuGroup:
    key: str
    title: str | Promise
    items: list[MenuItem] = field(default_factory=list)


# Items registered under a plan area, by the area's number.
AREA_ITEMS: dict[int, list[MenuItem]] = {}
OTHER_AREAS = MenuGroup("other", _("Other work"))
GROUPS: list[MenuGroup] = [
    MenuGroup("base", _("Base data")),
    MenuGroup("system", _("System")),
]

AreaSource = Callable[[], list[tuple[int, str]]]
_area_source: AreaSource | None = None


def set_area_source(source: AreaSource) -> None:
    """``source()`` returns the active plan's areas as ``(number, title)``, in order."""
    global _area_source
    _area_source = source


def _area_number(group: str | int) -> int | None:
    if isinstance(group, int):
        return group
    if group.startswith("area") and group[4:].isdigit():
        return int(group[4:])
    return None


def add_item(
    group: str | int,
    label: str | Promise,
    url_name: str,
    perm: str,
    *,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    number = _area_number(group)
    if number is not None:
        target = AREA_ITEMS.setdefault(number, [])
    else:
        fixed = next((g for g in GROUPS if g.key == group), None)
        if fixed is None:
            raise ValueError(f"no menu group {group!r}: use an area number, 'base' or 'system'")
        target = fixed.items
    if not any(i.url_name == url_name for i in target):
        target.append(MenuItem(label, url_name, perm, visible))


def _usable(items: list[MenuItem], user) -> list[MenuItem]:
    return [i for i in items if i.usable_by(user)]


def menu_for(user) -> list[dict]:
    areas = _area_source() if _area_source is not None else []
    out = []
    for number, title in areas:
        items = _usable(AREA_ITEMS.get(number, []), user)
        if items:
            out.append({"key": f"area{number}", "title": title, "items": items})
    in_plan = {number for number, _title in areas}
    elsewhere = [i for n in sorted(AREA_ITEMS) if n not in in_plan for i in AREA_ITEMS[n]]
    groups = [(OTHER_AREAS.key, OTHER_AREAS.title, elsewhere)]
    groups += [(g.key, g.title, g.items) for g in GROUPS]
    for key, title, items in groups:
        usable = _usable(items, user)
        if usable:
            out.append({"key": key, "title": title, "items": usable})
    return out


# --- The header ----------------------------------------------------------------------
# A module may put a small live fragment in the header (the casework inbox's unread
# count). The page only names its URL; the browser loads it with htmx after the page, so
# no page pays the fragment's query and core imports no domain app.


@dataclass
class HeaderItem:
    url_name: str
    perm: str

    def usable_by(self, user) -> bool:
        return user.has_perm(self.perm)


HEADER_ITEMS: list[HeaderItem] = []


def add_header_item(url_name: str, perm: str) -> None:
    """Show the fragment at ``url_name`` in the header to users holding ``perm``."""
    if not any(i.url_name == url_name for i in HEADER_ITEMS):
        HEADER_ITEMS.append(HeaderItem(url_name, perm))


def header_items_for(user) -> list[HeaderItem]:
    return [i for i in HEADER_ITEMS if i.usable_by(user)]
