"""Importing the 学籍 roll from a school's or district's spreadsheet.

Keyed by the 学籍号's blind index (the 学籍号 itself is encrypted). Duplicate ID numbers
are caught through the ID blind index, within the file and against the whole registry.
Error messages never repeat the cell's value.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.core.io.unique import UniqueIndex
from edugov.org.models import Unit, UnitKind

from .models import (
    DUPLICATE_MESSAGES,
    ClassAssignment,
    EnrolmentStatus,
    Sex,
    Student,
    TeachingRole,
    derived_fields,
)


def _choice(choices, extra=None):
    from django.utils import translation

    lookup = {k.lower(): v for k, v in (extra or {}).items()}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                lookup[str(label).lower()] = value

    def parse(text: str):
        key = text.strip().lower()
        if key not in lookup:
            raise CellError(_("unknown value"))
        return lookup[key]

    return parse


def _date(text: str) -> dt.date:
    text = text.strip()[:10]
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise CellError(_("expected a date like 2015-09-01"))


def _grade(text: str) -> int:
    try:
        value = int(float(text))
    except ValueError:
        raise CellError(_("expected a whole number from 1 to 12"))
    if not 1 <= value <= 12:
        raise CellError(_("expected a whole number from 1 to 12"))
    return value


def _plain(text: str) -> str:
    # Spreadsheets turn long numbers into floats ("3.601e17"): take the text as typed.
    return text.strip()


@register_importer("students.student")
class StudentImporter(Importer):
    """One row per student, keyed by 学籍号."""

    model = Student
    key = ("student_number_index",)
    title = gettext_lazy("Students")
    columns = [
        Column(
            "student_number",
            gettext_lazy("student number (学籍号)"),
            parse=_plain,
            example="J360102201509010012",
            help=gettext_lazy(
                "19 characters: G + ID number, J + generated number, or L + temporary number"
            ),
        ),
        Column("name", gettext_lazy("name"), example="张小明"),
        Column("id_number", gettext_lazy("ID number"), required=False, parse=_plain, example=""),
        Column(
            "birth_date",
            gettext_lazy("birth date"),
            required=False,
            parse=_date,
            example="2015-09-01",
            help=gettext_lazy("Taken from the ID number if any"),
        ),
        Column(
            "sex",
            gettext_lazy("sex"),
            required=False,
            parse=_choice(Sex.choices, {"男": Sex.MALE, "女": Sex.FEMALE}),
            example="男",
        ),
        Column("school_code", gettext_lazy("School identification code"), example="2136000001"),
        Column("grade", gettext_lazy("grade"), parse=_grade, example="3"),
        Column("class_name", gettext_lazy("class"), required=False, example="3班"),
        Column("guardian_name", gettext_lazy("guardian name"), required=False, example="张大明"),
        Column(
            "guardian_phone", gettext_lazy("guardian phone"), required=False, example="13800000000"
        ),
        Column("home_address", gettext_lazy("home address"), required=False, example=""),
        Column(
            "status",
            gettext_lazy("enrolment status"),
            required=False,
            parse=_choice(EnrolmentStatus.choices, {"在读": EnrolmentStatus.ENROLLED}),
            example="在读",
        ),
    ]

    bulk_write = True  # student_create/update add nothing phase 1 has not checked

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit | None] = {}
        self._ids = UniqueIndex(Student, taken_message=DUPLICATE_MESSAGES["id_number"])
        self._today = clock.today()

    def resolve_chunk(self, values):
        # The day the ID numbers and birth dates are checked against: once a chunk (the
        # clock cost 5% of an import once a row, twice).
        self._today = clock.today()
        wanted = {str(v["school_code"]) for v in values} - self._schools.keys()
        if wanted:
            found = {u.code: u for u in Unit.objects.filter(kind=UnitKind.SCHOOL, code__any=wanted)}
            self._schools.update({code: found.get(code) for code in wanted})

    def resolve(self, values, row):
        school = self._schools.get(str(values.pop("school_code")))
        if school is None:
            raise ColumnError("school_code", _("no school has this code"))
        derived, errors = derived_fields(
            student_number=values["student_number"],
            id_number=values.get("id_number") or "",
            birth_date=values.get("birth_date"),
            sex=values.get("sex") or "",
            today=self._today,
        )
        if errors:
            field, message = next(iter(errors.items()))
            raise ColumnError(field, message)
        values.update(derived)
        values["school"] = school
        values["status"] = values.get("status") or EnrolmentStatus.ENROLLED
        for optional in ("class_name", "guardian_name", "guardian_phone", "home_address"):
            values[optional] = values.get(optional) or ""
        return values

    def check_chunk(self, rows):
        """An ID number twice in the file, or already on another student's roll,
        anywhere in the city (the duplicate check of ``Student.clean``)."""
        return self._ids.errors(rows)

    def close(self):
        self._ids.close()

    def clean(self, instance, exclude):
        # Student.clean's checks without its two duplicate queries (``check_chunk``),
        # nor a second derivation: ``resolve`` put the derived fields in the row.
        self.clean_fields(instance, exclude)
        errors = instance.own_errors(derive=False, today=self._today)
        if errors:
            raise ValidationError(errors)


TEACHING_ROLE_WORDS = {"班主任": "head", "任课": "subject", "任课教师": "subject"}


@register_importer("students.classassignment")
class ClassAssignmentImporter(Importer):
    """Who teaches which class, one row per teacher and class: 教师账号 (her login name),
    年级, 班级, 任教角色 (班主任 / 任课). The school is the account's own; an account
    outside the user's schools, or a second 班主任 for a class, is refused with its row."""

    model = ClassAssignment
    key = ("user", "school", "grade", "class_name")
    title = gettext_lazy("Class assignments")
    columns = [
        Column("username", gettext_lazy("teacher's account (login name)"), example="t_zhang"),
        Column("grade", gettext_lazy("grade"), parse=_grade, example="9"),
        Column("class_name", gettext_lazy("class"), example="2班"),
        Column(
            "role",
            gettext_lazy("teaching role (班主任 / 任课)"),
            parse=_choice(TeachingRole.choices, TEACHING_ROLE_WORDS),
            example="班主任",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._users: dict[str, object] = {}

    def resolve_chunk(self, values):
        from django.db.models.functions import Lower

        from .classes import assignable_users

        wanted = {str(v["username"]).strip().lower() for v in values} - self._users.keys()
        if wanted:
            found = assignable_users(self.user).annotate(login=Lower("username"))
            for u in found.filter(login__in=wanted).select_related("unit"):
                self._users[u.login] = u

    def resolve(self, values, row):
        account = self._users.get(str(values.pop("username")).strip().lower())
        if account is None:
            raise ColumnError("username", _("no teacher's account with this name in your schools"))
        return {**values, "user": account, "school": account.unit}

    def check_chunk(self, rows):
        heads = [r for r in rows if r.instance.role == TeachingRole.HEAD]
        if not heads:
            return {}
        classes = {(r.instance.school_id, r.instance.grade, r.instance.class_name) for r in heads}
        stored = {
            (a.school_id, a.grade, a.class_name): a.user_id
            for a in ClassAssignment._base_manager.filter(
                role=TeachingRole.HEAD,
                school_id__in={c[0] for c in classes},
                class_name__in={c[2] for c in classes},
            )
        }
        errors, seen = {}, {}
        for r in heads:
            cls = (r.instance.school_id, r.instance.grade, r.instance.class_name)
            holder = seen.setdefault(cls, stored.get(cls, r.instance.user_id))
            if holder != r.instance.user_id:
                errors[r.number] = ("role", _("this class has another class teacher (班主任)"))
        return errors

    def save(self, instance, created):
        from .classes import class_assignment_save

        class_assignment_save(user=self.user, assignment=instance, audit=False)
