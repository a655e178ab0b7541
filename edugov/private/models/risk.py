"""The risk tier of a school for a year, with what it was computed from: the values the
platform has (licence, tuition account, 年检 result, complaints and safety cases on
casework, enrolment) and those the bureau enters (finance, wage arrears)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class AuditOpinion(models.TextChoices):
    CLEAN = "标准无保留", _("Unqualified")
    EMPHASIS = "带强调事项", _("Unqualified with emphasis")
    QUALIFIED = "保留", _("Qualified")
    ADVERSE = "否定", _("Adverse")
    DISCLAIMER = "无法表示", _("Disclaimer")


TIER_CHOICES = [("红", _("Red")), ("橙", _("Orange")), ("黄", _("Yellow")), ("绿", _("Green"))]


class RiskAssessment(ScopedModel):
    """One school's risk for one year: the entered inputs, and the tier, score and
    explanation (each indicator, its value, its points, the triggers that fired) from the
    risk engine as of ``computed_at``."""

    scope_unit_field = "file__school"

    file = models.ForeignKey(
        "private.PrivateSchool",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("school"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Entered by the bureau: the platform holds no accounts or payroll.
    debt_ratio = models.DecimalField(
        _("debt ratio (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cash_months = models.DecimalField(
        _("months of cash"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    audit_opinion = models.CharField(
        _("audit opinion"), max_length=6, choices=AuditOpinion.choices, blank=True
    )
    wage_arrears = models.BooleanField(_("wage or social-insurance arrears"), default=False)
    enrolment = models.PositiveIntegerField(_("students enrolled"), null=True, blank=True)
    # Computed.
    tier = models.CharField(_("risk tier"), max_length=1, choices=TIER_CHOICES, blank=True)
    previous_tier = models.CharField(
        _("previous tier"), max_length=1, choices=TIER_CHOICES, blank=True
    )
    score = models.DecimalField(
        _("risk score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disposal case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ("-year", "file__school__path")
        constraints = [
            models.UniqueConstraint(fields=("file", "year"), name="private_one_risk_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.file}"

    def get_absolute_url(self) -> str:
        return self.file.get_absolute_url()


class PublicHit(models.Model):
    """Requests to the public list per client address and minute: the rate limit's
    counter, in the database because the project has no shared cache (every worker
    must see the same count)."""

    client = models.CharField(max_length=64)
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("client", "minute"), name="private_hit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minute:%H:%M} {self.count}"
