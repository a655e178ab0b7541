"""Imports of the 双减 module, through ``core.io.importer`` (two phases; a bad row writes
nothing and is named by row and column; a re-sent file changes nothing):

- ``training.institution``: the national platform's registry export, keyed by the
  platform's institution code — re-importing it keeps the registry in sync;
- ``training.statement``: the supervising bank's statement (csv/xlsx), keyed by the
  bank's serial number. Amounts are read as decimal text, never through a float;
- ``training.course`` and ``training.session``: the platform's courses and timetable
  (keyed by institution and course code; by course, day and start).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.cells import parse_bool, parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit, UnitKind

from .models import (
    Category,
    Course,
    Custody,
    Field,
    Institution,
    LineKind,
    Session,
    StatementLine,
    Status,
)
from .services import institution_save

AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


CATEGORY_NAMES = {"学科类": Category.SUBJECT, "非学科类": Category.NONSUBJECT}
FIELD_NAMES = {
    "学科": Field.SUBJECT,
    "学科类": Field.SUBJECT,
    "体育": Field.SPORTS,
    "文化艺术": Field.ARTS,
    "科技": Field.TECH,
}
STATUS_NAMES = {
    "正常": Status.NORMAL,
    "整改": Status.RECTIFY,
    "停业": Status.SUSPENDED,
    "注销": Status.CANCELLED,
}
CUSTODY_NAMES = {"银行托管": Custody.BANK, "风险保证金": Custody.GUARANTEE}
KIND_NAMES = {
    "收费": LineKind.CHARGE,
    "消课": LineKind.RELEASE,
    "退费申请": LineKind.REFUND_REQUEST,
    "退费": LineKind.REFUND,
    "余额": LineKind.BALANCE,
}


def _name_of(table: dict, code: str) -> str:
    """The first name a table gives ``code`` (the platform's own word for it)."""
    return next((name for name, c in table.items() if c == code), code)


def _choice(table: dict):
    def parse(text: str):
        value = table.get(text.strip()) or (
            text.strip() if text.strip() in table.values() else None
        )
        if value is None:
            raise CellError(_("expected one of %(names)s") % {"names": "、".join(table)})
        return value

    return parse


def _amount(text: str) -> Decimal:
    text = text.strip().replace(",", "")
    if not AMOUNT.match(text):
        raise CellError(_("expected an amount in 元 with at most two decimals, like 1280.50"))
    return Decimal(text)


def _count(text: str) -> int:
    text = text.strip()
    if not text.isdigit():
        raise CellError(_("expected a whole number"))
    return int(text)


@register_importer("training.institution")
class InstitutionImporter(Importer):
    model = Institution
    key = ("code",)
    title = gettext_lazy("Training institutions (national platform export)")
    columns = [
        Column("code", gettext_lazy("platform code"), example="JG360102000123"),
        Column("name", gettext_lazy("institution name"), example="南昌某某艺术培训中心"),
        Column(
            "licence_no",
            gettext_lazy("licence number"),
            required=False,
            example="教民136010270000123号",
        ),
        Column(
            "category", gettext_lazy("category"), parse=_choice(CATEGORY_NAMES), example="非学科类"
        ),
        Column(
            "field", gettext_lazy("training field"), parse=_choice(FIELD_NAMES), example="文化艺术"
        ),
        Column(
            "online", gettext_lazy("teaches online"), required=False, parse=parse_bool, example="否"
        ),
        Column("address", gettext_lazy("address"), example="东湖区八一大道 1 号"),
        Column("district_name", gettext_lazy("district or county"), example="东湖区"),
        Column(
            "status",
            gettext_lazy("status"),
            required=False,
            parse=_choice(STATUS_NAMES),
            example="正常",
        ),
        Column(
            "custody",
            gettext_lazy("prepaid-fee account"),
            required=False,
            parse=_choice(CUSTODY_NAMES),
            example="银行托管",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._districts = {
            u.name: u for u in Unit.objects.filter(kind__in=(UnitKind.DISTRICT, UnitKind.ZONE))
        }

    def resolve(self, values, row):
        district = self._districts.get(str(values.pop("district_name")).strip())
        if district is None:
            raise ColumnError("district_name", _("no district or county has this name"))
        values["district"] = district
        values["licence_no"] = values.get("licence_no") or ""
        values["online"] = bool(values.get("online"))
        values["status"] = values.get("status") or Status.NORMAL
        values["custody"] = values.get("custody") or Custody.BANK
        if values["category"] == Category.SUBJECT and values["field"] != Field.SUBJECT:
            raise ColumnError("field", _("a 学科类 institution trains in academic subjects"))
        return values

    @classmethod
    def export_value(cls, obj, field):
        # The names the national platform's file uses, so an export goes back in as is.
        if field == "district_name":
            return obj.district.name
        if field == "online":
            return "是" if obj.online else "否"
        names = {
            "category": CATEGORY_NAMES,
            "field": FIELD_NAMES,
            "status": STATUS_NAMES,
            "custody": CUSTODY_NAMES,
        }.get(field)
        if names is not None:
            return _name_of(names, getattr(obj, field))
        return super().export_value(obj, field)

    def save(self, instance, created):
        institution_save(user=self.user, institution=instance, audit=False)


@register_importer("training.statement")
class StatementImporter(Importer):
    model = StatementLine
    key = ("serial",)
    title = gettext_lazy("Bank statements of prepaid fees")
    bulk_write = True  # the save is the audited save alone; every check runs in phase 1
    columns = [
        Column("serial", gettext_lazy("bank serial number"), example="B2023090100001"),
        Column("institution_code", gettext_lazy("platform code"), example="JG360102000123"),
        Column("booked_on", gettext_lazy("booked on"), parse=parse_date, example="2023-09-01"),
        Column("kind", gettext_lazy("kind"), parse=_choice(KIND_NAMES), example="收费"),
        Column("amount", gettext_lazy("amount (元)"), parse=_amount, example="2400.00"),
        Column("lessons", gettext_lazy("lessons"), required=False, parse=_count, example="24"),
        Column(
            "covers_from",
            gettext_lazy("period from"),
            required=False,
            parse=parse_date,
            example="2023-09-01",
        ),
        Column(
            "covers_to",
            gettext_lazy("period to"),
            required=False,
            parse=parse_date,
            example="2023-11-30",
        ),
        Column("ref", gettext_lazy("refund reference"), required=False, example=""),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._institutions: dict[str, Institution | None] = {}

    @classmethod
    def export_value(cls, obj, field):
        if field == "institution_code":
            return obj.institution.code
        if field == "kind":
            return _name_of(KIND_NAMES, obj.kind)
        return super().export_value(obj, field)

    def resolve_chunk(self, values):
        wanted = {str(v["institution_code"]).strip() for v in values} - self._institutions.keys()
        if wanted:
            found = {
                i.code: i
                for i in Institution.objects.filter(code__in=wanted).select_related("district")
            }
            self._institutions.update({c: found.get(c) for c in wanted})

    def resolve(self, values, row):
        institution = self._institutions.get(str(values.pop("institution_code")).strip())
        if institution is None:
            raise ColumnError("institution_code", _("no institution of the registry has this code"))
        values["institution"] = institution
        values["lessons"] = values.get("lessons") or 0
        values["ref"] = values.get("ref") or ""
        values.setdefault("covers_from", None)
        values.setdefault("covers_to", None)
        return values


def _time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip()[:5])
    except ValueError:
        raise CellError(_("expected a time like 18:30"))


@register_importer("training.course")
class CourseImporter(Importer):
    """The platform's course list: one row per course, keyed by institution and course
    code."""

    model = Course
    key = ("institution", "code")
    title = gettext_lazy("Courses (national platform export)")
    columns = [
        Column("institution_code", gettext_lazy("platform code"), example="JG360102000123"),
        Column("code", gettext_lazy("course code"), example="C01"),
        Column("name", gettext_lazy("course"), example="少儿美术（初级）"),
        Column("online", gettext_lazy("online"), required=False, parse=parse_bool, example="否"),
        Column("price", gettext_lazy("price per lesson (元)"), parse=_amount, example="120.00"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._institutions: dict[str, Institution | None] = {}

    def resolve_chunk(self, values):
        _load_institutions(self._institutions, values)

    def resolve(self, values, row):
        institution = self._institutions.get(str(values.pop("institution_code")).strip())
        if institution is None:
            raise ColumnError("institution_code", _("no institution of the registry has this code"))
        values["institution"] = institution
        values["online"] = bool(values.get("online"))
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "institution_code":
            return obj.institution.code
        if field == "online":
            return "是" if obj.online else "否"
        return super().export_value(obj, field)


@register_importer("training.session")
class SessionImporter(Importer):
    """The platform's timetable: one row per lesson (institution, course code, day, start,
    end), keyed by course, day and start. The time rules are checked afterwards, from
    the institution's page."""

    model = Session
    key = ("course", "date", "start")
    title = gettext_lazy("Lessons (national platform export)")
    bulk_write = True  # plain rows: every check runs in phase 1
    columns = [
        Column("institution_code", gettext_lazy("platform code"), example="JG360102000123"),
        Column("course_code", gettext_lazy("course code"), example="C01"),
        Column("date", gettext_lazy("date"), parse=parse_date, example="2023-10-07"),
        Column("start", gettext_lazy("starts"), parse=_time, example="18:30"),
        Column("end", gettext_lazy("ends"), parse=_time, example="19:30"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._courses: dict[tuple[str, str], Course | None] = {}

    def resolve_chunk(self, values):
        wanted = {
            (str(v["institution_code"]).strip(), str(v["course_code"]).strip()) for v in values
        } - self._courses.keys()
        if wanted:
            found = {
                (c.institution.code, c.code): c
                for c in Course.objects.filter(
                    institution__code__in={i for i, _c in wanted}, code__in={c for _i, c in wanted}
                ).select_related("institution__district")
            }
            self._courses.update({k: found.get(k) for k in wanted})

    def resolve(self, values, row):
        key = (str(values.pop("institution_code")).strip(), str(values.pop("course_code")).strip())
        course = self._courses.get(key)
        if course is None:
            raise ColumnError("course_code", _("the institution has no course with this code"))
        if values["end"] <= values["start"]:
            raise ColumnError("end", _("ends before it starts"))
        values["course"] = course
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "institution_code":
            return obj.course.institution.code
        if field == "course_code":
            return obj.course.code
        return super().export_value(obj, field)


def _load_institutions(cache: dict, values) -> None:
    wanted = {str(v["institution_code"]).strip() for v in values} - cache.keys()
    if wanted:
        found = {
            i.code: i
            for i in Institution.objects.filter(code__in=wanted).select_related("district")
        }
        cache.update({c: found.get(c) for c in wanted})
