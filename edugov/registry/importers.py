"""Importing annual statistics and district populations from the xlsx templates.

Each statistics row is checked on its own (cells) and as a whole (the model's
``consistency_errors``: classes × largest class ≥ students, teachers by subject ≤ all
teachers, …) in phase 1; one bad row means nothing is written and the row is named.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.cells import parse_amount, parse_count
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit, UnitKind

from .models import GRADE_FIELDS, AnnualStatistics, DistrictPopulation, StatsStatus
from .services import EDITABLE_BY_SCHOOL


def _year(text: str) -> int:
    value = parse_count(text)
    if not 2000 <= value <= 2100:
        raise CellError(_("expected a school year such as 2023"))
    return value


def _sizes(text: str) -> list[int]:
    parts = [p for p in text.replace("，", ",").replace(";", ",").replace(" ", ",").split(",") if p]
    return [parse_count(p) for p in parts]


def _code(text: str) -> str:
    """A 学校标识码 or a district code; spreadsheets turn long numbers into floats
    ("2136000001.0"): take the digits."""
    return text.strip().removesuffix(".0")


def _c(field: str, label, parse=parse_count, example: str = "0", required: bool = False) -> Column:
    return Column(field, label, required=required, parse=parse, example=example)


def _field_label(name: str):
    return AnnualStatistics._meta.get_field(name).verbose_name


STAT_FIELDS_COUNT = [
    *GRADE_FIELDS,
    "classes_kg",
    "classes_primary",
    "classes_junior",
    "classes_senior",
    "max_class_size_kg",
    "max_class_size_primary",
    "max_class_size_junior",
    "max_class_size_senior",
    "teachers",
    "teachers_associate",
    "teachers_bachelor",
    "teachers_postgraduate",
    "backbone_county",
    "backbone_city",
    "backbone_province",
    "teachers_pe",
    "teachers_music",
    "teachers_art",
    "multimedia_classrooms",
]
STAT_FIELDS_AMOUNT = (
    "floor_area",
    "sports_ground_area",
    "sports_hall_area",
    "equipment_value",
)
EXAMPLES = {"g1": "45", "classes_primary": "1", "max_class_size_primary": "45", "teachers": "3"}


@register_importer("registry.statistics")
class StatisticsImporter(Importer):
    """One row per institution per school year, keyed by 学校标识码 and year."""

    model = AnnualStatistics
    key = ("school", "year")
    title = gettext_lazy("Annual statistics")
    columns = [
        Column(
            "school_code",
            gettext_lazy("School identification code"),
            parse=_code,
            example="2136000001",
        ),
        Column("year", gettext_lazy("school year"), parse=_year, example="2023"),
        *[_c(f, _field_label(f), example=EXAMPLES.get(f, "0")) for f in STAT_FIELDS_COUNT],
        Column(
            "class_sizes_primary",
            _field_label("class_sizes_primary"),
            required=False,
            parse=_sizes,
            example="45",
            help=gettext_lazy("Every class's size, separated by commas"),
        ),
        Column(
            "class_sizes_junior",
            _field_label("class_sizes_junior"),
            required=False,
            parse=_sizes,
            example="",
            help=gettext_lazy("Every class's size, separated by commas"),
        ),
        *[_c(f, _field_label(f), parse=parse_amount) for f in STAT_FIELDS_AMOUNT],
    ]

    bulk_write = True  # statistics_save's checks run in phase 1 (``check_chunk``)

    def __init__(self, user):
        super().__init__(user)
        self._schools: dict[str, Unit | None] = {}

    def resolve_chunk(self, values):
        wanted = {str(v["school_code"]) for v in values} - self._schools.keys()
        if wanted:
            found = {
                u.code: u
                for u in Unit.objects.filter(kind=UnitKind.SCHOOL, code__any=wanted).only(
                    "pk", "code", "name", "path", "institution_type", "kind", "parent_id"
                )
            }
            self._schools.update({code: found.get(code) for code in wanted})

    def resolve(self, values, row):
        school = self._schools.get(str(values.pop("school_code")))
        if school is None:
            raise ColumnError("school_code", _("no school has this code"))
        values["school"] = school
        for name in STAT_FIELDS_COUNT:
            values[name] = values.get(name) or 0
        for name in STAT_FIELDS_AMOUNT:
            values[name] = values.get(name) or Decimal("0.00")
        for name in ("class_sizes_primary", "class_sizes_junior"):
            values[name] = values.get(name) or []
        # The row's consistency (``consistency_errors``) is the model's ``clean``, which
        # phase 1 runs on every new or changed row: not a second time here.
        return values

    def check_chunk(self, rows):
        """``statistics_save``'s rules on stored figures, for the chunk at once:
        approved ones are final; submitted ones only a reviewer (the district) corrects."""
        errors = {}
        submitted = []
        for r in rows:
            if r.action == "create":
                continue
            status = r.instance.status
            # Only a change to approved figures is refused: an exported list holding
            # approved rows goes back in with those rows unchanged.
            if status == StatsStatus.APPROVED and r.action == "update":
                errors[r.number] = ("year", _("these statistics are approved; return them first"))
            elif status not in EDITABLE_BY_SCHOOL and r.action == "update":
                submitted.append(r)
        if submitted:
            reviewable = set(
                AnnualStatistics.objects.visible_to(self.user, "review")
                .filter(pk__in=[r.instance.pk for r in submitted])
                .values_list("pk", flat=True)
            )
            for r in submitted:
                if r.instance.pk not in reviewable:
                    errors[r.number] = (
                        "",
                        _("Submitted statistics can only be corrected by the district."),
                    )
        return errors

    @classmethod
    def export_value(cls, obj, field):
        if field == "school_code":
            return obj.school.code
        return super().export_value(obj, field)


@register_importer("registry.population")
class PopulationImporter(Importer):
    """One row per district or zone per year: the population aged 3–5."""

    model = DistrictPopulation
    key = ("district", "year")
    title = gettext_lazy("District populations aged 3–5")
    columns = [
        Column("district_code", gettext_lazy("district code"), parse=_code, example="360102"),
        Column("year", gettext_lazy("year"), parse=_year, example="2023"),
        Column(
            "population_3_5",
            gettext_lazy("population aged 3–5"),
            parse=parse_count,
            example="12000",
        ),
        Column("source", gettext_lazy("source"), required=False, example=""),
    ]

    bulk_write = True  # population_save is the audited save alone

    def __init__(self, user):
        super().__init__(user)
        self._districts: dict[str, Unit | None] = {}

    def resolve_chunk(self, values):
        wanted = {str(v["district_code"]) for v in values} - self._districts.keys()
        if wanted:
            found = {
                u.code: u
                for u in Unit.objects.filter(
                    kind__in=[UnitKind.DISTRICT, UnitKind.ZONE], code__any=wanted
                )
            }
            self._districts.update({code: found.get(code) for code in wanted})

    def resolve(self, values, row):
        district = self._districts.get(str(values.pop("district_code")))
        if district is None:
            raise ColumnError("district_code", _("no district or zone has this code"))
        values["district"] = district
        values["source"] = values.get("source") or ""
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "district_code":
            return obj.district.code
        return super().export_value(obj, field)
