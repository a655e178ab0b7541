"""Importing the decomposition of a plan: one row per task, as bureaus draw it up in Excel.

Keyed by (work point, title): re-importing the same sheet changes nothing; a changed due
date or lead unit updates the task.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.accounts.models import User
from edugov.core.io.cells import parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer

from .forms import working_units
from .models import Plan, PlanStatus, Task, WorkPoint
from .selectors import assignable_owners
from .services import task_save


def _int(text: str) -> int:
    value = int(float(text))
    if not 1 <= value <= 999:
        raise CellError(_("expected a point number"))
    return value


@register_importer("workplan.task")
class TaskImporter(Importer):
    """Tasks of the latest confirmed plan the importer can see."""

    model = Task
    key = ("point", "title")
    title = gettext_lazy("Tasks")
    columns = [
        Column("point_number", gettext_lazy("work point number"), parse=_int, example="5"),
        Column("title", gettext_lazy("title"), example="新建公办幼儿园 22 所"),
        Column("lead_unit_name", gettext_lazy("lead unit"), example="学前教育科"),
        Column(
            "co_unit_names",
            gettext_lazy("co-operating units"),
            required=False,
            example="东湖区、进贤县",
            help=gettext_lazy("Separated by 、 or commas"),
        ),
        Column("owner_username", gettext_lazy("owner (user name)"), required=False, example=""),
        Column("start_date", gettext_lazy("start date"), parse=parse_date, example="2023-03-01"),
        Column("due_date", gettext_lazy("due date"), parse=parse_date, example="2023-12-31"),
        Column("description", gettext_lazy("description"), required=False, example=""),
    ]

    def __init__(self, user):
        super().__init__(user)
        plan = (
            Plan.objects.visible_to(user, "view")
            .filter(status=PlanStatus.CONFIRMED)
            .order_by("-year", "-pk")
            .first()
        )
        self._points = (
            {p.number: p for p in WorkPoint.objects.filter(area__plan=plan)} if plan else {}
        )
        self._units = {u.name: u for u in working_units()}
        self._co: dict[int, list] = {}
        # A sheet names the same few owners on many rows: one query per name, not per row.
        # The same people the task form offers.
        self._owners: dict[str, User | None] = {}
        self._assignable = assignable_owners(user)

    def resolve(self, values, row):
        point = self._points.get(values.pop("point_number"))
        if point is None:
            raise ColumnError("point_number", _("no work point has this number"))
        lead = self._units.get(values.pop("lead_unit_name").strip())
        if lead is None:
            raise ColumnError("lead_unit_name", _("no unit has this name"))
        co = []
        names = (values.pop("co_unit_names", None) or "").replace(",", "、").replace("，", "、")
        for name in filter(None, (n.strip() for n in names.split("、"))):
            if name not in self._units:
                raise ColumnError("co_unit_names", _("no unit has this name"))
            co.append(self._units[name])
        owner = None
        username = values.pop("owner_username", None)
        if username:
            if username not in self._owners:
                self._owners[username] = self._assignable.filter(username=username).first()
            owner = self._owners[username]
            if owner is None:
                raise ColumnError("owner_username", _("no active user in your scope has this name"))
        values.update(
            point=point,
            lead_unit=lead,
            owner=owner,
            description=values.get("description") or "",
        )
        self._co[row] = co
        return values

    def write_chunk(self, rows):
        for row in rows:
            co = self._co.pop(row.number, [])
            if row.action != "unchanged":
                task_save(task=row.instance, co_units=co, audit=False)
