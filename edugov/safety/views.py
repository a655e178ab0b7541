"""Pages of the safety module. Views parse input, call one service or selector, render."""

from __future__ import annotations

import functools
import json
import uuid
from pathlib import Path

from django.contrib import messages
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.selectors import visible_cases
from edugov.casework.views.cases import case_page_context
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import mark_no_store
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import selectors, services
from .filters import (
    CanteenFilter,
    ChecklistFilter,
    ClaimFilter,
    DrowningFilter,
    FoodIncidentFilter,
    HazardFilter,
    InspectionFilter,
    InsuranceFilter,
    LetterFilter,
    MealFilter,
    PatrolFilter,
    PlanFilter,
    PurchaseFilter,
    RiskWaterFilter,
    SampleFilter,
    SupplierFilter,
    UniformFilter,
)
from .forms import LEDGER_FORMS, InspectionForm
from .models import (
    Canteen,
    ChecklistItem,
    DrowningIncident,
    FoodIncident,
    FoodPurchase,
    Hazard,
    Inspection,
    InspectionPhoto,
    InspectionPlan,
    InsuranceClaim,
    InsurancePolicy,
    Level,
    MealRecord,
    ParentLetter,
    PatrolRecord,
    RiskWater,
    SampleCheck,
    Supplier,
    UniformProcurement,
)
from .tables import (
    CanteenTable,
    ChecklistTable,
    ClaimTable,
    DrowningTable,
    FoodIncidentTable,
    HazardTable,
    InspectionTable,
    InsuranceTable,
    LetterTable,
    MealTable,
    PatrolTable,
    PlanTable,
    PurchaseTable,
    RiskWaterTable,
    SampleTable,
    SupplierTable,
    UniformTable,
)

GEOJSON = Path(__file__).parent / "static" / "safety" / "geo" / "nanchang.json"


@functools.cache
def nanchang_geojson() -> str:
    """The vendored district boundaries (static/safety/geo/SOURCE.md) as the page's
    ``json_script`` element, read and escaped once (60 KB: not on every request)."""
    return json_script(json.loads(GEOJSON.read_text(encoding="utf-8")), "geo-nanchang")


# --- checklists --------------------------------------------------------------------------


class ChecklistList(ScopedListView):
    model = ChecklistItem
    table_class = ChecklistTable
    filterset_class = ChecklistFilter
    select_related = ("unit",)
    title = gettext_lazy("Safety checklists")
    export_url_name = "safety:checklist_export"
    import_url_name = "safety:checklist_import"
    empty_hint = gettext_lazy(
        "The bureau's 安全稳定科 (or a district) imports its checklists from xlsx, one row per "
        "item; a changed checklist is imported as its next version."
    )


ChecklistExport = ChecklistList.export_view("checklists", importer="safety.checklist")


class ChecklistImport(ImportView):
    importer = "safety.checklist"


# --- plans ---------------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = InspectionPlan
    table_class = PlanTable
    filterset_class = PlanFilter
    select_related = ("unit",)
    title = gettext_lazy("Inspection plans")
    export_url_name = "safety:plan_export"
    create_url_name = "safety:plan_create"
    empty_hint = gettext_lazy(
        "A district (or the city) sets its plans here (New): the schools' monthly self-checks "
        "and its own spot checks."
    )


PlanExport = PlanList.export_view("plans")


