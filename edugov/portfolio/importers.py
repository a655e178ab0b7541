"""Import of a class's portfolio grades (xlsx/csv) through the one importer, one row per
student, term and dimension.

Columns: 学籍号, 学年 (the year it starts), 学期 (1 / 2), 维度 (思想品德, 学业水平, 身心健康,
艺术素养, 社会实践), 等级 (A–D), 写实记录. A row names a student of the user's schools; a
record already on 公示 or signed off is refused, with its row named. One bad row and nothing
is written (core/io validates the whole file first).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.crypto import blind_index
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.students.models import Student

from .models import GRADES, Dimension, PortfolioRecord, Status
from .services import portfolio_record_save

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


@register_importer("portfolio.record")
class RecordImporter(Importer):
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
