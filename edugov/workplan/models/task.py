"""Work decomposed: a point's tasks, their milestones and their KPIs.

A task belongs to its lead unit (who may change it); its co-operating units read it
through ``scope_view_fields`` and report their own part. Status is never stored: it is
computed from dates, reports and KPI values by ``workplan.status``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.relations import MemberOf, Supervises
from edugov.core.scoping import Action, ScopedModel

from .plan import Target, WorkPoint, plain_number


class Task(ScopedModel):
    """A piece of a work point with a lead unit, co-operating units, an owner and a due date."""

    scope_unit_field = "lead_unit"
    scope_view_fields = ("co_units",)
    # The same owners in the form, the API and the import (finding L1).
    choice_rules = {"owner": "edugov.workplan.selectors.assignable_owners"}
    actions = {
        # Issue a 督办单 on it (a casework case, ``casetypes.DUBAN``): a supervising unit
        # over the lead unit.
        "supervise": Action("workplan.supervise_task", Supervises("lead_unit")),
        # Verify and strike off (销号): a supervising unit, never the lead unit itself.
        "strike_off": Action(
            "workplan.supervise_task", Supervises("lead_unit") & ~MemberOf("lead_unit")
        ),
    }

    point = models.ForeignKey(
        WorkPoint, verbose_name=_("work point"), on_delete=models.PROTECT, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("co-operating units"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("completed on"), null=True, blank=True)
    closed_on = models.DateField(
        _("closed (销号) on"), null=True, blank=True, help_text=_("Verified and struck off")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Its 督办单 (casework cases whose subject is the task): lets a case's rule reach the
    # task's owner (``Case.objects.filter(workplan_task__owner=…)``).
    cases = GenericRelation(
        "casework.Case",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="workplan_task",
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["point__number", "pk"]
        # Issuing a 督办单 (with the supervising power, which is data: Unit.supervises).
        permissions = [("supervise_task", _("Can issue supervision notices (督办单) on tasks"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workplan:task_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("The due date is before the start date.")})
        if self.closed_on and not self.done_on:
            raise ValidationError({"closed_on": _("Only a completed task can be closed.")})


class Milestone(ScopedModel):
    """A dated step of a task (方案印发, 项目开工 …)."""

    scope_unit_field = "task__lead_unit"
    scope_view_fields = ("task__co_units",)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_date"]

    def __str__(self) -> str:
        return self.title


class KpiKind(models.TextChoices):
    MANUAL = "manual", _("Reported by hand")
    COMPUTED = "computed", _("Computed by edugov")


class Kpi(ScopedModel):
    """A figure a task must reach: reported by the owner, or computed from edugov's data
    through a registered ``KpiSource`` (``workplan.kpis``)."""

    scope_unit_field = "task__lead_unit"
    scope_view_fields = ("task__co_units",)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="kpis")
    target = models.ForeignKey(
        Target,
        verbose_name=_("plan target"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
    )
    name = models.CharField(_("indicator"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=KpiKind.choices, default=KpiKind.MANUAL
    )
    source_code = models.CharField(_("computed indicator"), max_length=80, blank=True)
    comparator = models.CharField(_("comparator"), max_length=2, default="≥")
    baseline = models.DecimalField(_("baseline"), max_digits=24, decimal_places=4, default=0)
    target_value = models.DecimalField(_("target value"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.comparator} {plain_number(self.target_value)}{self.unit}"

    def clean(self) -> None:
        if self.kind == KpiKind.COMPUTED and not self.source_code:
            raise ValidationError({"source_code": _("A computed KPI needs an indicator.")})
        if self.comparator not in ("≥", ">", "=", "≤", "<"):
            raise ValidationError({"comparator": _("Unknown comparator.")})