class PlanDetail(ScopedDetailView):
    """The plan, this period's progress and the schools that are late."""

    model = InspectionPlan
    template_name = "safety/plan_detail.html"
    select_related = ("unit",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = clock.today()
        start, end, due = selectors.period(self.object, today)
        late = selectors.late_schools(self.object, today=today)
        ctx.update(
            start=start,
            end=end,
            due=due,
            overdue=today > due,
            late=late[:300],
            late_count=late.count(),
        )
        return ctx


# --- inspections ---------------------------------------------------------------------------


class InspectionList(ScopedListView):
    model = Inspection
    table_class = InspectionTable
    filterset_class = InspectionFilter
    select_related = ("school",)
    title = gettext_lazy("Safety inspections")
    export_url_name = "safety:inspection_export"
    create_url_name = "safety:inspection_create"
    empty_hint = gettext_lazy(
        "Schools record their self-checks here (New, on a phone), and districts their spot "
        "checks, with the checklists the bureau imported."
    )


InspectionExport = InspectionList.export_view("inspections")


class InspectionCreate(ScopedFormView):
    """The phone form: pick a checklist, answer each item (a failed one with what is
    wrong, its level and photos), submit. The hidden key makes a second submission of
    the same form find the first one's record."""

    model = Inspection
    form_class = InspectionForm
    template_name = "safety/inspection_form.html"

    def _choice(self) -> tuple[str, int | None]:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        code = (data.get("checklist") or "").strip()
        version = data.get("version") or ""
        return code, int(version) if version.isdigit() else None

    def items(self):
        if not hasattr(self, "_items"):
            code, version = self._choice()
            self._items = services.checklist_items(self.request.user, code, version) if code else []
        return self._items

    def get_initial(self):
        items = self.items()
        return {
            "key": uuid.uuid4(),
            "date": clock.today(),
            "checklist": items[0].checklist if items else "",
            "version": items[0].version if items else None,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            items=self.items(),
            levels=Level.choices,
            posted=self.request.POST,
            checklists=ChecklistItem.objects.visible_to(self.request.user, "use")
            .values("checklist", "title", "topic")
            .annotate(version=Max("version"))
            .order_by("checklist"),
        )
        return ctx

    def save(self, form, *, creating):
        post, files = self.request.POST, self.request.FILES
        answers = {
            item.pk: services.Answer(
                passed={"pass": True, "fail": False}.get(post.get(f"item_{item.pk}", "")),
                level=post.get(f"level_{item.pk}", ""),
                note=post.get(f"note_{item.pk}", ""),
                photos=files.getlist(f"photo_{item.pk}"),
            )
            for item in self.items()
        }
        inspection, created = services.inspection_submit(
            user=self.request.user,
            inspection=form.save(commit=False),
            answers=answers,
            photos=files.getlist("photos"),
        )
        if not created:
            messages.info(self.request, _("This inspection was already recorded."))
        return inspection


class InspectionDetail(ScopedDetailView):
    model = Inspection
    template_name = "safety/inspection_detail.html"
    select_related = ("school", "inspected_by", "plan")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            results=self.object.results.select_related("item", "hazard__case"),
            photos=self.object.photos.all(),
        )
        return ctx


@object_view(InspectionPhoto, "view", methods=("GET",))
def photo_download(request, photo: InspectionPhoto):
    """The kept (EXIF-free) photo, or its thumbnail with ``?thumb=1`` once made."""
    f = photo.thumbnail if request.GET.get("thumb") and photo.thumbnail else photo.file
    return mark_no_store(FileResponse(f.open("rb"), filename=photo.name))


# --- hazards -------------------------------------------------------------------------------


class HazardList(ScopedListView):
    model = Hazard
    table_class = HazardTable
    filterset_class = HazardFilter
    select_related = ("school", "case")
    title = gettext_lazy("Hazard register (隐患台账)")
    export_url_name = "safety:hazard_export"
    empty_hint = gettext_lazy(
        "Every failed item of a safety inspection is entered here as a hazard, with its "
        "deadline by level; schools rectify, districts re-check and strike off."
    )


HazardExport = HazardList.export_view("hazards")


