"""督办单: a supervision notice on a lagging or overdue task.

Issued by the 办公室 or the 督导室 (or the bureau itself), answered by the task's owner
with measures and a new date, verified and closed (销号) by the issuer. A notice left
unanswered past its deadline escalates one level a week (``notice_escalate``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.relations import MemberOf, Person
from edugov.core.scoping import Action, ScopedModel

from .task import Task


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("Awaiting response")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed (销号)")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    REMINDED = 1, _("Overdue: reminded")
    LEADERSHIP = 2, _("Escalated to the bureau leadership")
    BRIEFED = 3, _("Named in the bureau's briefing")


class SupervisionNotice(ScopedModel):
    """One 督办单, numbered 督办〔year〕N号 per issuing bureau and year."""

    scope_unit_field = "task__lead_unit"
    scope_view_fields = ("task__co_units",)
    actions = {
        # The task's owner, or a member of its lead unit, answers.
        "respond": Action("change", Person("task__owner") | MemberOf("task__lead_unit")),
        # The issuing unit verifies and closes its own notices (销号).
        "close": Action("change", MemberOf("issuing_unit")),
    }

    number = models.CharField(_("number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="notices"
    )
    issuing_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    reason = models.TextField(pgettext_lazy("notice", "reason"))
    response_due = models.DateField(_("respond by"))
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED
    )
    measures = models.TextField(_("measures"), blank=True)
    new_due_date = models.DateField(_("new completion date"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_on = models.DateField(pgettext_lazy("notice", "closed on"), null=True, blank=True)
    close_comment = models.TextField(_("verification note"), blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("supervision notice (督办单)")
        verbose_name_plural = _("supervision notices (督办单)")
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "seq"], name="workplan_notice_seq_unique"
            ),
            # One open 督办单 per task (issue 15, defect 6): a second would split the
            # owner's answer and the escalation between two numbers. The service says so
            # first, naming the open one; this catches a race.
            models.UniqueConstraint(
                fields=["task"],
                condition=~models.Q(status="closed"),
                name="workplan_notice_one_open_per_task",
                violation_error_message=_("This task already has an open supervision notice."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("workplan:notice_detail", args=[self.pk])
