"""The left menu: the plan's five areas, then base data and system pages.

Apps add their pages in ``AppConfig.ready`` with ``add_item``; an item shows only to
users holding its permission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class MenuItem:
    label: str | Promise
    url_name: str
    perm: str


@dataclass
class MenuGroup:
    key: str
    title: str | Promise
    items: list[MenuItem] = field(default_factory=list)


GROUPS: list[MenuGroup] = [
    MenuGroup("area1", _("I. Party leadership")),
    MenuGroup("area2", _("II. A high-quality education system")),
    MenuGroup("area3", _("III. Moral and all-round education")),
    MenuGroup("area4", _("IV. Foundations and resources")),
    MenuGroup("area5", _("V. Comprehensive governance")),
    MenuGroup("base", _("Base data")),
    MenuGroup("system", _("System")),
]


def add_item(group: str, label: str | Promise, url_name: str, perm: str) -> None:
    target = next(g for g in GROUPS if g.key == group)
    if not any(i.url_name == url_name for i in target.items):
        target.items.append(MenuItem(label, url_name, perm))


def menu_for(user) -> list[dict]:
    out = []
    for g in GROUPS:
        items = [i for i in g.items if user.has_perm(i.perm)]
        # The plan's areas always show, so the menu mirrors the document even before
        # every area has a module; base/system groups show only when useful.
        if items or g.key.startswith("area"):
            out.append({"key": g.key, "title": g.title, "items": items})
    return out
