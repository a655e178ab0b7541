"""Imports through the one importer (core/io: parse and validate the whole file, then
commit once): the national teacher-management export (基本信息, one row per teacher,
keyed by the ID number's blind index), the training platform's 国内培训 records, the
district's approved posts and the schools' sites.

The headers are the national system's (身份证件号, 进本校年月, 是否在编 …): the zh labels
below are those words. Error messages never repeat a personal value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.core.crypto import blind_index
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.core.io.unique import UniqueIndex
from edugov.engines import codes
from edugov.org.models import Unit, UnitKind
from edugov.students.importers import _choice, _date, _plain

from .models import (
    ApprovedPost,
    Backbone,
    Graduate,
    PostType,
    Qualification,
    RecruitmentLine,
    SchoolSite,
    Subject,
    Teacher,
    TeacherStatus,
    Title,
    TrainingKind,
    TrainingRecord,
)
from .models.registry import DUPLICATE_ID_MESSAGE, identity_fields
from .services import (
    graduate_save,
    post_save,
    recruitment_line_save,
    site_save,
    teacher_save,
    training_save,
)

YES = {"是", "yes", "y", "1", "true"}
NO = {"否", "no", "n", "0", "false", ""}


def _short_labels(choices):
    """Also accept the short Chinese word inside a label's brackets (语文 of
    "Chinese (语文)"), as the national system writes it."""
    extra = {}
    for value, label in choices:
        text = str(label)
        if "(" in text and text.endswith(")"):
            extra[text[text.rindex("(") + 1 : -1]] = value
    return _choice(choices, extra)


subject = _short_labels(Subject.choices)


def subjects(text: str) -> list[str]:
    parts = [p for p in text.replace("、", ",").replace("，", ",").split(",") if p.strip()]
    return [subject(p) for p in parts]


def yes_no(text: str) -> bool:
    key = text.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError(_("expected 是 or 否"))


def month_or_date(text: str) -> dt.date:
    """进本校年月: "2015-09", "201509" or a full date."""
    t = text.strip().replace("/", "-").replace(".", "-")
    if len(t) == 6 and t.isdigit():
        t = f"{t[:4]}-{t[4:]}"
    if len(t) == 7:
        t += "-01"
    return _date(t)


def _school_codes(values, cache):
    wanted = {str(v.get("school_code", "")) for v in values} - cache.keys()
    if wanted:
        found = {u.code: u for u in Unit.objects.filter(kind=UnitKind.SCHOOL, code__in=wanted)}
        cache.update({code: found.get(code) for code in wanted})


def _school(values, cache):
    school = cache.get(str(values.pop("school_code")))
    if school is None:
        raise ColumnError("school_code", _("no school has this code"))
    return school


SCHOOL_CODE = Column(
    "school_code", gettext_lazy("School identification code"), example="2136000001"
)


@register_importer("teachers.teacher")
class TeacherImporter(Importer):
    """One row per teacher (the national 基本信息 export), keyed by the ID number."""

    model = Teacher
    key = ("id_number_index",)
    title = gettext_lazy("Teachers")
    columns = [
        Column("name", pgettext_lazy("teacher export", "name"), example="王丽"),
        Column("id_number", pgettext_lazy("teacher export", "ID number"), parse=_plain, example=""),
        Column("staff_number", gettext_lazy("staff number (教职工号)"), required=False),
        SCHOOL_CODE,
        Column(
            "post_type",
            gettext_lazy("on establishment (是否在编)"),
            parse=lambda t: PostType.ESTABLISHED if yes_no(t) else PostType.CONTRACT,
            example="是",
        ),
        Column("subject", gettext_lazy("main subject"), parse=subject, example="语文"),
        Column("other_subjects", gettext_lazy("other subjects"), required=False, parse=subjects),
        Column(
            "title",
            gettext_lazy("professional title"),
            parse=_short_labels(Title.choices),
            example="中级",
        ),
        Column(
            "backbone",
            gettext_lazy("backbone level"),
            required=False,
            parse=_short_labels(Backbone.choices),
            example="县级骨干",
        ),
        Column(
            "qualification",
            gettext_lazy("teacher's certificate (教师资格证)"),
            required=False,
            parse=_short_labels(Qualification.choices),
            example="小学",
        ),
        Column(
            "joined_school_on",
            gettext_lazy("joined this school (进本校年月)"),
            parse=month_or_date,
            example="2015-09",
        ),
        Column(
            "free_normal_student",
            gettext_lazy("free normal student (是否属于公费师范生)"),
            required=False,
            parse=yes_no,
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit | None] = {}
        self._ids = UniqueIndex(Teacher, taken_message=DUPLICATE_ID_MESSAGE)

    def resolve_chunk(self, values):
        _school_codes(values, self._schools)

    def resolve(self, values, row):
        values["school"] = _school(values, self._schools)
        identity, err = identity_fields(values.pop("id_number"))
        if err:
            raise ColumnError("id_number", err)
        values.update(identity)
        values["other_subjects"] = values.get("other_subjects") or []
        values["free_normal_student"] = bool(values.get("free_normal_student"))
        for optional in ("staff_number", "backbone", "qualification"):
            values[optional] = values.get(optional) or ""
        values["status"] = TeacherStatus.ACTIVE
        return values

    def check_chunk(self, rows):
        """An ID number twice in the file, or on another record anywhere in the city."""
        return self._ids.errors(rows)

    def close(self):
        self._ids.close()

    def clean(self, instance, exclude):
        # Teacher.clean without its duplicate query (``check_chunk``) nor a second
        # derivation (``resolve`` derived the identity fields).
        self.clean_fields(instance, exclude)
        errors = instance.own_errors()
        if errors:
            raise ValidationError(errors)

    def save(self, instance, created):
        teacher_save(teacher=instance, audit=False)


def _hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise CellError(_("not a number"))
    if not Decimal("0.5") <= value <= Decimal("360") or value.as_tuple().exponent < -1:
        raise CellError(_("expected hours from 0.5 to 360, in halves or tenths"))
    return value


@register_importer("teachers.training")
class TrainingImporter(Importer):
    """The training platform's 国内培训 records, one per training, keyed by its serial."""

    model = TrainingRecord
    key = ("serial",)
    title = gettext_lazy("Training records")
    columns = [
        Column("serial", gettext_lazy("platform serial"), parse=_plain, example="PX2026000123"),
        Column("id_number", pgettext_lazy("teacher export", "ID number"), parse=_plain, example=""),
        Column("year", gettext_lazy("training year"), parse=int, example="2026"),
        Column(
            "kind",
            gettext_lazy("training type"),
            parse=_short_labels(TrainingKind.choices),
            example="国培",
        ),
        Column("project", pgettext_lazy("training", "project"), example="国培计划 骨干教师研修"),
        Column("hours", gettext_lazy("hours (学时)"), parse=_hours, example="24"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._teachers: dict[str, Teacher] = {}

    def resolve_chunk(self, values):
        # Teachers are found through the blind index, among those the user may see.
        wanted = {
            blind_index(codes.normalise_id_number(str(v["id_number"])), "id") for v in values
        } - self._teachers.keys()
        if wanted:
            for t in Teacher.objects.visible_to(self.user, "view").filter(
                id_number_index__in=wanted
            ):
                self._teachers[t.id_number_index] = t

    def resolve(self, values, row):
        index = blind_index(codes.normalise_id_number(str(values.pop("id_number"))), "id")
        teacher = self._teachers.get(index)
        if teacher is None:
            raise ColumnError("id_number", _("no teacher with this ID number in your schools"))
        values["teacher"] = teacher
        return values

    def save(self, instance, created):
        training_save(record=instance, audit=False)


class _BySchool(Importer):
    """A sheet of one row per school and its own columns: the school by its code, the
    chunk's codes resolved in one query."""

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit | None] = {}

    def resolve_chunk(self, values):
        _school_codes(values, self._schools)

    def resolve(self, values, row):
        values["school"] = _school(values, self._schools)
        return values


@register_importer("teachers.post")
class PostImporter(_BySchool):
    """The district's approved posts (核定编制) by school, year and subject."""

    model = ApprovedPost
    key = ("school", "year", "subject")
    title = gettext_lazy("Approved posts")
    columns = [
        SCHOOL_CODE,
        Column("year", gettext_lazy("school year"), parse=int, example="2026"),
        Column("subject", gettext_lazy("subject"), parse=subject, example="数学"),
        Column("posts", gettext_lazy("approved posts"), parse=int, example="6"),
    ]

    def save(self, instance, created):
        post_save(post=instance, audit=False)


@register_importer("teachers.site")
class SiteImporter(_BySchool):
    """Where each school is (WGS-84), for commuting distances."""

    model = SchoolSite
    key = ("school",)
    title = gettext_lazy("School sites")
    columns = [
        SCHOOL_CODE,
        Column("longitude", gettext_lazy("longitude"), parse=float, example="115.92"),
        Column("latitude", gettext_lazy("latitude"), parse=float, example="28.68"),
    ]

    def save(self, instance, created):
        site_save(site=instance, audit=False)


def _district_codes(values, cache):
    wanted = {str(v.get("district_code", "")) for v in values} - cache.keys()
    if wanted:
        found = {
            u.code: u
            for u in Unit.objects.filter(
                kind__in=(UnitKind.DISTRICT, UnitKind.ZONE), code__in=wanted
            )
        }
        cache.update({code: found.get(code) for code in wanted})


def _district(values, cache):
    district = cache.get(str(values.pop("district_code")))
    if district is None:
        raise ColumnError("district_code", _("no district has this code"))
    return district


DISTRICT_CODE = Column("district_code", gettext_lazy("district code"), example="360102")


@register_importer("teachers.recruitment")
class RecruitmentImporter(Importer):
    """The year's recruitment plan: one row per district and subject."""

    model = RecruitmentLine
    key = ("district", "year", "subject")
    title = gettext_lazy("Recruitment plan")
    columns = [
        DISTRICT_CODE,
        Column("year", gettext_lazy("school year"), parse=int, example="2026"),
        Column("subject", gettext_lazy("subject"), parse=subject, example="数学"),
        Column("planned", gettext_lazy("recruits planned"), parse=int, example="12"),
        Column(
            "free_normal",
            gettext_lazy("of them 公费师范生"),
            required=False,
            parse=int,
            example="3",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._districts: dict[str, Unit | None] = {}

    def resolve_chunk(self, values):
        _district_codes(values, self._districts)

    def resolve(self, values, row):
        values["district"] = _district(values, self._districts)
        values["free_normal"] = values.get("free_normal") or 0
        if values["free_normal"] > values["planned"]:
            raise ColumnError("free_normal", _("more than the recruits planned"))
        return values

    def save(self, instance, created):
        recruitment_line_save(line=instance, audit=False)


@register_importer("teachers.graduate")
class GraduateImporter(Importer):
    """公费师范生 graduates returning to a district, keyed by the ID number."""

    model = Graduate
    key = ("id_number_index",)
    title = gettext_lazy("Free normal graduates")
    columns = [
        Column("name", pgettext_lazy("teacher export", "name"), example="李婷"),
        Column("id_number", pgettext_lazy("teacher export", "ID number"), parse=_plain, example=""),
        DISTRICT_CODE,
        Column("year", gettext_lazy("school year"), parse=int, example="2026"),
        Column("subject", gettext_lazy("subject"), parse=subject, example="英语"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._districts: dict[str, Unit | None] = {}
        self._ids = UniqueIndex(Graduate, taken_message=DUPLICATE_ID_MESSAGE)

    def resolve_chunk(self, values):
        _district_codes(values, self._districts)

    def resolve(self, values, row):
        values["district"] = _district(values, self._districts)
        identity, err = identity_fields(values.pop("id_number"))
        if err:
            raise ColumnError("id_number", err)
        values["id_number"] = identity["id_number"]
        values["id_number_index"] = identity["id_number_index"]
        return values

    def check_chunk(self, rows):
        """An ID number twice in the file, or on another record anywhere in the city."""
        return self._ids.errors(rows)

    def close(self):
        self._ids.close()

    def save(self, instance, created):
        graduate_save(graduate=instance, audit=False)
