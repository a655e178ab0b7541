"""The parents' pages (phone-first: SMS login, the form, their own applications), the
public catchment search, and the schools' review queue and review page."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import get_user_model, login
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.accounts.models import Role, RoleAssignment
from edugov.accounts.security import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SEEN_AT
from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedListView
from edugov.org.models import Unit

from . import rules, sms
from .filters import ApplicationFilter
from .models import Application, Category, SchoolPlan, Stage
from .services import application_review, application_submit, catchment_for
from .tables import ApplicationTable

DOC_KINDS = (("household", "户口簿"), ("property", "房产证/租赁备案"), ("permit", "居住证"))


def catchment_search(request):
    """Public: a parent types a 小区 and sees its catchment and school(s)."""
    q = request.GET.get("q", "").strip()[:50]
    year = clock.now().year
    found = catchment_for(year=year, community=q) if q else []
    return render(request, "enrolment/catchment_search.html", {"q": q, "found": found})


class LoginForm(forms.Form):
    phone = forms.RegexField(label=gettext_lazy("mobile number"), regex=r"^1\d{10}$")
    code = forms.CharField(label=gettext_lazy("SMS code"), required=False, max_length=6)


def parent_login(request):
    """Public: phone + SMS code. The first login creates the parent's account (no unit,
    the ``parent`` role, no password)."""
    form = LoginForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        code = form.cleaned_data["code"]
        if not code:
            sms.send_code(phone)
            sent = True
        elif sms.check_code(phone, code):
            User = get_user_model()
            user, created = User.objects.get_or_create(
                username=f"p{phone}", defaults={"phone": phone, "must_change_password": False}
            )
            if created:
                user.set_unusable_password()
                user.save()
                RoleAssignment.objects.create(user=user, role=Role.objects.get(code="parent"))
            # The SMS code is the parent's only credential: each login renews it, so the
            # staff password-age policy never asks a parent for a password they lack.
            user.password_changed_at = timezone.now()
            user.save(update_fields=["password_changed_at"])
            login(request, user, backend="edugov.accounts.backends.RoleBackend")
            # The session policy's keys, as the staff login sets them (accounts.security).
            now = timezone.now().timestamp()
            request.session[SESSION_LOGIN_AT] = request.session[SESSION_SEEN_AT] = now
            request.session[SESSION_EPOCH] = user.session_epoch
            audit_record("enrolment.parent_login", obj=user, actor=user)
            return redirect("enrolment:my_applications")
        else:
            form.add_error("code", _("The code is wrong or has expired."))
            sent = True
    return render(request, "enrolment/parent_login.html", {"form": form, "sent": sent})


@scoped_view(Application, "own")
def my_applications(request):
    """The parent's own applications (``visible_to(user, "own")``)."""
    if not may(request.user, Application, "own"):
        raise Http404
    rows = Application.objects.visible_to(request.user, "own").select_related("school")
    return render(request, "enrolment/my_applications.html", {"rows": rows})


class ApplyForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("school"), queryset=Unit.objects.none())
    # Left out (an older client, the load bench), the grade is primary grade 1.
    stage = forms.ChoiceField(label=gettext_lazy("stage"), choices=Stage.choices, required=False)
    # 小升初 only: the primary school the child leaves (对口直升 when it feeds the school).
    from_school = forms.ModelChoiceField(
        label=gettext_lazy("primary school attended (junior only)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    child_name = forms.CharField(label=gettext_lazy("child's name"), max_length=30)
    child_id = forms.CharField(label=gettext_lazy("child's ID number"), max_length=18)
    birth_date = forms.DateField(label=gettext_lazy("date of birth"))
    community = forms.CharField(label=gettext_lazy("community (小区)"), max_length=100)
    household_in_catchment = forms.BooleanField(
        label=gettext_lazy("household registration in the catchment"), required=False
    )
    property_in_catchment = forms.BooleanField(
        label=gettext_lazy("home (property or lease) in the catchment"), required=False
    )
    property_since = forms.DateField(label=gettext_lazy("home held since"), required=False)
    residence_permit = forms.BooleanField(
        label=gettext_lazy("residence permit (居住证)"), required=False
    )
    permit_since = forms.DateField(label=gettext_lazy("permit issued"), required=False)
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        ids = SchoolPlan.objects.filter(year=year).values("school_id")
        self.fields["school"].queryset = Unit.objects.filter(pk__in=ids).order_by("code")
        feeders = SchoolPlan.feeders.through.objects.filter(schoolplan__year=year)
        self.fields["from_school"].queryset = Unit.objects.filter(
            pk__in=feeders.values("unit_id")
        ).order_by("code")


@scoped_view(Application, "own")
def application_new(request):
    if not may(request.user, Application, "own"):
        raise Http404
    now = clock.now()
    form = ApplyForm(
        request.POST or None,
        initial={"key": uuid.uuid4().hex, "stage": Stage.PRIMARY},
        year=now.year,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        files = [(k, f) for k, _label in DOC_KINDS for f in request.FILES.getlist(k)]
        try:
            app = application_submit(
                user=request.user,
                idempotency_key=d["key"],
                school=d["school"],
                stage=d["stage"] or Stage.PRIMARY,
                from_school=d["from_school"],
                child_name=d["child_name"],
                child_id=d["child_id"],
                birth_date=d["birth_date"],
                community=d["community"],
                facts=rules.Facts(
                    household_in_catchment=d["household_in_catchment"],
                    household_since=None,
                    property_in_catchment=d["property_in_catchment"],
                    property_since=d["property_since"],
                    residence_permit=d["residence_permit"],
                    permit_since=d["permit_since"],
                ),
                files=files,
                now=now,
            )
        except forms.ValidationError as exc:
            from edugov.core.views import add_service_errors

            add_service_errors(form, exc)
        else:
            return redirect(app.parent_url())
    return render(request, "enrolment/apply.html", {"form": form, "doc_kinds": DOC_KINDS})


class ApplicationDetail(NoStoreMixin, ScopedDetailView):
    """The parent's page of one application: status, reason, result."""

    model = Application
    action = "own"
    select_related = ("school", "placed_school", "case")
    template_name = "enrolment/application_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(doc_kinds=DOC_KINDS, documents=self.object.documents.all())
        return ctx


@object_view(Application, "supplement")
def application_supplement(request, app):
    files = [(k, f) for k, _label in DOC_KINDS for f in request.FILES.getlist(k)]
    application_review(user=request.user, application=app, move="supplement", files=files)
    return redirect(app.parent_url())


class ApplicationList(NoStoreMixin, ScopedListView):
    model = Application
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    select_related = ("school", "placed_school")
    title = gettext_lazy("Enrolment applications")
    template_name = "enrolment/application_list.html"
    export_url_name = "enrolment:application_export"
    empty_hint = gettext_lazy(
        "Applications come from parents through the enrolment pages during the window; "
        "a school sees those to itself, a district those to its schools."
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The queue's counts by priority category, over the reader's scope (one query).
        labels = dict(Category.choices)
        ctx["counts"] = [
            {"label": labels.get(r["category"], r["category"]), "n": r["n"]}
            for r in self.get_queryset().values("category").annotate(n=Count("pk")).order_by()
        ]
        return ctx


ApplicationExport = ApplicationList.export_view("enrolment-applications")


class ReviewDetail(NoStoreMixin, ScopedDetailView):
    """The school's review page: facts, derived category, documents, the moves."""

    model = Application
    select_related = ("school", "case")
    template_name = "enrolment/review_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(documents=self.object.documents.all())
        return ctx


@object_view(Application, "view")
def application_move(request, app):
    """The school's review move; the case type's rule decides who may make it."""
    application_review(
        user=request.user,
        application=app,
        move=request.POST.get("move", ""),
        reason=request.POST.get("reason", ""),
    )
    return redirect("enrolment:review_detail", pk=app.pk)


class CatchmentImport(ImportView):
    importer = "enrolment.catchment"
