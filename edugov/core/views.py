"""Base views every module uses. Scoping happens here, once: each view's queryset is
``Model.objects.visible_to(user, action)``, so an object outside the scope is a 404 and
a list never counts a row the user may not see.

A module's list page is a few lines::

    class UnitList(ScopedListView):
        model = Unit
        table_class = UnitTable
        filterset_class = UnitFilter
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from django.views.generic.edit import FormMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from edugov.audit.services import audit_record

from .io.export import columns_from_table, csv_response, template_response, xlsx_response
from .io.importer import Importer
from .io.registry import IMPORTERS
from .scoping import (
    ScopedModel,
    assigned_classes,
    can,
    class_bound,
    narrow_choices,
    perm_name,
)
from .tables import EstimatedPaginator, estimated_count
from .widgets import FileChooser


class ScopedMixin:
    """Restricts the view's queryset to the user's scope for ``action``."""

    model: ClassVar[type[models.Model]]
    action: ClassVar[str] = "view"
    select_related: ClassVar[tuple[str, ...]] = ()
    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        # No role grants this action on this model type: the page does not exist for
        # this user (404, like an object outside the scope).
        if not request.user.has_perm(perm_name(self.model, self.action)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> models.QuerySet:
        qs = self.model._default_manager.visible_to(self.request.user, self.action)
        return qs.select_related(*self.select_related) if self.select_related else qs


def narrow_form_fields(form: forms.BaseForm, user: Any) -> None:
    """Every dropdown of a scoped model offers only what the user may see (or what the
    model's ``choice_rules`` give), plus the value the object already has. The API's
    serializers narrow through the same ``narrow_choices``. Where the result lands is
    checked after the save by ``can``. A dropdown of many choices becomes the model's
    picker (``core.autocomplete``)."""
    from .autocomplete import large_choices_picker  # it imports this module (ScopedMixin)

    instance = getattr(form, "instance", None)
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    for name, f in form.fields.items():
        qs = getattr(f, "queryset", None)
        if qs is None:
            continue
        current = (
            getattr(instance, f"{name}_id", None) if instance is not None and instance.pk else None
        )
        narrowed = narrow_choices(qs, user, model=model, field=name, keep=current)
        if narrowed is not None:
            f.queryset = narrowed
            large_choices_picker(f, narrowed, model=model, name=name)


# Query parameters that page or sort a list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort", "per_page"})


class ScopedListView(ScopedMixin, SingleTableMixin, FilterView):
    """Filter, sort, paginate; the same view serves the page and its htmx partial."""

    template_name = "core/list.html"
    partial_template_name = "core/_list_table.html"
    # Only the table paginates: a ListView paginate_by as well would COUNT(*) twice.
    table_pagination = {"per_page": 50}
    title: ClassVar[str] = ""
    export_url_name: ClassVar[str] = ""
    import_url_name: ClassVar[str] = ""
    create_url_name: ClassVar[str] = ""
    # The empty state: what would fill this list and who provides it. A new user who
    # finds a list empty must learn whether that is expected and whom to ask, so every
    # list declares it (core/tests/test_empty_state.py fails on a list without one).
    empty_hint: ClassVar[str | Promise] = ""

    @classmethod
    def export_view(cls, filename: str, *, importer: str = "") -> type[ScopedExportView]:
        """The export of this list: the same model, table, filter and joins, so the file
        always holds what the page shows (and nothing is declared twice). A list that
        can be imported names its ``importer``: its export then holds the importer's
        columns, so that the file goes back in unchanged."""
        return type(
            cls.__name__.removesuffix("List") + "Export",
            (ScopedExportView,),
            {
                "__module__": cls.__module__,
                "model": cls.model,
                "table_class": cls.table_class,
                "filterset_class": cls.filterset_class,
                "select_related": cls.select_related,
                "filename": filename,
                "importer": importer,
            },
        )

    def is_filtered(self) -> bool:
        return any(v for k, v in self.request.GET.items() if k not in NOT_FILTERS)

    def get_table_pagination(self, table) -> dict[str, Any]:
        # An unfiltered list over a big table shows the planner's estimate and pages
        # without COUNT(*) (core/tables.py); everything else counts exactly.
        paginate = dict(super().get_table_pagination(table))
        if not self.is_filtered():
            estimate = estimated_count(self.object_list)
            if estimate is not None:
                paginate.update(paginator_class=EstimatedPaginator, estimate=estimate)
        return paginate

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            title=self.title or self.model._meta.verbose_name_plural,
            export_url_name=self.export_url_name
            if user.has_perm(perm_name(self.model, "export"))
            else "",
            import_url_name=self.import_url_name
            if user.has_perm(perm_name(self.model, "add"))
            else "",
            create_url_name=self.create_url_name
            if user.has_perm(perm_name(self.model, "add"))
            else "",
            querystring=self.request.GET.urlencode(),
            empty_things=self.model._meta.verbose_name_plural,
            empty_hint=self.no_class_hint() or self.empty_hint,
            filtered=self.is_filtered(),
        )
        return ctx

    def no_class_hint(self) -> str | Promise:
        """Why a class-bound reader (a teacher) with no class assigned sees nothing here:
        her scope is her classes (``core.scoping.ClassDimension``), and she has none."""
        user = self.request.user
        if class_bound(user, self.model, self.action) and not assigned_classes(user):
            return _(
                "You see the rows of the classes you teach, and no class is assigned to you "
                "yet: your principal records it on the class assignments page."
            )
        return ""


class ScopedExportView(ScopedMixin, View):
    """The list's rows, filtered the same way, as xlsx or CSV; one audit event."""

    action = "export"
    table_class: ClassVar[type]
    filterset_class: ClassVar[type]
    filename: ClassVar[str] = "export"
    importer: ClassVar[str] = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request).qs
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        if self.importer:
            columns = IMPORTERS[self.importer].export_columns()
        else:
            columns = columns_from_table(self.table_class, self.model)
        audit_record(
            "export",
            object_type=self.model._meta.label_lower,
            changes={"rows": qs.count(), "format": fmt, "filter": request.GET.urlencode()},
        )
        rows = qs.iterator(chunk_size=2000)
        if fmt == "csv":
            return csv_response(rows, columns, self.filename)
        return xlsx_response(rows, columns, self.filename)


