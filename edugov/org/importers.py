"""Importing institutions (and district/zone units) from the bureau's spreadsheet."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.engines import codes

from .models import InstitutionType, Ownership, Unit, UnitKind, UrbanRural
from .services import unit_save
from .validators import code_error_message


def _choice(choices):
    """Accept the stored value or its label in either language ("public", "公办")."""
    from django.utils import translation

    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                lookup[str(label).lower()] = value
    extra = {"公办": Ownership.PUBLIC, "民办": Ownership.PRIVATE}

    def parse(text: str):
        key = text.strip().lower()
        if key in lookup:
            return lookup[key]
        if key in extra and extra[key] in dict(choices):
            return extra[key]
        raise CellError(_("unknown value “%(v)s”") % {"v": text})

    return parse


def _bool(text: str) -> bool:
    key = text.strip().lower()
    if key in ("1", "是", "y", "yes", "true", "普惠"):
        return True
    if key in ("0", "否", "n", "no", "false", ""):
        return False
    raise CellError(_("expected 是 or 否"))


def _school_code(text: str) -> str:
    err = codes.school_code_error(text)
    if err:
        raise CellError(code_error_message("school", err))
    return text


def _credit_code(text: str) -> str:
    err = codes.credit_code_error(text)
    if err:
        raise CellError(code_error_message("credit", err))
    return text.upper()


def _count(text: str) -> int:
    value = int(float(text))
    if value < 0:
        raise CellError(_("must not be negative"))
    return value


@register_importer("org.school")
class SchoolImporter(Importer):
    """One row per institution, keyed by its 学校标识码."""

    model = Unit
    key = ("code",)
    title = gettext_lazy("Institutions")
    columns = [
        Column(
            "code",
            gettext_lazy("School identification code"),
            parse=_school_code,
            example="2136010001",
            help=gettext_lazy("10 digits: category, province 36, sequence"),
        ),
        Column("name", gettext_lazy("name"), example="南昌市东湖区育新学校"),
        Column(
            "parent_code",
            gettext_lazy("District code"),
            example="360102",
            help=gettext_lazy("The district, zone or city unit the school belongs to"),
        ),
        Column(
            "institution_type",
            gettext_lazy("institution type"),
            parse=_choice(InstitutionType.choices),
            example="小学",
        ),
        Column(
            "ownership", gettext_lazy("ownership"), parse=_choice(Ownership.choices), example="公办"
        ),
        Column(
            "inclusive", gettext_lazy("inclusive (普惠)"), required=False, parse=_bool, example="否"
        ),
        Column(
            "urban_rural",
            gettext_lazy("urban / rural"),
            required=False,
            parse=_choice(UrbanRural.choices),
            example="城区",
        ),
        Column(
            "credit_code",
            gettext_lazy("unified social credit code"),
            required=False,
            parse=_credit_code,
            example="",
        ),
        Column("address", gettext_lazy("address"), required=False, example="东湖区八一大道 1 号"),
        Column(
            "enrolment",
            gettext_lazy("students enrolled"),
            required=False,
            parse=_count,
            example="1200",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._parents: dict[str, Unit | None] = {}

    def resolve_chunk(self, values):
        wanted = {str(v["parent_code"]) for v in values} - self._parents.keys()
        if wanted:
            found = {
                u.code: u
                for u in Unit.objects.filter(
                    kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE], code__in=wanted
                )
            }
            self._parents.update({code: found.get(code) for code in wanted})

    def resolve(self, values, row):
        parent = self._parents.get(str(values.pop("parent_code")))
        if parent is None:
            raise ColumnError("parent_code", _("no district or zone has this code"))
        values["parent"] = parent
        values["kind"] = UnitKind.SCHOOL
        values["inclusive"] = bool(values.get("inclusive"))
        values["enrolment"] = values.get("enrolment") or 0
        for optional in ("urban_rural", "credit_code", "address"):
            values[optional] = values.get(optional) or ""
        return values

    def save(self, instance, created):
        # Per row, not bulk: unit_save derives the tree path from the new row's pk.
        unit_save(unit=instance, audit=False)
