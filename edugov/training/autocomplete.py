"""The institution picker (issue 25): a staff record, an inspection record or a
complaint link chose its institution from the whole registry (a city's thousands). The
search is ``core.autocomplete``'s; an institution is found by name, or by the start of
its platform code or licence number, district first, labelled with its district."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from edugov.core.autocomplete import AutocompleteView

from .models import Institution


class InstitutionAutocomplete(AutocompleteView):
    model = Institution
    unit_path = "district__path"

    def search(self, qs: QuerySet, q: str, params: Mapping[str, str]) -> QuerySet:
        return qs.filter(Q(name__icontains=q) | Q(code__startswith=q) | Q(licence_no__startswith=q))

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        return qs.select_related("district").only("name", "district__name")

    @classmethod
    def label(cls, institution: Institution) -> str:
        return f"{institution.name}（{institution.district.name}）"
