"""Import of a class's results from the testing devices' export (xlsx/csv), one row per
student, keyed by the student and the school year; every row scored on the way in.

Columns: 学籍号, 学年 (the year it starts), and the items in the engine's units — 身高 cm,
体重 kg, 肺活量 ml, 50米跑 s, 坐位体前屈 cm, 一分钟跳绳, 一分钟仰卧起坐, 50米×8往返跑 s,
立定跳远 cm, 引体向上, 800米跑 / 1000米跑 (seconds or 3'35"), 免测 (是 / 否). An item not
tested is left empty. A value outside the accepted range (docs/engines/fitness.md) is
refused with its row and column named; one bad row and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.crypto import blind_index
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.engines.fitness import BOUNDS, parse_time
from edugov.engines.fitness.csvio import EXEMPT_WORDS
from edugov.engines.fitness.tables import ITEMS
from edugov.students.models import Student

from .models import ITEM_LABELS, FitnessResult
from .services import Entry, fitness_result_save, score_entry

MEASURES = ("height_cm", "weight_kg", *ITEMS)
MEASURE_LABELS = {
    "height_cm": gettext_lazy("height (cm)"),
    "weight_kg": gettext_lazy("weight (kg)"),
    **{k: v for k, v in ITEM_LABELS.items() if k != "bmi"},
}


def measure(item: str) -> Callable[[str], float]:
    lo, hi = BOUNDS[item]
    timed = ITEMS.get(item, False)

    def parse(text: str) -> float:
        try:
            value = parse_time(text) if timed else float(text)
        except ValueError:
            raise CellError(_("not a number"))
        if not lo <= value <= hi:
            raise CellError(_("outside the accepted range %(lo)s–%(hi)s") % {"lo": lo, "hi": hi})
        return value

    return parse


def parse_exempt(text: str) -> bool:
    return text.strip().lower() in EXEMPT_WORDS


@register_importer("fitness.result")
class ResultImporter(Importer):
    model = FitnessResult
    key = ("student", "school_year")
    title = gettext_lazy("Fitness test results")
    columns = [
        Column(
            "student_number", gettext_lazy("student number (学籍号)"), example="G360102200805040011"
        ),
        Column("school_year", gettext_lazy("school year"), parse=int, example="2023"),
        *(
            Column(m, MEASURE_LABELS[m], required=False, parse=measure(m), example="")
            for m in MEASURES
        ),
        Column("exempt", gettext_lazy("exempt (免测)"), required=False, parse=parse_exempt),
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
        entry = Entry(
            student=student,
            values={m: values.pop(m, None) for m in MEASURES},
            exempt=bool(values.pop("exempt", False)),
        )
        try:
            result = score_entry(entry=entry, school_year=values["school_year"])
        except ValueError as exc:
            raise CellError(str(exc))
        return {
            "student": student,
            "school": student.school,
            "school_year": result.school_year,
            "grade": result.grade,
            "sex": result.sex,
            "class_name": result.class_name,
            "exempt": result.exempt,
            "raw": result.raw,
            "scores": result.scores,
            "standard_tenths": result.standard_tenths,
            "bonus": result.bonus,
            "total_tenths": result.total_tenths,
            "level": result.level,
        }

    def save(self, instance, created):
        fitness_result_save(user=self.user, result=instance, audit=False)
