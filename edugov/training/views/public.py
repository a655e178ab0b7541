"""The two public pages (no login): the lookup a parent checks an institution with, and
the complaint form. Both are rate-limited per client address (429 past the rate) and
small enough for a phone.

The lookup reads only the public columns (``selectors.public_lookup_unscoped``): licence,
type, status, public penalty. Staff are never read by this page, let alone shown."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edugov.core import context
from edugov.core.privacy import mark_no_store

from ..forms import LookupForm, PublicComplaintForm
from ..models import Category, Field, Institution, Status
from ..selectors import public_lookup_unscoped
from ..services import complaint_submit, throttle_hit


def _throttled(request):
    if throttle_hit(ip=context.current().ip or request.META.get("REMOTE_ADDR", "")):
        return None
    response = render(
        request, "training/public_throttled.html", {"title": _("Too many requests")}, status=429
    )
    response["Retry-After"] = "60"
    return response


def _label(choices, value):
    return dict(choices).get(value, value)


@require_http_methods(["GET"])
def public_lookup(request):
    refused = _throttled(request)
    if refused is not None:
        return refused
    form = LookupForm(request.GET or None)
    rows = []
    if form.is_valid():
        rows = public_lookup_unscoped(form.cleaned_data["q"])
        for r in rows:
            r["category_label"] = _label(Category.choices, r["category"])
            r["field_label"] = _label(Field.choices, r["field"])
            r["status_label"] = _label(Status.choices, r["status"])
    return mark_no_store(
        render(
            request,
            "training/public_lookup.html",
            {
                "title": _("Check a training institution"),
                "form": form,
                "rows": rows,
                "searched": form.is_bound,
            },
        )
    )


@require_http_methods(["GET", "POST"])
def public_complaint(request):
    refused = _throttled(request)
    if refused is not None:
        return refused
    code = request.POST.get("institution") or request.GET.get("institution", "")
    institution = Institution.objects.select_related("district").filter(code=code).first()
    if institution is None:
        raise Http404
    form = PublicComplaintForm(request.POST or None, initial={"institution": code})
    done = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = complaint_submit(
            institution=institution,
            content=data["content"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
        )
        form = None
    return mark_no_store(
        render(
            request,
            "training/public_complaint.html",
            {
                "title": _("Complain about a training institution"),
                "form": form,
                "institution": institution,
                "number": done.case.number if done else "",
            },
            status=400 if form is not None and form.is_bound else 200,
        )
    )
