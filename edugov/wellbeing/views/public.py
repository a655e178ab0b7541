"""The student's pages: no account, a one-time code from the class teacher, one
phone-sized form. The code is spent by the submission; a 红 sheet opens its crisis case
in the same request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from edugov.engines.screening import builtin

from .. import services
from ..forms import CodeForm

SESSION_KEY = "wellbeing_code"


@never_cache
def answer_start(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_redeem(code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            request.session[SESSION_KEY] = form.cleaned_data["code"].strip().upper()
            return redirect("wellbeing:answer_sheet")
    return render(
        request, "wellbeing/answer_start.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def answer_sheet(request):
    code = request.session.get(SESSION_KEY, "")
    try:
        row = services.code_redeem(code=code)
    except ValidationError:
        request.session.pop(SESSION_KEY, None)
        return redirect("wellbeing:answer_start")
    instruments = [builtin(c) for c in row.campaign.instruments]
    error = ""
    if request.method == "POST":
        answers = {}
        for inst in instruments:
            sheet = []
            for item in inst.items:
                value = request.POST.get(f"{inst.code}:{item.id}", "")
                sheet.append(int(value) if value.isdigit() else None)
            answers[inst.code] = sheet
        try:
            services.sheet_submit(code=code, answers=answers)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            request.session.pop(SESSION_KEY, None)
            return render(request, "wellbeing/answer_done.html")
    return render(
        request,
        "wellbeing/answer_sheet.html",
        {
            "instruments": instruments,
            "campaign": row.campaign,
            "error": error,
        },
        status=400 if error else 200,
    )
