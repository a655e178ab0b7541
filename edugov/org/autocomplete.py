"""The unit picker (issue 25): a city-wide user's school filter listed every school of
the city (~1,800 ``<option>`` elements, rendered on every list page). The search is
``core.autocomplete``'s; here is what is particular to units: a picker searches one
kind (schools, unless the field mixes kinds), by name or code prefix, each labelled
with its district."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet

from edugov.core import autocomplete
from edugov.core.autocomplete import AutocompleteView, AutocompleteWidget

from .models import Unit, UnitKind


class UnitAutocomplete(AutocompleteView):
    """``GET ?q=<name or code prefix>&kind=school|district,zone|…|any&district=<id>``."""

    model = Unit
    unit_path = "path"

    def narrow(self, qs: QuerySet, params: Mapping[str, str]) -> QuerySet:
        kind = params.get("kind", UnitKind.SCHOOL)
        if kind != "any":  # any kind: a picker of units of every kind
            kinds = [k for k in kind.split(",") if k in UnitKind.values]
            qs = qs.filter(kind__in=kinds or [UnitKind.SCHOOL])
        return super().narrow(qs, params)

    def search(self, qs: QuerySet, q: str, params: Mapping[str, str]) -> QuerySet:
        return qs.filter(Q(name__icontains=q) | Q(code__startswith=q))

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        return qs.select_related("parent").only("name", "parent__name").order_by("path")

    @classmethod
    def label(cls, unit: Unit) -> str:
        return f"{unit.name}（{unit.parent.name}）" if unit.parent else unit.name

    @classmethod
    def widget_for(
        cls,
        queryset: QuerySet[Unit],
        multiple: bool = False,
        params: Mapping[str, str] | None = None,
    ) -> AutocompleteWidget | None:
        """One query: the choices' count by kind, so that a field of schools only
        searches schools, and one of districts or zones only those."""
        kinds = dict(queryset.order_by().values_list("kind").annotate(n=Count("pk")))
        if sum(kinds.values()) <= autocomplete.PICKER_ABOVE:
            return None
        params = {**(params or {}), "kind": ",".join(sorted(kinds))}
        return AutocompleteWidget.of(cls, params, multiple=multiple)


def school_picker() -> AutocompleteWidget:
    return AutocompleteWidget(UnitAutocomplete, {"kind": UnitKind.SCHOOL})
