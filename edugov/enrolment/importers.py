"""The catchment import: one row per catchment version, as the district publishes it
each spring — its communities and its school or schools (多校划片), optionally a GeoJSON
polygon. Two phases through ``core.io.importer``: a sheet with one bad row writes nothing."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.org.models import Unit

from . import rules
from .models import Catchment, Community


def _list(text: str) -> list[str]:
    return [p.strip() for p in str(text).replace("；", ";").split(";") if p.strip()]


def _polygon(text: str):
    if not str(text).strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        raise CellError(_("expected a GeoJSON polygon"))
    if not rules.valid_polygon(value):
        raise CellError(_("expected a GeoJSON polygon"))
    return value


@register_importer("enrolment.catchment")
class CatchmentImporter(Importer):
    """Keyed by district, year, name and version: a changed catchment is a new version
    row, so the version an application was judged by stays as it was."""

    model = Catchment
    key = ("district", "year", "name", "version")
    title = gettext_lazy("Catchments")
    columns = [
        Column("district_code", gettext_lazy("district code"), example="360102"),
        Column("year", gettext_lazy("year"), parse=int, example="2026"),
        Column("name", gettext_lazy("catchment name"), example="育新学区"),
        Column("version", gettext_lazy("version"), parse=int, example="1"),
        Column("school_codes", gettext_lazy("school codes (; between)"), example="2136000001"),
        Column("communities", gettext_lazy("communities (; between)"), example="育新花园;阳明小区"),
        Column("polygon", gettext_lazy("polygon (GeoJSON)"), parse=_polygon, required=False),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._units: dict[str, Unit] = {}
        self._extra: dict[tuple, tuple[list[Unit], list[str]]] = {}

    def resolve_chunk(self, values):
        codes = {str(v.get("district_code", "")).strip() for v in values}
        for v in values:
            codes.update(_list(v.get("school_codes", "")))
        self._units.update(
            {u.code: u for u in Unit.objects.visible_to(self.user, "view").filter(code__in=codes)}
        )

    def resolve(self, values, row):
        district = self._units.get(str(values.pop("district_code")).strip())
        if district is None:
            raise ColumnError("district_code", _("no district in your scope has this code"))
        schools = []
        for code in _list(values.pop("school_codes")):
            school = self._units.get(code)
            # A rule on the data (the school lies in the district), not on the actor.
            if school is None or district.pk not in school.ancestor_ids():
                raise ColumnError(
                    "school_codes", _("no school of this district has the code %(c)s") % {"c": code}
                )
            schools.append(school)
        if not schools:
            raise ColumnError("school_codes", _("name at least one school"))
        communities = _list(values.pop("communities"))
        if not communities:
            raise ColumnError("communities", _("name at least one community"))
        values["district"] = district
        self._extra[(district.pk, values["year"], values["name"], values["version"])] = (
            schools,
            communities,
        )
        return values

    def write_chunk(self, rows):
        super().write_chunk(rows)
        for row in rows:
            c = row.instance
            if c.pk is None:
                c = Catchment.objects.get(
                    district=c.district, year=c.year, name=c.name, version=c.version
                )
            schools, communities = self._extra[(c.district_id, c.year, c.name, c.version)]
            c.schools.set(schools)
            have = set(c.communities.values_list("name", flat=True))
            Community.objects.bulk_create(
                [Community(catchment=c, name=n) for n in communities if n not in have]
            )
            c.communities.exclude(name__in=communities).delete()

    @classmethod
    def export_value(cls, obj, field):
        if field == "district_code":
            return obj.district.code
        if field == "school_codes":
            return ";".join(s.code for s in obj.schools.all())
        if field == "communities":
            return ";".join(c.name for c in obj.communities.all())
        if field == "polygon":
            return json.dumps(obj.polygon, ensure_ascii=False) if obj.polygon else ""
        return super().export_value(obj, field)
