"""Progress reports: each period, each unit working on a task reports its part.

A report belongs to the reporting unit (a co-operating district reports its own part)
and is readable by the task's lead unit, whose staff review it (accept, or return with
a comment; the rule lives in ``services.report_review``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.files import EVIDENCE_MAX_BYTES, check_evidence  # noqa: F401 - re-exported
from edugov.core.relations import Person, Within
from edugov.core.scoping import Action, ScopedModel

from .task import Kpi, Task


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ProgressReport(ScopedModel):
    """One unit's report on one task for one period (text, percent, KPI actuals, files)."""

    scope_unit_field = "unit"
    scope_view_fields = ("task__lead_unit",)
    actions = {
        # The lead unit (or a unit above it, such as the bureau over its departments)
        # reviews; never the person who submitted the report.
        "review": Action("change", Within("task__lead_unit") & ~Person("submitted_by")),
    }

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period"), help_text=_("First day of the period"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(_("submitted"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_start", "task", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_start"], name="workplan_report_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit} · {self.period_start:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:report_detail", args=[self.pk])


class KpiActual(ScopedModel):
    """The value of one KPI as reported in one report."""

    scope_unit_field = "report__unit"
    scope_view_fields = ("report__task__lead_unit",)

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="actuals")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField(_("actual value"), max_digits=24, decimal_places=4)

    class Meta(ScopedModel.Meta):
        verbose_name = _("KPI actual")
        verbose_name_plural = _("KPI actuals")
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi"], name="workplan_actual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name}: {self.value}"


class Evidence(ScopedModel):
    """A file attached to a report (a photo of the site, a signed document)."""

    scope_unit_field = "report__unit"
    scope_view_fields = ("report__task__lead_unit",)

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="workplan/evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name
