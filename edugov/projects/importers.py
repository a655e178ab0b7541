"""The project ledger import through ``core.io.importer`` (two phases: a file with one
bad row writes nothing and names the row and column). One row per project, keyed by its
code: the unit by its code, places by level, budget by source, and the seven planned
milestone dates (refused out of order, naming the later milestone's column)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit

from .models import (
    LEVELS,
    SOURCES,
    Asset,
    AssetCategory,
    AssetState,
    EquipmentKind,
    Project,
    ProjectKind,
    ProjectMilestone,
    Stage,
)

AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10].replace("/", "-"))
    except ValueError:
        raise CellError(_("expected a date like 2023-06-30"))


def _amount(text: str) -> Decimal:
    text = text.strip().replace(",", "")
    if not AMOUNT.match(text):
        raise CellError(_("expected an amount in 元 with at most two decimals, like 1280.50"))
    return Decimal(text)


def _count(text: str) -> int:
    text = text.strip()
    if text.startswith("-"):
        raise CellError(_("a place count may not be negative"))
    if not text.isdigit():
        raise CellError(_("expected a whole number"))
    return int(text)


def _year(text: str) -> int:
    if not (text.strip().isdigit() and 2000 <= int(text) <= 2100):
        raise CellError(_("expected a year like 2023"))
    return int(text)


def _coordinate(text: str) -> Decimal:
    try:
        return Decimal(text.strip()).quantize(Decimal("0.000001"))
    except ArithmeticError:
        raise CellError(_("expected a decimal degree like 115.892151"))


def _kind(text: str) -> str:
    text = text.strip()
    for value, label in ProjectKind.choices:
        if text in (value, str(label)):
            return value
    raise CellError(
        _("not one of: %(options)s")
        % {"options": "、".join(str(lb) for _v, lb in ProjectKind.choices)}
    )


PLANNED = [f"planned_{s}" for s in Stage.values]


@register_importer("projects.project")
class ProjectImporter(Importer):
    """Keyed by project code: re-importing the same sheet changes nothing. The planned
    dates are the milestones' rows, applied by ``project_save`` (a sheet that changes only
    dates counts its rows unchanged but still moves the dates)."""

    model = Project
    key = ("code",)
    title = gettext_lazy("Project ledger")
    columns = [
        Column("code", gettext_lazy("project code"), example="MS2023-01"),
        Column("name", gettext_lazy("project name"), example="南昌市育新学校扩建工程"),
        Column("kind", gettext_lazy("kind"), parse=_kind, example="民生实事"),
        Column("year", gettext_lazy("plan year"), parse=_year, example="2023"),
        Column("unit", gettext_lazy("school or district code"), example="2136000001"),
        Column("site", gettext_lazy("site"), required=False, example="东湖区墩子塘"),
        Column(
            "latitude",
            gettext_lazy("latitude"),
            parse=_coordinate,
            required=False,
            example="28.686",
        ),
        Column(
            "longitude",
            gettext_lazy("longitude"),
            parse=_coordinate,
            required=False,
            example="115.909",
        ),
        *[
            Column(
                f"places_{lv}",
                Project._meta.get_field(f"places_{lv}").verbose_name,
                parse=_count,
                required=False,
                example="0",
            )
            for lv, _label in LEVELS
        ],
        *[
            Column(
                f"budget_{s}",
                Project._meta.get_field(f"budget_{s}").verbose_name,
                parse=_amount,
                required=False,
                example="0",
            )
            for s, _label in SOURCES
        ],
        *[
            Column(f"planned_{s}", label, parse=_date, required=False, example="")
            for s, label in Stage.choices
        ],
        Column("note", gettext_lazy("note"), required=False),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._units: dict[str, Unit] = {}
        self.planned: dict[str, dict[str, dt.date | None]] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("unit") or "").strip() for v in values}
        self._units.update(
            {u.code: u for u in Unit.objects.visible_to(self.user, "view").filter(code__in=codes)}
        )

    def resolve(self, values, row):
        from .services import check_order

        unit = self._units.get(str(values["unit"]).strip())
        if unit is None:
            raise ColumnError("unit", _("no school or district with this code in your scope"))
        values["unit"] = unit
        planned = {s: values.pop(f"planned_{s}", None) for s in Stage.values}
        try:
            check_order(planned, "planned")
        except Exception as exc:  # ValidationError: point at the later milestone's column
            name, messages = next(iter(exc.message_dict.items()))
            raise ColumnError(name, messages[0]) from None
        self.planned[values["code"]] = planned
        for f in [f"places_{lv}" for lv, _l in LEVELS]:
            values[f] = values.get(f) or 0
        for f in [f"budget_{s}" for s, _l in SOURCES]:
            values[f] = values.get(f) or Decimal("0.00")
        values["site"] = values.get("site") or ""
        values["note"] = values.get("note") or ""
        return values

    def write_chunk(self, rows):
        from .services import project_save

        for row in rows:
            if row.action == "unchanged":
                self._plan(row.instance)
            else:
                project_save(
                    project=row.instance,
                    user=self.user,
                    planned=self.planned.get(row.instance.code),
                    audit=False,
                )

    def _plan(self, project: Project) -> None:
        """An unchanged project row may still move its planned dates."""
        planned = self.planned.get(project.code) or {}
        for m in ProjectMilestone.objects.filter(project=project):
            if m.stage in planned and m.planned != planned[m.stage]:
                m.planned = planned[m.stage]
                m.save(update_fields=["planned"])

    @classmethod
    def export_value(cls, obj, field):
        if field == "unit":
            return obj.unit.code
        if field.startswith("planned_"):
            stage = field.removeprefix("planned_")
            return next((m.planned for m in obj.milestones.all() if m.stage == stage), None)
        return super().export_value(obj, field)


def _choice(choices):
    """A cell holding a choice's value or its label."""

    def parse(text: str) -> str:
        text = text.strip()
        for value, label in choices:
            if text in (value, str(label)):
                return value
        raise CellError(
            _("not one of: %(options)s") % {"options": "、".join(str(lb) for _v, lb in choices)}
        )

    return parse


