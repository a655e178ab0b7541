"""Pages of the asset ledger: the list (import, export), an asset's page with its
transfers and its disposal case, the transfer and disposal moves, and 装备达标."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.selectors import visible_cases
from edugov.core.actions import object_view
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import selectors, services, services_assets
from .filters import AssetFilter, TransferFilter
from .forms import AssetForm, DisposalForm, TransferForm
from .models import Asset, AssetTransfer
from .tables import AssetTable, TransferTable


class AssetList(ScopedListView):
    model = Asset
    table_class = AssetTable
    filterset_class = AssetFilter
    select_related = ("school",)
    title = gettext_lazy("Asset ledger")
    export_url_name = "projects:asset_export"
    import_url_name = "projects:asset_import"
    create_url_name = "projects:asset_create"
    empty_hint = gettext_lazy(
        "Each school keeps its asset ledger here (New, or import from xlsx): category, "
        "value, date, state, location and custodian."
    )


AssetExport = AssetList.export_view("assets", importer="projects.asset")


class AssetImport(ImportView):
    importer = "projects.asset"


class AssetEdit(ScopedFormView):
    model = Asset
    form_class = AssetForm

    def save(self, form, *, creating):
        return services.record_save(obj=form.save(commit=False), user=self.request.user)


class AssetDetail(ScopedDetailView):
    model = Asset
    template_name = "projects/asset_detail.html"
    select_related = ("school",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        disposal = getattr(self.object, "disposal", None)
        ctx.update(
            transfers=self.object.transfers.select_related("from_school", "to_school"),
            disposal=disposal,
            case_readable=bool(
                disposal
                and disposal.case_id
                and visible_cases(self.request.user).filter(pk=disposal.case_id).exists()
            ),
            may_change=may(self.request.user, Asset, "change"),
            transfer_form=TransferForm(user=self.request.user),
            disposal_form=DisposalForm(),
        )
        return ctx


@object_view(Asset, "change")
def asset_transfer(request, asset: Asset):
    form = TransferForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(asset.get_absolute_url())
    services_assets.asset_transfer(user=request.user, asset=asset, **form.cleaned_data)
    messages.success(request, _("Transferred."))
    return redirect(asset.get_absolute_url())


@object_view(Asset, "change")
def asset_dispose(request, asset: Asset):
    form = DisposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the disposal."))
        return redirect(asset.get_absolute_url())
    services_assets.disposal_request(
        user=request.user, asset=asset, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Disposal requested: the district approves it on its case."))
    return redirect(asset.get_absolute_url())


class TransferList(ScopedListView):
    model = AssetTransfer
    table_class = TransferTable
    filterset_class = TransferFilter
    select_related = ("asset", "from_school", "to_school")
    title = gettext_lazy("Asset transfers")
    export_url_name = "projects:transfer_export"
    empty_hint = gettext_lazy("Transfers are made from an asset's page (调拨).")


TransferExport = TransferList.export_view("asset-transfers")


@scoped_view(Asset, "view")
def equipment(request):
    """装备达标: each school's equipment from its ledger against its stage's standard."""
    if request.method != "GET" or not may(request.user, Asset, "view"):
        raise Http404
    rows = selectors.equipment_compliance(request.user)
    return render(
        request,
        "projects/equipment.html",
        {"title": _("Equipment against the standard (装备达标)"), "rows": rows[:500]},
    )
