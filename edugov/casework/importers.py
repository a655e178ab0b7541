"""The city's working-day adjustments from a spreadsheet: a State Council notice is some
thirty days off and half a dozen make-up days, typed once into a sheet rather than one form
each. Keyed by date, so importing the same sheet again changes nothing."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.cells import parse_date
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer

from .models import AdjustmentKind, CalendarAdjustment
from .services.calendar import adjustment_save, city_of


def _kinds() -> dict[str, str]:
    """Each kind by its code and by its label in either language (放假 / 调休上班)."""
    names: dict[str, str] = {}
    for code, label in AdjustmentKind.choices:
        names[code] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                names[str(label).lower()] = code
    return names


def _kind(text: str) -> str:
    code = _kinds().get(text.strip().lower())
    if code is None:
        raise CellError(
            _("expected one of %(names)s")
            % {"names": "、".join(str(label) for _code, label in AdjustmentKind.choices)}
        )
    return code


@register_importer("casework.calendaradjustment")
class CalendarAdjustmentImporter(Importer):
    """One row per day: date, kind (放假 / 调休上班), reason, issuing authority, document."""

    model = CalendarAdjustment
    key = ("date",)
    title = gettext_lazy("Working-day adjustments")
    columns = [
        Column("date", gettext_lazy("date"), parse=parse_date, example="2027-02-08"),
        Column("kind", gettext_lazy("kind"), parse=_kind, example="放假"),
        Column("reason", gettext_lazy("reason"), example="春节"),
        Column("issued_by", gettext_lazy("issuing authority"), example="国务院办公厅"),
        Column("document", gettext_lazy("document number"), required=False, example=""),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._city = city_of(user)

    def resolve(self, values, row):
        if self._city is None:
            raise ColumnError("date", _("Only the city records working-day adjustments."))
        values["unit"] = self._city
        if values.get("document") is None:
            values["document"] = ""
        return values

    @classmethod
    def export_value(cls, obj, field):
        if field == "kind":
            return obj.get_kind_display()  # read back by its label
        return super().export_value(obj, field)

    def save(self, instance, created):
        adjustment_save(adjustment=instance, user=self.user, audit=False)
