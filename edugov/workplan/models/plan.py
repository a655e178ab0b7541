"""The plan document and its structure: Plan → Area → WorkPoint → Target.

A plan is uploaded as a draft (the parsed result kept as JSON for review), then
confirmed, which writes its areas, points and targets as rows. The reporting cycle and
the status rule are per plan: a bureau that reports quarterly or tolerates a wider lag
changes the plan, not the code.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import ScopedModel


def plain_number(value) -> str:
    """22.0000 → "22", 2.1800 → "2.18": how a bureau writes figures."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Units that count things: a count is a whole number, so "4.9 个" is shown as "5 个"
# (issue 15, defect 4). Computed averages stay exact underneath; only the figure shown
# is rounded.
COUNT_UNITS = frozenset("个所人名项家座间台套件户园校班次")


def kpi_figure(value, unit: str) -> str:
    """A KPI value as the pages and documents show it: counts as integers."""
    if value is None:
        return ""
    if unit in COUNT_UNITS:
        return str(int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return plain_number(value)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (under review)")
    CONFIRMED = "confirmed", _("Confirmed")


# A plan, area or point is readable by every unit that leads or shares one of its
# tasks: a district officer sees the points her district works on, not the whole plan's
# drafting history.
_TASK_UNITS = ("lead_unit", "co_units")


class Plan(ScopedModel):
    """One year's 工作要点, issued by a bureau (the owning unit)."""

    scope_unit_field = "unit"
    scope_view_fields = tuple(f"areas__points__tasks__{f}" for f in _TASK_UNITS)

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("issuing bureau"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    doc_number = models.CharField(_("document number (文号)"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    parsed = models.JSONField(_("parsed plan"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # Reporting cycle: a period of N months; the report for a period is due on this day
    # of the month after it ends (monthly, due the 5th, unless the plan says otherwise).
    period_months = models.PositiveSmallIntegerField(
        _("reporting period (months)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    report_deadline_day = models.PositiveSmallIntegerField(
        _("report due on day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the month after the period ends"),
    )
    # Status rule: "lagging" when the reported percent trails the time-proportional
    # expectation by more than this, or (if enabled) a KPI is below its trajectory.
    lag_points = models.PositiveSmallIntegerField(
        _("lagging threshold (points)"), default=15, validators=[MaxValueValidator(100)]
    )
    kpi_trajectory_check = models.BooleanField(_("check KPI trajectories"), default=True)
    # A past year's plan is read as it stood when its reporting stopped, not as
    # "everything overdue" years later.
    status_date = models.DateField(
        _("status frozen on"),
        null=True,
        blank=True,
        help_text=_("Compute statuses as of this date (empty: today). Set it to archive a plan."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "-pk"]
        constraints = [
            # The same document (文号) of the same bureau and year is confirmed once
            # (issue 15, defect 6): a second confirm made a twin plan with no tasks.
            # Drafts may repeat (a re-upload is reviewed before anything is written).
            models.UniqueConstraint(
                fields=["unit", "year", "doc_number"],
                condition=models.Q(status="confirmed") & ~models.Q(doc_number=""),
                name="workplan_plan_confirmed_doc_number_unique",
                violation_error_message=_("A plan with this document number is already confirmed."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.status == PlanStatus.DRAFT:
            return reverse("workplan:plan_review", args=[self.pk])
        return reverse("workplan:plan_detail", args=[self.pk])


class Area(ScopedModel):
    """A top-level section of the plan (一、…)."""

    scope_unit_field = "plan__unit"
    scope_view_fields = tuple(f"points__tasks__{f}" for f in _TASK_UNITS)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number_cn}、{self.title}"

    @property
    def number_cn(self) -> str:
        digits = "零一二三四五六七八九十"
        n = self.number
        if n <= 10:
            return digits[n]
        return ("十" if n < 20 else digits[n // 10] + "十") + (digits[n % 10] if n % 10 else "")

    def get_absolute_url(self) -> str:
        return reverse("workplan:area_detail", args=[self.pk])


class WorkPoint(ScopedModel):
    """One numbered work point (工作要点) of an area."""

    scope_unit_field = "area__plan__unit"
    scope_view_fields = tuple(f"tasks__{f}" for f in _TASK_UNITS)

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    responsible = models.CharField(_("responsible units (as written)"), max_length=300, blank=True)
    line = models.PositiveIntegerField(default=0, editable=False)

    class Meta(ScopedModel.Meta):
        verbose_name = _("work point")
        verbose_name_plural = _("work points")
        ordering = ["area__plan", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:point_detail", args=[self.pk])


class Target(ScopedModel):
    """A quantitative target the parser found in a point's text (新增公办幼儿园22所以上)."""

    scope_unit_field = "point__area__plan__unit"
    scope_view_fields = tuple(f"point__tasks__{f}" for f in _TASK_UNITS)

    point = models.ForeignKey(WorkPoint, on_delete=models.CASCADE, related_name="targets")
    subject = models.CharField(pgettext_lazy("work-plan target", "subject"), max_length=200)
    comparator = models.CharField(_("comparator"), max_length=2)
    comparator_text = models.CharField(_("comparator as written"), max_length=20, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    normalised_value = models.DecimalField(_("normalised value"), max_digits=24, decimal_places=4)
    normalised_unit = models.CharField(_("normalised unit"), max_length=20, blank=True)
    sentence = models.TextField(_("source sentence"), blank=True)
    kpi_source = models.CharField(
        _("computed indicator"),
        max_length=80,
        blank=True,
        help_text=_("Code of the indicator edugov computes for this target, if any"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["point", "pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.comparator} {plain_number(self.value)}{self.unit}"