class HazardDetail(ScopedDetailView):
    """The register's row and its case: the moves (整改, 复查, 销号) are made here."""

    model = Hazard
    template_name = "safety/hazard_detail.html"
    select_related = ("school", "case", "inspection")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The case body only for a reader of the case itself (casework's own rule).
        if (
            self.object.case_id
            and visible_cases(self.request.user).filter(pk=self.object.case_id).exists()
        ):
            ctx.update(
                case_page_context(
                    self.object.case, self.request.user, return_to=self.object.get_absolute_url()
                )
            )
        return ctx


# --- the dashboard ---------------------------------------------------------------------------


def _map_option(by_district, waters) -> dict:
    return {
        "tooltip": {"trigger": "item"},
        "visualMap": {
            "min": 0,
            "max": max([r["n"] for r in by_district] + [1]),
            "left": "left",
            "bottom": 10,
            "text": [_("重大 open"), "0"],
            "inRange": {"color": ["#f1f5f9", "#dc2626"]},
            "seriesIndex": 0,
        },
        "geo": {"map": "nanchang", "roam": True},
        "series": [
            {
                "type": "map",
                "geoIndex": 0,
                "name": _("Open 重大 hazards"),
                "data": [{"name": r["district"], "value": r["n"]} for r in by_district],
            },
            {
                "type": "scatter",
                "coordinateSystem": "geo",
                "name": _("Risk waters"),
                "symbolSize": 6,
                "itemStyle": {"color": "#2563eb"},
                "data": [
                    {"name": w.name, "value": [float(w.longitude), float(w.latitude)]}
                    for w in waters
                ],
            },
        ],
    }


@scoped_view(Hazard, "view")
def dashboard(request):
    """By district: open and overdue hazards by level, rectification and on-time rates,
    inspections done against plan, licences expiring, and the map. Reading only."""
    if request.method != "GET" or not may(request.user, Hazard, "view"):
        raise Http404
    user, now = request.user, clock.now()
    figures = selectors.hazard_figures(user, now=now)
    waters = list(selectors.risk_waters(user)[:500]) if may(user, RiskWater, "view") else []
    licences = selectors.expiring_licences(user, today=clock.today())
    return render(
        request,
        "safety/dashboard.html",
        {
            "title": _("Safety dashboard"),
            **figures,
            "plans": selectors.plan_progress(user, today=clock.today())
            if may(user, InspectionPlan, "view")
            else [],
            "canteens": licences["canteens"][:50] if may(user, Canteen, "view") else [],
            "suppliers": licences["suppliers"][:50] if may(user, Supplier, "view") else [],
            "map_option": _map_option(figures["major_by_district"], waters),
            "geojson": nanchang_geojson(),
        },
    )


# --- ledgers ---------------------------------------------------------------------------------


def ledger(model, table, filterset, *, name, title, hint, select=(), importer="", saver=None):
    """The list, export and edit pages of one ledger: the same three on every ledger. A
    ledger a school keeps in a spreadsheet names its ``importer`` (its export then
    writes the importer's columns, so a file goes back in); ``saver`` is the service
    when the ledger's save does more than the audited save."""
    attrs = {
        "__module__": __name__,
        "model": model,
        "table_class": table,
        "filterset_class": filterset,
        "select_related": select,
        "title": title,
        "export_url_name": f"safety:{name}_export",
        "create_url_name": f"safety:{name}_create",
        "empty_hint": hint,
        "import_url_name": f"safety:{name}_import" if importer else "",
    }
    list_view = type(f"{model.__name__}List", (ScopedListView,), attrs)

    def save(self, form, *, creating):
        if saver is not None:
            return saver(form.save(commit=False), self.request.user)
        return services.record_save(obj=form.save(commit=False), user=self.request.user)

    edit = type(
        f"{model.__name__}Edit",
        (ScopedFormView,),
        {"__module__": __name__, "model": model, "form_class": LEDGER_FORMS[model], "save": save},
    )
    return list_view, list_view.export_view(name, importer=importer), edit


def ledger_import(importer: str) -> type[ImportView]:
    return type("LedgerImport", (ImportView,), {"__module__": __name__, "importer": importer})


PlanEdit = ledger(InspectionPlan, PlanTable, PlanFilter, name="plan", title="", hint="")[2]
WaterList, WaterExport, WaterEdit = ledger(
    RiskWater,
    RiskWaterTable,
    RiskWaterFilter,
    name="water",
    title=gettext_lazy("Risk waters (危险水域)"),
    hint=gettext_lazy(
        "Each district registers its risk waters (New): where they are, the township and "
        "village answering for them, warning signs and rescue equipment."
    ),
    select=("unit",),
    importer="safety.water",
)
CanteenList, CanteenExport, CanteenEdit = ledger(
    Canteen,
    CanteenTable,
    CanteenFilter,
    name="canteen",
    title=gettext_lazy("School canteens"),
    hint=gettext_lazy("Each school registers its canteens with their food business licence."),
    select=("school",),
    importer="safety.canteen",
)
SupplierList, SupplierExport, SupplierEdit = ledger(
    Supplier,
    SupplierTable,
    SupplierFilter,
    name="supplier",
    title=gettext_lazy("Food suppliers (大宗食材)"),
    hint=gettext_lazy(
        "Districts and schools register the suppliers they buy from, with their licences; "
        "a licence is flagged 30 days before it expires."
    ),
    select=("unit",),
    importer="safety.supplier",
)
UniformList, UniformExport, UniformEdit = ledger(
    UniformProcurement,
    UniformTable,
    UniformFilter,
    name="uniform",
    title=gettext_lazy("School uniform procurement (校服)"),
    hint=gettext_lazy(
        "Each school records its yearly uniform procurement: the 家长委员会's decision, "
        "price, supplier, quality report and how many bought (voluntary)."
    ),
    select=("school",),
    importer="safety.uniform",
)
InsuranceList, InsuranceExport, InsuranceEdit = ledger(
    InsurancePolicy,
    InsuranceTable,
    InsuranceFilter,
    name="insurance",
    title=gettext_lazy("School liability insurance (校方责任险)"),
    hint=gettext_lazy(
        "Each school records its policy per year: insured should equal enrolled, and a gap "
        "is flagged."
    ),
    select=("school",),
    importer="safety.insurance",
)
MealList, MealExport, MealEdit = ledger(
    MealRecord,
    MealTable,
    MealFilter,
    name="meal",
    title=gettext_lazy("Accompanied meals (校长陪餐)"),
    hint=gettext_lazy(
        "Each school records the meals a school leader ate with the students (陪餐制度), "
        "with the problems found."
    ),
    select=("school",),
    importer="safety.meal",
)
LetterList, LetterExport, LetterEdit = ledger(
    ParentLetter,
    LetterTable,
    LetterFilter,
    name="letter",
    title=gettext_lazy("Parents' letters signed back (告家长书)"),
    hint=gettext_lazy(
        "Each school records, class by class, how many families signed back the campaign's "
        "告家长书 (暑期防溺水 …): counts only."
    ),
    select=("school",),
    importer="safety.letter",
)
MealImport = ledger_import("safety.meal")
CanteenImport = ledger_import("safety.canteen")
SupplierImport = ledger_import("safety.supplier")
UniformImport = ledger_import("safety.uniform")
InsuranceImport = ledger_import("safety.insurance")
LetterImport = ledger_import("safety.letter")
WaterImport = ledger_import("safety.water")

# --- 防溺水 patrols and incident reports ---------------------------------------------------

PatrolList, PatrolExport, PatrolEdit = ledger(
    PatrolRecord,
    PatrolTable,
    PatrolFilter,
    name="patrol",
    title=gettext_lazy("Drowning-prevention patrols (防溺水巡查)"),
    hint=gettext_lazy(
        "Schools and districts record their summer patrols of the waters (New, or import "
        "the patrol sheet): where, how many went, children turned away, what was found."
    ),
    select=("unit", "water"),
    importer="safety.patrol",
)
PatrolImport = ledger_import("safety.patrol")
DrowningList, DrowningExport, DrowningEdit = ledger(
    DrowningIncident,
    DrowningTable,
    DrowningFilter,
    name="drowning",
    title=gettext_lazy("Drowning incidents (溺水事件)"),
    hint=gettext_lazy(
        "A school reports a drowning incident of its student here: grade, age, sex and "
        "outcome; the name is kept encrypted and shown masked."
    ),
    select=("school", "water"),
)

# --- food safety: 大宗食材, 留样, incidents ---------------------------------------------------

PurchaseList, PurchaseExport, PurchaseEdit = ledger(
    FoodPurchase,
    PurchaseTable,
    PurchaseFilter,
    name="purchase",
    title=gettext_lazy("Bulk food purchases (大宗食材)"),
    hint=gettext_lazy(
        "Each school records its canteens' bulk food deliveries (New, or import the "
        "purchase sheet): supplier, goods, amount, and whether the licence and "
        "certificates were checked."
    ),
    select=("school", "canteen__school", "supplier"),
    importer="safety.purchase",
)
PurchaseImport = ledger_import("safety.purchase")
SampleList, SampleExport, SampleEdit = ledger(
    SampleCheck,
    SampleTable,
    SampleFilter,
    name="sample",
    title=gettext_lazy("Food sample checks (留样)"),
    hint=gettext_lazy(
        "Each school records the 留样 check of its canteens' meals (New, or import the "
        "sheet): every dish kept, 125 g, 48 hours, in a fridge of its own."
    ),
    select=("school", "canteen__school"),
    importer="safety.sample",
)
SampleImport = ledger_import("safety.sample")
FoodIncidentList, FoodIncidentExport, FoodIncidentEdit = ledger(
    FoodIncident,
    FoodIncidentTable,
    FoodIncidentFilter,
    name="food_incident",
    title=gettext_lazy("Food incidents"),
    hint=gettext_lazy(
        "A school reports a food-safety incident here (New); it opens a case the school "
        "handles and the district reviews and closes."
    ),
    select=("school", "canteen__school", "case"),
    saver=lambda obj, user: services.food_incident_report(incident=obj, user=user),
)


class FoodIncidentDetail(ScopedDetailView):
    """The report and its case: the moves (report, review, close) are made here."""

    model = FoodIncident
    template_name = "safety/food_incident_detail.html"
    select_related = ("school", "canteen", "case")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if (
            self.object.case_id
            and visible_cases(self.request.user).filter(pk=self.object.case_id).exists()
        ):
            ctx.update(
                case_page_context(
                    self.object.case, self.request.user, return_to=self.object.get_absolute_url()
                )
            )
        return ctx


# --- 校方责任险 claims ------------------------------------------------------------------------

ClaimList, ClaimExport, ClaimEdit = ledger(
    InsuranceClaim,
    ClaimTable,
    ClaimFilter,
    name="claim",
    title=gettext_lazy("Liability insurance claims"),
    hint=gettext_lazy(
        "Each school records the claims on its 校方责任险 policy (New, or import the "
        "insurer's list); the policy's claims and amount paid are their totals."
    ),
    select=("policy__school",),
    importer="safety.claim",
    saver=lambda obj, user: services.claim_save(claim=obj, user=user),
)
ClaimImport = ledger_import("safety.claim")
