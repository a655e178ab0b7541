"""My inbox: 待办 (the cases waiting for one of my moves), 已办 (the cases I moved) and
my notifications; the header's unread count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from edugov.core import clock
from edugov.core.scoping import may, scoped_view

from .. import notify
from ..models import Case, Notification
from ..selectors import done, todo

BOXES = ("todo", "done", "notices")


@scoped_view(Case, "view")
def inbox(request):
    """Reading only: any other method is 404, like a page that is not there."""
    if request.method != "GET" or not may(request.user, Case, "view"):
        raise Http404
    box = request.GET.get("box", "todo")
    if box not in BOXES:
        box = "todo"
    ctx = {"box": box, "title": _("My inbox"), "unread": notify.unread_count(request.user)}
    if box == "notices":
        rows = Notification.objects.filter(recipient=request.user).select_related("case")
        ctx["page"] = Paginator(rows, 50).get_page(request.GET.get("page"))
    else:
        # Nearest deadline first; a plain loop, not a django-tables2 table: the inbox is
        # read many times a day and sorting by column adds nothing to "what is next".
        cases = todo(request.user) if box == "todo" else done(request.user)
        rows = cases.select_related("lead_unit").order_by(
            F("deadline_at").asc(nulls_last=True), "pk"
        )
        ctx["page"] = Paginator(rows, 20).get_page(request.GET.get("page"))
        ctx["now"] = clock.now()
    # The tab's count: the page's own count on the 待办 tab, not a second query.
    ctx["todo_count"] = ctx["page"].paginator.count if box == "todo" else todo(request.user).count()
    return render(request, "casework/inbox.html", ctx)


def unread_badge(request):
    """The header's fragment (loaded by htmx after the page): the user's own unread count."""
    if request.method != "GET":
        raise Http404
    count = notify.unread_count(request.user)
    html = format_html(
        '<a class="link-light" href="{}?box=notices" data-testid="unread">{} '
        '<span class="badge {}">{}</span></a>',
        reverse("casework:inbox"),
        _("Notifications"),
        "bg-danger" if count else "bg-secondary",
        count,
    )
    return HttpResponse(html)


def notifications_read(request):
    """Mark the user's own notifications read (all, or the one named); POST."""
    if request.method != "POST":
        raise Http404
    pk = request.POST.get("pk")
    notify.mark_read(request.user, now=clock.now(), pk=int(pk) if pk and pk.isdigit() else None)
    return redirect(reverse("casework:inbox") + "?box=notices")