@register_importer("projects.asset")
class AssetImporter(Importer):
    """A school's asset ledger, keyed by asset number: re-importing changes nothing."""

    model = Asset
    key = ("code",)
    title = gettext_lazy("Asset ledger")
    columns = [
        Column("school", gettext_lazy("school code"), example="2136000001"),
        Column("code", gettext_lazy("asset number"), example="ZC2023-0001"),
        Column("name", gettext_lazy("asset name"), example="学生实验桌"),
        Column(
            "category",
            gettext_lazy("category (GB/T 14885)"),
            parse=_choice(AssetCategory.choices),
            example="专用设备",
        ),
        Column("class_code", gettext_lazy("classification code"), required=False),
        Column(
            "kind",
            gettext_lazy("equipment class"),
            parse=_choice(EquipmentKind.choices),
            required=False,
            example="instrument",
        ),
        Column("quantity", gettext_lazy("quantity"), parse=_count, required=False, example="1"),
        Column("value", gettext_lazy("value (元)"), parse=_amount, example="12800.00"),
        Column("acquired", gettext_lazy("acquired on"), parse=_date, example="2023-03-01"),
        Column(
            "state",
            gettext_lazy("state"),
            parse=_choice(AssetState.choices),
            required=False,
            example="in_use",
        ),
        Column("location", gettext_lazy("location"), required=False),
        Column("custodian", gettext_lazy("custodian"), required=False),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("school") or "").strip() for v in values}
        self._schools.update(
            {
                u.code: u
                for u in Unit.objects.visible_to(self.user, "view").filter(
                    code__in=codes, kind="school"
                )
            }
        )

    def resolve(self, values, row):
        school = self._schools.get(str(values["school"]).strip())
        if school is None:
            raise ColumnError("school", _("no school with this code in your scope"))
        values.update(
            school=school,
            kind=values.get("kind") or "other",
            quantity=values.get("quantity") or 1,
            state=values.get("state") or "in_use",
            class_code=values.get("class_code") or "",
            location=values.get("location") or "",
            custodian=values.get("custodian") or "",
        )
        if values["quantity"] < 1:
            raise ColumnError("quantity", _("expected a whole number from 1"))
        return values

    def save(self, instance, created):
        from .services import record_save

        record_save(obj=instance, user=self.user, audit=False)

    @classmethod
    def export_value(cls, obj, field):
        if field == "school":
            return obj.school.code
        return super().export_value(obj, field)
