"""Import of programmes (and of the schools' party organizations) through the one
importer (``core.io.importer``): a file with one bad row writes nothing and names the
row and column.

A programme row is keyed by its code: the owner unit by its code, the work-plan task by
its title (among the tasks the importer can see; the newest plan's when two plans share
a title), the participating schools as codes separated by 、 or commas, and one column
per extra field name of the kinds (``kinds.py``): a value in a column the row's kind does
not have is refused, like a value its field does not accept.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit, UnitKind
from edugov.workplan.models import Task

from .kinds import KIND_FIELDS, ProgrammeKind, clean_extra, extra_fields
from .models import PartyForm, PartyOrganization, Programme

SEPARATORS = re.compile(r"[、,，;；\s]+")
PREFIX = "x_"

# One column per distinct extra field name, labelled by its first declaration (the
# kinds sharing a name — form, level, field — share its label too).
EXTRA_COLUMNS: dict[str, object] = {}
for _fields in KIND_FIELDS.values():
    for _f in _fields:
        EXTRA_COLUMNS.setdefault(_f.name, _f.label)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10].replace("/", "-"))
    except ValueError:
        raise CellError(_("expected a date like 2023-06-30"))


def _count(text: str) -> int:
    text = text.strip()
    if not text.isdigit():
        raise CellError(_("expected a whole number"))
    return int(text)


def _choice(choices):
    def parse(text: str) -> str:
        text = text.strip()
        for value, label in choices:
            if text in (value, str(label)):
                return value
        raise CellError(
            _("not one of: %(options)s") % {"options": "、".join(str(lb) for _v, lb in choices)}
        )

    return parse


def _codes(text: str) -> list[str]:
    return [c for c in SEPARATORS.split(text.strip()) if c]


@register_importer("programmes.programme")
class ProgrammeImporter(Importer):
    """Keyed by programme code: re-importing the same sheet changes nothing."""

    model = Programme
    key = ("code",)
    title = gettext_lazy("Programmes")
    columns = [
        Column("code", gettext_lazy("registry number"), example="DY2023-001"),
        Column(
            "kind",
            gettext_lazy("kind"),
            parse=_choice(ProgrammeKind.choices),
            example="labour",
        ),
        Column("title", gettext_lazy("title"), example="南昌县劳动教育实践基地"),
        Column("unit", gettext_lazy("owner unit code"), example="360102"),
        Column(
            "task", gettext_lazy("work-plan task"), required=False, example="建设劳动教育实践基地"
        ),
        Column("start_date", gettext_lazy("start date"), parse=_date, example="2023-03-01"),
        Column("end_date", gettext_lazy("end date"), parse=_date, required=False),
        Column(
            "schools",
            gettext_lazy("participating school codes"),
            parse=_codes,
            required=False,
            example="2136000001、2136000003",
        ),
        Column(
            "school_count",
            gettext_lazy("participating schools (count)"),
            parse=_count,
            required=False,
        ),
        Column(
            "student_count", gettext_lazy("participating students"), parse=_count, required=False
        ),
        Column("results", gettext_lazy("results"), required=False),
        Column("awards", gettext_lazy("awards"), required=False),
        *[
            Column(PREFIX + name, label, required=False)  # type: ignore[arg-type]
            for name, label in EXTRA_COLUMNS.items()
        ],
    ]

    def __init__(self, user):
        super().__init__(user)
        self._units: dict[str, Unit] = {}
        self._tasks: dict[str, Task] = {}
        self.schools: dict[str, list[Unit]] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("unit") or "").strip() for v in values}
        for v in values:
            codes.update(v.get("schools") or [])
        self._units.update(
            {u.code: u for u in Unit.objects.visible_to(self.user, "view").filter(code__in=codes)}
        )
        titles = {str(v.get("task") or "").strip() for v in values} - {""}
        # Oldest plan first, so the newest plan's task of a title wins.
        for task in (
            Task.objects.visible_to(self.user, "view")
            .filter(title__in=titles)
            .order_by("point__area__plan__year", "pk")
        ):
            self._tasks[task.title] = task

    def resolve(self, values, row):
        unit = self._units.get(str(values["unit"]).strip())
        if unit is None:
            raise ColumnError("unit", _("no unit with this code in your scope"))
        values["unit"] = unit
        title = str(values.get("task") or "").strip()
        values["task"] = None
        if title:
            values["task"] = self._tasks.get(title)
            if values["task"] is None:
                raise ColumnError("task", _("no work-plan task with this title in your scope"))
        schools = []
        for code in values.pop("schools", None) or []:
            school = self._units.get(code)
            if school is None or school.kind != UnitKind.SCHOOL:
                raise ColumnError(
                    "schools", _("no school with the code %(code)s in your scope") % {"code": code}
                )
            schools.append(school)
        self.schools[values["code"]] = schools
        kind = values["kind"]
        declared = {f.name: f for f in extra_fields(kind)}
        extra = {}
        for name in EXTRA_COLUMNS:
            text = str(values.pop(PREFIX + name, None) or "").strip()
            if not text:
                continue
            f = declared.get(name)
            if f is None:
                raise ColumnError(PREFIX + name, _("not a field of this kind"))
            try:
                extra[name] = f.parse(text)
            except ValueError as exc:
                raise ColumnError(PREFIX + name, str(exc))
        for f in declared.values():
            if f.required and f.name not in extra:
                raise ColumnError(PREFIX + f.name, _("required for this kind"))
        try:
            values["extra"] = clean_extra(kind, extra)
        except ValidationError as exc:
            raise CellError("；".join(exc.message_dict["extra"]))
        values["school_count"] = values.get("school_count") or len(schools)
        values["student_count"] = values.get("student_count") or 0
        values["results"] = values.get("results") or ""
        values["awards"] = values.get("awards") or ""
        return values

    def write_chunk(self, rows):
        from .services import programme_save

        for row in rows:
            schools = self.schools.get(row.instance.code, [])
            if row.action == "unchanged":
                # The schools are not a column of the row: set them if they moved.
                if {s.pk for s in schools} != set(
                    row.instance.schools.values_list("pk", flat=True)
                ):
                    row.instance.schools.set(schools)
                continue
            programme_save(programme=row.instance, user=self.user, schools=schools, audit=False)

    @classmethod
    def export_value(cls, obj, field):
        if field == "unit":
            return obj.unit.code
        if field == "task":
            return obj.task.title if obj.task_id else ""
        if field == "schools":
            return "、".join(s.code for s in obj.schools.all())
        if field.startswith(PREFIX):
            return obj.extra.get(field.removeprefix(PREFIX), "")
        return super().export_value(obj, field)


@register_importer("programmes.party")
class PartyOrganizationImporter(Importer):
    """The schools' party organizations, keyed by school."""

    model = PartyOrganization
    key = ("school",)
    title = gettext_lazy("Party organizations")
    columns = [
        Column("school", gettext_lazy("school code"), example="2136000001"),
        Column(
            "form",
            gettext_lazy("organization form"),
            parse=_choice(PartyForm.choices),
            example="branch",
        ),
        Column(
            "established_on",
            gettext_lazy("established on"),
            parse=_date,
            required=False,
            example="2008-07-01",
        ),
        Column("members", gettext_lazy("party members"), parse=_count, required=False),
        Column("brand", gettext_lazy("one school, one brand (一校一品)"), required=False),
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
                    code__in=codes, kind=UnitKind.SCHOOL
                )
            }
        )

    def resolve(self, values, row):
        school = self._schools.get(str(values["school"]).strip())
        if school is None:
            raise ColumnError("school", _("no school with this code in your scope"))
        values.update(
            school=school,
            members=values.get("members") or 0,
            brand=values.get("brand") or "",
        )
        return values

    def save(self, instance, created):
        from .services import party_organization_save

        party_organization_save(organization=instance, user=self.user, audit=False)

    @classmethod
    def export_value(cls, obj, field):
        if field == "school":
            return obj.school.code
        return super().export_value(obj, field)