class ScopedDetailView(ScopedMixin, DetailView):
    template_name = "core/detail.html"


class ScopedFormView(ScopedMixin, FormMixin, View):
    """Create (no pk in the URL) or change one object through a service function.

    ``save`` calls the module's service; the service validates, writes and audits in
    one transaction. Here we re-check, still inside it, that the result is in scope.
    A ``ValidationError`` from the service (a rule across rows, or a race the form could
    not see) rolls the transaction back and is shown on the form, on its field when the
    form has one of that name.
    """

    template_name = "core/form.html"
    form_class: ClassVar[type[forms.ModelForm]]

    def get_object(self) -> models.Model | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        try:
            return self.get_queryset().get(pk=pk)
        except self.model.DoesNotExist:
            raise Http404

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        narrow_form_fields(form, self.request.user)
        return form

    def dispatch(self, request, *args, **kwargs):
        self.action = "change" if "pk" in kwargs else "add"
        if not request.user.has_perm(perm_name(self.model, self.action)):
            raise Http404
        self.object = self.get_object()
        return View.dispatch(self, request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return render(request, self.template_name, self.get_context_data(form=form), status=400)
        creating = self.object is None
        try:
            with transaction.atomic():
                obj = self.save(form, creating=creating)
                if not can(request.user, obj, "add" if creating else "change"):
                    raise PermissionDenied
        except PermissionDenied:
            form.add_error(None, _("The result would lie outside your scope."))
            return render(request, self.template_name, self.get_context_data(form=form), status=400)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render(request, self.template_name, self.get_context_data(form=form), status=400)
        messages.success(request, _("Saved."))
        return redirect(obj.get_absolute_url())

    def save(self, form: forms.ModelForm, *, creating: bool) -> models.Model:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(object=self.object, model_meta=self.model._meta)
        return ctx


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names one of the
    form's fields, otherwise as a form error (``add_error`` refuses unknown fields)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def upload_refused(model: type[models.Model], upload: Any, reason: str, obj: Any = None) -> None:
    """Audit an upload refused before it became a job (too large): the same
    ``import.failure`` event a refused file gets from the importer, without content."""
    audit_record(
        "import.failure",
        obj=obj,
        object_type=model._meta.label_lower,
        object_repr=upload.name[:200],
        outcome="failure",
        changes={"reason": reason, "file_name": upload.name[:200], "size": upload.size},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=FileChooser(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportView(View):
    """Upload → a job (inline when small) → the job page with progress and errors."""

    importer: ClassVar[str]
    template_name = "core/import.html"

    def importer_class(self) -> type[Importer]:
        return IMPORTERS[self.importer]

    def dispatch(self, request, *args, **kwargs):
        model = self.importer_class().model
        if not request.user.has_perm(perm_name(model, "add")) and not request.user.has_perm(
            perm_name(model, "change")
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.GET.get("template"):
            cls = self.importer_class()
            return template_response(cls.template_columns(), cls.template_filename())
        return render(
            request, self.template_name, {"form": ImportForm(), "importer": self.importer_class()}
        )

    def post(self, request):
        from edugov.jobs.services import job_create

        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(
                request,
                self.template_name,
                {"form": form, "importer": self.importer_class()},
                status=400,
            )
        upload = form.cleaned_data["file"]
        if upload.size > settings.EDUGOV_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
            upload_refused(self.importer_class().model, upload, "too_large")
            return render(
                request,
                self.template_name,
                {"form": form, "importer": self.importer_class()},
                status=413,
            )
        cls = self.importer_class()
        job = job_create(
            kind="import",
            title=_("Import %(what)s: %(file)s")
            % {"what": cls.model._meta.verbose_name_plural, "file": upload.name},
            owner=request.user,
            params={"importer": self.importer, "file_name": upload.name},
            upload=upload,
            inline=upload.size <= settings.EDUGOV_INLINE_IMPORT_BYTES,
        )
        return redirect("jobs:detail", pk=job.pk)


__all__ = [
    "ImportView",
    "ScopedDetailView",
    "ScopedExportView",
    "ScopedFormView",
    "ScopedListView",
    "ScopedMixin",
    "ScopedModel",
    "narrow_form_fields",
]
