"""Unit pickers that scale (issue 25): a scoped, server-side autocomplete.

A city-wide user's school filter listed every school of the city (~1,800 ``<option>``
elements, rendered on every list page). The picker now renders only the chosen school
and asks ``org:unit_autocomplete`` for matches as the user types: at most ``LIMIT``
units, always through ``Unit.objects.visible_to(user, "view")``, narrowed first by the
district chosen in the same form (district-first for city-wide users), each labelled
with its district. The field still validates the submitted id against its own scoped
queryset, so the widget changes what is rendered, never what is accepted.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from edugov.core.views import ScopedMixin

from .models import Unit, UnitKind

LIMIT = 20


class UnitAutocomplete(ScopedMixin, View):
    """``GET ?q=<name or code prefix>&kind=school|district|…|any&district=<id>`` →
    ``{"results": [{"id", "text"}], "count": <all matches>}``; a 404 without the
    right to view units (``ScopedMixin``)."""

    model = Unit
    action = "view"
    #: The authorization matrix asks it with ``kind=any`` and compares ``count`` with
    #: ``visible_to`` (core/tests/test_authz_matrix.py).
    autocomplete = True

    def get(self, request: HttpRequest) -> JsonResponse:
        qs = self.get_queryset()
        kind = request.GET.get("kind", UnitKind.SCHOOL)
        if kind != "any":  # any kind: a picker of units of every kind
            qs = qs.filter(kind=kind if kind in UnitKind.values else UnitKind.SCHOOL)
        district_id = request.GET.get("district", "")
        if district_id.isdigit():
            # The district must itself be visible: another district's id narrows to
            # nothing rather than revealing its schools.
            district = self.get_queryset().filter(pk=int(district_id)).first()
            qs = qs.filter(path__startswith=district.path) if district else qs.none()
        q = request.GET.get("q", "").strip()[:50]
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
        rows = list(qs.order_by("path").values_list("pk", "name", "parent__name")[:LIMIT])
        count = len(rows) if len(rows) < LIMIT else qs.count()
        return JsonResponse(
            {
                "results": [
                    {"id": pk, "text": f"{name}（{parent}）" if parent else name}
                    for pk, name, parent in rows
                ],
                "count": count,
            }
        )


class UnitAutocompleteWidget(forms.Select):
    """A ``<select>`` holding only the empty choice and the chosen unit; the script
    ``core/autocomplete.js`` adds the search box. Without JavaScript the current
    choice still shows and submits."""

    def __init__(self, kind: str = UnitKind.SCHOOL, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-autocomplete": reverse_lazy("org:unit_autocomplete"),
            "data-autocomplete-kind": self.kind,
            "data-autocomplete-placeholder": _("Type a name or code"),
            "data-autocomplete-empty": _("No match"),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        """The empty choice and the selected unit only: the choices' queryset (the
        field's, scoped) is asked for the chosen ids, never iterated whole."""
        chosen = [v for v in value if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        labels = (
            dict(queryset.filter(pk__in=chosen).values_list("pk", "name"))
            if queryset is not None and chosen
            else {}
        )
        options = [self.create_option(name, "", "---------", not labels, 0)]
        for i, (pk, label) in enumerate(labels.items(), start=1):
            options.append(self.create_option(name, pk, label, True, i))
        return [(None, options, 0)]


#: More choices than this and a form's unit dropdown becomes the autocomplete: the issue's
#: "~200 rows", about what a person scans in a list.
PICKER_ABOVE = 200


def picker_for(queryset: QuerySet[Unit]) -> UnitAutocompleteWidget | None:
    """The widget for a form's unit field whose (scoped) choices are ``queryset``: None
    while they are few enough for a dropdown. One query: the choices' count by kind,
    so that a field of schools only searches schools."""
    kinds = dict(queryset.order_by().values_list("kind").annotate(n=Count("pk")))
    if sum(kinds.values()) <= PICKER_ABOVE:
        return None
    return UnitAutocompleteWidget(kind=next(iter(kinds)) if len(kinds) == 1 else "any")
