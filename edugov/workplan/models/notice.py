"""督办单 as the work plan reads them: a proxy of casework's ``Case`` narrowed to the
type ``duban`` (no table of its own; the old SupervisionNotice table is gone, see
migration 0003).

Why a proxy: the work plan's notice pages, export and home panel list 督办单, not every
case, and the authorization matrix reads what a page shows from the page's model. The
rows are written only by casework (``case_open`` / ``case_move``, through
``services.notices``); the scope rules and the moves are ``Case``'s, the permissions
the work plan's (``workplan.view_dubancase`` …, granted with the rest of the app, as the
old notice's were).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from edugov.casework.models import Case
from edugov.core.scoping import ScopedManager

from ..casetypes import CODE


class DubanManager(ScopedManager):
    def get_queryset(self):
        return super().get_queryset().filter(case_type=CODE)


class DubanCase(Case):
    """One 督办单: a casework case of the type ``duban`` whose subject is a task."""

    objects = DubanManager()

    class Meta:
        proxy = True
        verbose_name = _("supervision notice (督办单)")
        verbose_name_plural = _("supervision notices (督办单)")
        default_permissions = ("add", "change", "delete", "view", "export")
        ordering = ["-year", "-seq"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplan:notice_detail", args=[self.pk])
