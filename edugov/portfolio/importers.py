"""Import of a class's portfolio grades (xlsx/csv) through the one importer, one row per
student, term and dimension.

Columns: 学籍号, 学年 (the year it starts), 学期 (1 / 2), 维度 (思想品德, 学业水平, 身心健康,
艺术素养, 社会实践), 等级 (A–D), 写实记录. A row names a student of the user's schools; a
record already on 公示 or signed off is refused, with its row named. One bad row and nothing
is written (core/io validates the whole file first).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.crypto import blind_index
from edugov.core.io.cells import parse_amount, parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.students.models import Student

from . import selectors
from .models import GRADES, ActivityKind, Dimension, PortfolioActivity, PortfolioRecord, Status
from .services import portfolio_activity_save, portfolio_record_save

# The dimension's Chinese name (as the 综评 sheets write it) or its code.
DIMENSION_WORDS = {
    **{d.value: d.value for d in Dimension},
    "思想品德": Dimension.MORAL,
    "学业水平": Dimension.ACADEMIC,
    "身心健康": Dimension.HEALTH,
    "艺术素养": Dimension.ARTS,
    "社会实践": Dimension.PRACTICE,
}


def parse_dimension(text: str) -> str:
    value = DIMENSION_WORDS.get(text.strip())
    if value is None:
        raise CellError(_("not one of 思想品德, 学业水平, 身心健康, 艺术素养, 社会实践"))
    return str(value)


def parse_grade(text: str) -> str:
    value = text.strip().upper()
    if value not in GRADES:
        raise CellError(_("a grade is A, B, C or D"))
    return value


def parse_term(text: str) -> int:
    if text.strip() not in ("1", "2"):
        raise CellError(_("a term is 1 or 2"))
    return int(text.strip())


class StudentNumberLookup:
    """The 学籍号 column of a portfolio import: the student through the blind index, among
    those the user may see; ``resolve`` adds the roll's school, grade and class."""

    def __init__(self, user):
        super().__init__(user)
        self._students: dict[str, Student] = {}

    def resolve_chunk(self, values):
        # Students are found through the blind index, among those the user may see.
        wanted = {blind_index(str(v["student_number"]).strip(), "student_number") for v in values}
        wanted -= self._students.keys()
        if wanted:
            for s in Student.objects.visible_to(self.user, "view").filter(
                student_number_index__in=wanted
            ):
                self._students[s.student_number_index] = s

    def resolve(self, values, row):
        index = blind_index(str(values.pop("student_number")).strip(), "student_number")
        student = self._students.get(index)
        if student is None:
            raise ColumnError("student_number", _("no student with this number in your schools"))
        return {
            **values,
            "student": student,
            "school": student.school,
            "grade_level": student.grade,
            "class_name": student.class_name,
        }


@register_importer("portfolio.record")
class RecordImporter(StudentNumberLookup, Importer):
    model = PortfolioRecord
    key = ("student", "school_year", "term", "dimension")
    title = gettext_lazy("Portfolio grades")
    columns = [
        Column(
            "student_number", gettext_lazy("student number (学籍号)"), example="G360102200805040011"
        ),
        Column("school_year", gettext_lazy("school year"), parse=int, example="2025"),
        Column("term", gettext_lazy("term (1 or 2)"), parse=parse_term, example="1"),
        Column("dimension", gettext_lazy("dimension"), parse=parse_dimension, example="社会实践"),
        Column("grade", gettext_lazy("grade (A–D)"), parse=parse_grade, example="A"),
        Column("evidence", gettext_lazy("evidence"), example="参加社区志愿服务 24 小时"),
    ]

    def check_chunk(self, rows):
        # A record on 公示 or signed off is no longer the class teacher's to change (the
        # stored row's status: the file has no status column).
        return {
            r.number: ("grade", _("this record is on public notice or signed off already"))
            for r in rows
            if r.action == "update" and r.instance.status != Status.DRAFT
        }

    def save(self, instance, created):
        portfolio_record_save(user=self.user, record=instance, audit=False)


KIND_WORDS = {
    **{k.value: k.value for k in ActivityKind},
    "社会实践": ActivityKind.PRACTICE,
    "阅读": ActivityKind.READING,
    "智慧阅读": ActivityKind.READING,
}


def parse_kind(text: str) -> str:
    value = KIND_WORDS.get(text.strip())
    if value is None:
        raise CellError(_("not one of 社会实践, 阅读"))
    return str(value)


def parse_hours(text: str) -> Decimal:
    # One decimal place, as the field stores it: "2", "2.0" and "1.5" are read, "1.25" not.
    value = parse_amount(text)
    if value != value.quantize(Decimal("0.1")):
        raise CellError(_("hours to one decimal place, like 1.5"))
    return value.quantize(Decimal("0.1"))


@register_importer("portfolio.activity")
class ActivityImporter(StudentNumberLookup, Importer):
    """Practice hours and books read, one row each; a row with the same student, kind,
    date and activity (or book) corrects the stored one."""

    model = PortfolioActivity
    key = ("student", "kind", "on", "title")
    title = gettext_lazy("Practice hours and reading")
    columns = [
        Column(
            "student_number", gettext_lazy("student number (学籍号)"), example="G360102200805040011"
        ),
        Column("school_year", gettext_lazy("school year"), parse=int, example="2025"),
        Column("term", gettext_lazy("term (1 or 2)"), parse=parse_term, example="1"),
        Column(
            "kind", gettext_lazy("kind (社会实践 or 阅读)"), parse=parse_kind, example="社会实践"
        ),
        Column("on", gettext_lazy("date"), parse=parse_date, example="2025-10-18"),
        Column("hours", gettext_lazy("hours"), parse=parse_hours, example="4"),
        Column(
            "programme",
            gettext_lazy("practice base (registry number)"),
            required=False,
            help=gettext_lazy("Empty: the school's own activity"),
        ),
        Column("title", gettext_lazy("activity or book"), example="劳动教育基地农耕体验"),
        Column("author", gettext_lazy("author"), required=False),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._bases = None

    def resolve(self, values, row):
        code = str(values.pop("programme", "") or "").strip()
        values = super().resolve(values, row)
        values["author"] = str(values.get("author") or "").strip()
        if not code:
            return {**values, "programme": None}
        if self._bases is None:
            self._bases = {p.code: p for p in selectors.practice_bases(self.user)}
        base = self._bases.get(code)
        if base is None:
            raise ColumnError("programme", _("no practice base with this number for your schools"))
        return {**values, "programme": base}

    def save(self, instance, created):
        portfolio_activity_save(user=self.user, activity=instance, audit=False)
