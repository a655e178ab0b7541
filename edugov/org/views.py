from django.utils.translation import gettext_lazy as _

from edugov.audit.services import snapshot
from edugov.core.views import (
    ImportView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
)

from .filters import UnitFilter
from .forms import UnitForm
from .models import Unit
from .services import unit_save
from .tables import UnitTable


class UnitList(ScopedListView):
    model = Unit
    empty_hint = _(
        "Units come from the organisation seed and are maintained by the system administrator."
    )
    table_class = UnitTable
    filterset_class = UnitFilter
    select_related = ("parent",)
    title = _("Units and institutions")
    export_url_name = "org:unit_export"
    import_url_name = "org:unit_import"
    create_url_name = "org:unit_create"


UnitExport = UnitList.export_view("units")


class UnitDetail(ScopedDetailView):
    model = Unit
    select_related = ("parent", "legal_district")
    template_name = "org/unit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["children"] = Unit.objects.visible_to(user, "view").filter(parent=self.object)[:200]
        ctx["can_change"] = (
            Unit.objects.visible_to(user, "change").filter(pk=self.object.pk).exists()
        )
        return ctx


class UnitEdit(ScopedFormView):
    model = Unit
    form_class = UnitForm

    def save(self, form, *, creating):
        before = None if creating else snapshot(Unit.objects.get(pk=form.instance.pk))
        return unit_save(unit=form.instance, before=before)


class UnitImport(ImportView):
    importer = "org.school"
