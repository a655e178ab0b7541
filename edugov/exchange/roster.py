"""The national 学籍 lists (new pupils, the register) as the students import.

The list is read in the sandbox, its columns found by header name through
``layouts/roster.toml``, and each row handed to the students app's own importer with the
values it takes (性别 1/2 → 男/女, 出生日期 20110101 → 2011-01-01, 年级 codes → 1–12, a new
pupil's G 学籍号 made from a 居民身份证 number). Every rule of that importer holds: the
学籍号 checks (G with the ID checksum, J/L by prefix and length), the ID blind index and its
duplicates, encryption, masking, messages that never repeat a value, scope, all or
nothing. A mapped cell keeps its column, so messages name the list's own cells.

Before anything is written, ``roster_differences`` runs phase 1 alone and says who is new,
who changed, and who is on the roll of the list's schools but not in the list (left).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import import_refused
from edugov.core.io.readers import FileRefused, Sheet, open_sheet
from edugov.core.io.registry import register_importer
from edugov.engines.codes import mask_value
from edugov.students.importers import StudentImporter
from edugov.students.models import Student

from .layouts import LAYOUT_DIR

#: Only the columns the students importer reads; the list's other columns are dropped.
KEPT = (
    "student_number",
    "name",
    "id_number",
    "birth_date",
    "sex",
    "school_code",
    "grade",
    "class_name",
    "guardian_name",
    "guardian_phone",
    "home_address",
)


@cache
def roster_layout() -> dict[str, Any]:
    with (LAYOUT_DIR / "roster.toml").open("rb") as fh:
        return tomllib.load(fh)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Translator:
    """One list row → the students template's row, cell positions kept."""

    def __init__(self, header: list[str]):
        layout = roster_layout()
        names = [h.replace(" ", "") for h in header]
        self.at: dict[str, int] = {}
        for key, aliases in layout["columns"].items():
            found = next((i for i, h in enumerate(names) if h in aliases), None)
            if found is not None:
                self.at[key] = found
        self.width = len(header)
        # A list without a 学籍号 column (new pupils): the G number goes after the last.
        self.number_at = self.at.get("student_number", self.width)
        values = layout["values"]
        self.resident = set(values["resident_id"])
        self.sexes = values["sex"]
        self.grades = values["grade"]

    def header(self) -> list[str]:
        out = [""] * (self.width + 1)
        for key in KEPT:
            if key in self.at:
                out[self.at[key]] = key
        out[self.number_at] = "student_number"
        return out

    def row(self, raw: list[Any]) -> list[Any]:
        cell = {k: _text(raw[i]) if i < len(raw) else "" for k, i in self.at.items()}
        out: list[Any] = [""] * (self.width + 1)
        for key in KEPT:
            if key in self.at:
                out[self.at[key]] = cell[key]
        resident = cell.get("id_type", "1") in self.resident or not cell.get("id_type")
        if "id_number" in self.at and not resident:
            out[self.at["id_number"]] = ""  # a passport number is not an ID number
        if not cell.get("student_number") and resident and cell.get("id_number"):
            out[self.number_at] = "G" + cell["id_number"]  # the national rule for new pupils
        if "sex" in self.at:
            out[self.at["sex"]] = self.sexes.get(cell["sex"], cell["sex"])
        if "birth_date" in self.at:
            out[self.at["birth_date"]] = _date(cell["birth_date"])
        if "grade" in self.at:
            grade = cell["grade"].removesuffix(".0")
            out[self.at["grade"]] = str(self.grades.get(grade, grade))
        return out


def _date(text: str) -> str:
    """ "20110101" → "2011-01-01" (the list's form); other forms pass to the importer."""
    digits = text.removesuffix(".0")
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return text


@dataclass
class Differences:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    left_count: int = 0
    left: list[dict[str, Any]] = field(default_factory=list)  # the first 500, masked
    errors: list[str] = field(default_factory=list)


@register_importer("exchange.roster")
class RosterImporter(StudentImporter):
    """A national 学籍 list → the roll (``students.Student``)."""

    title = gettext_lazy("学籍 list from the national system")

    def __init__(self, user):
        super().__init__(user)
        self.tally = {"create": 0, "update": 0, "unchanged": 0}
        self.keys: set[str] = set()
        self.schools: dict[int, Any] = {}

    def open(self, fh, name: str, size: int) -> Sheet:
        sheet = open_sheet(fh, name, size)
        translate = _Translator(sheet.header)
        if "name" not in translate.at:
            problem = _("This is not a 学籍 list: no 姓名 column.")
            return Sheet(header=[], rows=(r for r in ()), total_rows=0, problems=[problem])
        rows = (translate.row(raw) for raw in sheet.rows)
        return Sheet(header=translate.header(), rows=rows, total_rows=sheet.total_rows)

    def check_chunk(self, rows):
        # The differences are phase 1's own findings: each row's action and its school.
        for r in rows:
            self.tally[r.action] += 1
            self.keys.add(r.instance.student_number_index)
            self.schools[r.instance.school_id] = r.instance.school
        return super().check_chunk(rows)


def roster_differences(*, user: Any, fh, name: str, size: int) -> Differences:
    """Phase 1 of the list alone (nothing is written): new, changed and unchanged
    students, and the enrolled students of the list's schools that it does not name."""
    importer = RosterImporter(user)
    try:
        sheet = importer.open(fh, name, size)
        report = importer.validate(sheet)
    except FileRefused as exc:
        import_refused(object_type="students.student", name=name, size=size, exc=exc)
        return Differences(errors=[str(exc)])
    finally:
        importer.close()
    out = Differences(
        importer.tally["create"],
        importer.tally["update"],
        importer.tally["unchanged"],
        errors=report.errors,
    )
    if report.errors:
        return out
    left = (
        Student.objects.visible_to(user, "view")
        .on_roll()
        .filter(school__in=list(importer.schools))
        .exclude(student_number_index__in=importer.keys)
        .select_related("school")
        .order_by("school__code", "grade", "class_name")
    )
    out.left_count = left.count()
    out.left = [
        {
            "name": mask_value("name", s.name),
            "school": s.school.name,
            "grade": s.grade,
            "class_name": s.class_name,
        }
        for s in left[:500]
    ]
    return out
