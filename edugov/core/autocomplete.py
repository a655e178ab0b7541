"""Pickers that scale (issue 25): one mechanism for every choice among many rows.

A form's dropdown over a city's schools listed ~1,800 ``<option>`` elements on every
page; one over its students would list a million, each a decryption. So a model names
its search endpoint (``picker = "students:autocomplete"``), and when a single-choice
dropdown over it would offer more than ``PICKER_ABOVE`` rows, ``narrow_form_fields``
swaps it for ``AutocompleteWidget``: a ``<select>`` holding only the chosen row, which
``core/autocomplete.js`` gives a search box that asks the endpoint as the user types.

The endpoint is an ``AutocompleteView``: always ``visible_to(user, "view")`` of its
model, narrowed first by the district or school chosen in the same form (district-first
for city-wide users), searched by the model's own rule, at most ``LIMIT`` rows, each
labelled by the model's own rule. The form field still validates the submitted id
against its own scoped queryset, so the widget changes what is rendered, never what is
accepted.

People's names are encrypted: no index can match part of one. A picker of people
(students, teachers) therefore finds exact ID numbers and 学籍号 through their blind
index, and compares names in Python only inside a set of at most ``NAME_SCAN`` rows (a
large school, ~6 ms of decryption); a larger scope is asked to choose a school first.
Labels stay masked, as on the lists, and every search by personal data is one audit
event that names how it searched, never what was typed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View

from .privacy import NoStoreMixin, RefusePersonalQueryMixin
from .scoping import narrow_choices, perm_name
from .views import ScopedMixin

#: Rows per answer: what a person scans while typing.
LIMIT = 20
#: More choices than this and a form's dropdown becomes the picker: the issue's "~200
#: rows", about what a person scans in a list.
PICKER_ABOVE = 200
#: The most people whose names one search decrypts and compares (a large school).
NAME_SCAN = 2000


class Hint(str):
    """A search that cannot run as asked: the sentence tells the user what to do."""


class AutocompleteView(ScopedMixin, NoStoreMixin, RefusePersonalQueryMixin, View):
    """``?q=…&district=<id>&school=<id>`` → ``{"results": [{"id", "text"}], "more":
    bool}`` (and ``"hint"`` when the search needs narrowing first); a 404 without the
    right to view the model (``ScopedMixin``). Answers are sent ``no-store`` and a GET
    whose query string carries an ID number or a phone is refused, as for every page of
    personal data (``core.privacy``). Subclasses say how to search and label."""

    action = "view"
    #: The authorization matrix finds the pickers' endpoints by this
    #: (core/tests/test_authz_matrix.py) and compares what they offer with visible_to.
    autocomplete = True
    #: Fields of the same form whose value (a unit's id) narrows the search, in order.
    narrowed_by: ClassVar[tuple[str, ...]] = ("district",)
    #: The model's path to its unit's ``path``: how a chosen district or school narrows.
    unit_path: ClassVar[str] = ""
    #: Typed ID numbers and 学籍号 travel in a POST body, never in URLs and access logs.
    post_only: ClassVar[bool] = False
    placeholder: ClassVar[str | Promise] = _("Type a name or code")

    #: A form field whose model names its own choice rule (``choice_rules``: a task's
    #: owner, an after-school programme's vetted providers), as ``(model, field)``.
    rule: tuple[type[models.Model], str] | None = None

    def dispatch(self, request, *args, **kwargs):
        """The picker of a field with its own choice rule (``?field=app.model.field``)
        offers that rule's rows, the dropdown's own choices, to whoever may fill the
        form (add or change on the field's model); any other picker, ``visible_to`` to
        whoever may view the model."""
        if self.post_only and request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        params = request.POST if request.method == "POST" else request.GET
        self.rule = field_rule(params.get("field", ""))
        if self.rule is None:
            return super().dispatch(request, *args, **kwargs)
        model = self.rule[0]
        if not any(request.user.has_perm(perm_name(model, a)) for a in ("add", "change")):
            raise Http404
        # The form's right stands in for ScopedMixin's; the privacy mixins still apply
        # (``no-store``, and no ID number or phone in a query string: core.privacy).
        return super(ScopedMixin, self).dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        if self.rule is None:
            return super().get_queryset()
        model, name = self.rule
        qs = narrow_choices(
            self.model._default_manager.all(), self.request.user, model=model, field=name
        )
        if qs is None or qs.model is not self.model:
            raise Http404
        return qs

    def get(self, request: HttpRequest) -> JsonResponse:
        return self.answer(request.GET)

    def post(self, request: HttpRequest) -> JsonResponse:
        return self.answer(request.POST)

    def answer(self, params: Mapping[str, str]) -> JsonResponse:
        qs = self.narrow(self.get_queryset(), params)
        q = params.get("q", "").strip()[:50]
        found = self.search(qs, q, params) if q else qs
        if isinstance(found, Hint):
            return JsonResponse({"results": [], "more": False, "hint": str(found)})
        rows = self.rows(self.labelled(found)[: LIMIT + 1])
        return JsonResponse(
            {
                "results": [{"id": pk, "text": text} for pk, text in rows[:LIMIT]],
                "more": len(rows) > LIMIT,
            }
        )

    def narrow(self, qs: QuerySet, params: Mapping[str, str]) -> QuerySet:
        """Each chosen unit (district first) narrows to what lies under it. The unit must
        itself be visible: another district's id narrows to nothing rather than
        revealing what lies in it."""
        from edugov.org.models import Unit

        for name in self.narrowed_by:
            value = params.get(name, "")
            if not value.isdigit():
                continue
            unit = Unit.objects.visible_to(self.request.user, "view").filter(pk=int(value))
            path = unit.values_list("path", flat=True).first()
            if path is None:
                return qs.none()
            qs = qs.filter(**{f"{self.unit_path}__startswith": path})
        return qs

    def search(self, qs: QuerySet, q: str, params: Mapping[str, str]) -> QuerySet | Hint:
        raise NotImplementedError

    @classmethod
    def rows(cls, found: Iterable[models.Model]) -> list[tuple[Any, str]]:
        return [(obj.pk, cls.label(obj)) for obj in found]

    @classmethod
    def label(cls, obj: models.Model) -> str:
        return str(obj)

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        """The queryset ready for ``label`` (its joins, its deferred columns)."""
        return qs

    @classmethod
    def widget_for(
        cls, queryset: QuerySet, multiple: bool = False, params: Mapping[str, str] | None = None
    ) -> AutocompleteWidget | None:
        """The widget for a form field whose scoped choices are ``queryset``: None while
        they are few enough for a dropdown (one bounded query, never a full count)."""
        if len(queryset.order_by().values_list("pk")[: PICKER_ABOVE + 1]) <= PICKER_ABOVE:
            return None
        return AutocompleteWidget.of(cls, params, multiple=multiple)


def is_id_like(q: str) -> bool:
    """An ID number or 学籍号 typed whole: 15 to 19 letters and digits, mostly digits."""
    v = "".join(q.split())
    return 15 <= len(v) <= 19 and v.isascii() and v.isalnum() and sum(c.isdigit() for c in v) >= 14


class PersonAutocomplete(AutocompleteView):
    """People of a school (students, teachers): an exact number through the blind
    index, then the subclass's own search (a class, a staff number), else part of a name
    within a school-sized scope. Asked by POST; labels masked; audited."""

    unit_path = "school__path"
    narrowed_by = ("district", "school")
    post_only = True

    def search(self, qs: QuerySet, q: str, params: Mapping[str, str]) -> QuerySet | Hint:
        if is_id_like(q):
            self.audit_search("number")
            return qs.filter(self.by_number(q))
        found = self.by_other(qs, q)
        return found if found is not None else self.match_names(qs, q)

    def by_number(self, q: str) -> Q:
        """The exact-number condition (blind indexes) for a typed ID number."""
        raise NotImplementedError

    def by_other(self, qs: QuerySet, q: str) -> QuerySet | None:
        """A search of the subclass's own (not personal data), or None for a name."""
        return None

    def match_names(self, qs: QuerySet, q: str, field: str = "name") -> QuerySet | Hint:
        """Rows of ``qs`` whose decrypted ``field`` contains ``q``; a hint when ``qs`` holds
        more than ``NAME_SCAN`` rows. Only ``field`` is decrypted."""
        rows = list(qs.order_by().values_list("pk", field)[: NAME_SCAN + 1])
        if len(rows) > NAME_SCAN:
            return Hint(
                _("Too many to search by name: choose a school first, or type the full ID number.")
            )
        self.audit_search("name")
        return qs.filter(pk__in=[pk for pk, value in rows if q in value])

    def audit_search(self, by: str) -> None:
        """One event per search by personal data, naming how it searched, never what was
        typed (as the students' exact search does)."""
        from edugov.audit.services import audit_record

        audit_record(
            f"{self.model._meta.app_label}.search",
            object_type=self.model._meta.label_lower,
            changes={"by": by, "via": "picker"},
        )


class AutocompleteWidget(forms.Select):
    """A ``<select>`` holding only the empty choice and the chosen row; the script
    ``core/autocomplete.js`` adds the search box. Without JavaScript the current choice
    still shows and submits."""

    def __init__(self, view: type[AutocompleteView], params: Mapping[str, str] | None = None):
        super().__init__()
        self.view = view
        self.params = dict(params or {})

    @staticmethod
    def of(
        view: type[AutocompleteView], params: Mapping[str, str] | None = None, multiple=False
    ) -> AutocompleteWidget:
        return (AutocompleteSelectMultiple if multiple else AutocompleteWidget)(view, params)

    def get_context(self, name, value, attrs):
        view = self.view
        attrs = {
            **(attrs or {}),
            "data-autocomplete": reverse(view.model.picker),
            "data-autocomplete-params": json.dumps(self.params),
            "data-autocomplete-with": " ".join(view.narrowed_by),
            "data-autocomplete-method": "post" if view.post_only else "get",
            "data-autocomplete-placeholder": view.placeholder,
            "data-autocomplete-empty": _("No match"),
            "data-autocomplete-more": _("More matches: type more to narrow them"),
            "data-autocomplete-remove": _("Remove"),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        """The empty choice and the chosen row only: the choices' queryset (the field's,
        scoped) is asked for the chosen ids, never iterated whole."""
        chosen = [v for v in value if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        labels = (
            self.view.rows(self.view.labelled(queryset.filter(pk__in=chosen)))
            if queryset is not None and chosen
            else []
        )
        options = (
            []
            if self.allow_multiple_selected
            else [self.create_option(name, "", "---------", not labels, 0)]
        )
        for i, (pk, label) in enumerate(labels, start=len(options)):
            options.append(self.create_option(name, pk, label, True, i))
        return [(None, options, 0)]


class AutocompleteSelectMultiple(AutocompleteWidget, forms.SelectMultiple):
    """The same for a choice of several (a programme's schools): the chosen rows only,
    which the script shows as removable tags beside the search box."""


@functools.cache
def picker_view(model: type[models.Model]) -> type[AutocompleteView] | None:
    """The endpoint a model names in ``picker`` (a URL name), resolved once per model:
    every form's every related field asks."""
    url_name = getattr(model, "picker", None)
    if not url_name:
        return None
    return resolve(reverse(url_name)).func.view_class


def field_rule(value: str) -> tuple[type[models.Model], str] | None:
    """``app_label.model.field`` → (model, field) when that model names a choice rule for
    that field; None for an empty value; a 404 for anything else."""
    if not value:
        return None
    label, _dot, name = value.rpartition(".")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if name not in getattr(model, "choice_rules", {}):
        raise Http404
    return model, name


def large_choices_picker(
    field: forms.Field, queryset: QuerySet, *, model: type[models.Model] | None = None, name=""
) -> None:
    """A dropdown (or a multiple choice) over a model that names a ``picker`` gets that
    widget when its (scoped) choices are many. The field keeps its queryset, so what it accepts
    is unchanged; only what is rendered is."""
    if type(field.widget) not in (forms.Select, forms.SelectMultiple):
        return
    view = picker_view(queryset.model)
    multiple = type(field.widget) is forms.SelectMultiple
    # A field with its own choice rule is searched within that rule's rows, not within
    # everything visible: the picker offers what the dropdown would have.
    params = (
        {"field": f"{model._meta.label_lower}.{name}"}
        if model is not None and name in getattr(model, "choice_rules", {})
        else {}
    )
    widget = view.widget_for(queryset, multiple, params) if view is not None else None
    if widget is None:
        return
    widget.attrs = {**field.widget.attrs, **widget.attrs}
    widget.is_required = field.widget.is_required
    field.widget = widget
    field.widget.choices = field.choices
