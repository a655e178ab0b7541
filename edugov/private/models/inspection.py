"""年检 (annual inspection). A bureau runs a round per year; its checklist (the form) is
data imported from xlsx; each of its private schools gets one inspection: the school's
self-report with evidence, the bureau's review, the result (合格 / 基本合格 / 不合格),
rectification cases on casework, and the round's results published as a list."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.relations import Below, InScope, Where, Within
from edugov.core.scoping import Action, ScopedModel


class Result(models.TextChoices):
    PASS = "合格", _("Pass (合格)")
    BASIC = "基本合格", _("Basic pass (基本合格)")
    FAIL = "不合格", _("Fail (不合格)")


class InspectionRound(ScopedModel):
    """One bureau's 年检 of one year, over the private schools under it."""

    scope_unit_field = "unit"
    actions = {
        # Opens an inspection for each of the bureau's licensed private schools.
        "start": Action("change", InScope("unit") & Where(published_at__isnull=True)),
        "publish": Action("change", InScope("unit") & Where(published_at__isnull=True)),
    }

    code = models.CharField(_("code"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    self_due = models.DateField(_("self-report due"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("annual inspection round")
        verbose_name_plural = _("annual inspection rounds")
        ordering = ("-year", "code")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("private:round_detail", args=[self.pk])


class InspectionItem(ScopedModel):
    """One line of a round's form (一级指标, 检查指标, 分值; 必达 lines must be fully met)."""

    scope_unit_field = "round__unit"

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("round")
    )
    code = models.CharField(pgettext_lazy("indicator", "code"), max_length=20)
    area = models.CharField(pgettext_lazy("inspection form", "area"), max_length=60)
    name = models.CharField(pgettext_lazy("inspection form", "item"), max_length=300)
    max_score = models.DecimalField(
        _("full marks"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    mandatory = models.BooleanField(_("must be met (必达)"), default=False)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ("round", "code")
        constraints = [
            models.UniqueConstraint(fields=("round", "code"), name="private_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()


class InspectionState(models.TextChoices):
    SELF = "self", _("Self-report")
    SUBMITTED = "submitted", _("Submitted, to review")
    DECIDED = "decided", _("Result given")


class AnnualInspection(ScopedModel):
    """One school's 年检 in a round: self-report → review → result."""

    scope_unit_field = "school"
    actions = {
        # The school, or the bureau above it on its behalf, writes and submits the report.
        "self_report": Action("change", Within("school") & Where(state=InspectionState.SELF)),
        "submit": Action("change", Within("school") & Where(state=InspectionState.SELF)),
        # The review and the result are a bureau's above the school, never the school's.
        "review": Action("change", Below("school") & Where(state=InspectionState.SUBMITTED)),
    }

    round = models.ForeignKey(
        InspectionRound,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("round"),
    )
    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=InspectionState.choices, default=InspectionState.SELF
    )
    self_total = models.DecimalField(
        _("self score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    review_total = models.DecimalField(
        _("review score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_total = models.DecimalField(
        _("full marks"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    result = models.CharField(_("result"), max_length=4, choices=Result.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectification case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("annual inspection")
        verbose_name_plural = _("annual inspections")
        ordering = ("-round__year", "school__path")
        constraints = [
            models.UniqueConstraint(fields=("round", "school"), name="private_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round.year} {self.school.name}"

    def get_absolute_url(self) -> str:
        return reverse("private:inspection_detail", args=[self.pk])


class ItemAnswer(ScopedModel):
    """The school's self score, note and evidence, and the reviewer's score and reason
    for the deduction (扣分原因), for one item."""

    scope_unit_field = "inspection__school"

    inspection = models.ForeignKey(
        AnnualInspection, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(
        _("self score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("self-report note"), blank=True)
    evidence = models.FileField(upload_to="private/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    review_score = models.DecimalField(
        _("review score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_note = models.TextField(_("reason for deduction"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection answer")
        verbose_name_plural = _("inspection answers")
        ordering = ("inspection", "item__code")
        constraints = [
            models.UniqueConstraint(fields=("inspection", "item"), name="private_one_answer")
        ]

    def __str__(self) -> str:
        return self.item.code

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()

    def clean(self) -> None:
        errors = {}
        for field in ("self_score", "review_score"):
            value = getattr(self, field)
            if value is not None and not (0 <= value <= self.item.max_score):
                errors[field] = _("The score must lie between 0 and the full marks.")
        if errors:
            raise ValidationError(errors)


# Result bands on the share of full marks; a 必达 item not fully met caps the result at
# 基本合格. The national 指标体系 (教发厅函〔2021〕40号) sets no bands (UNCONFIRMED).
DEFAULT_RESULT_BANDS = ((85, Result.PASS), (60, Result.BASIC), (0, Result.FAIL))


def result_bands():
    return getattr(settings, "EDUGOV_PRIVATE_RESULT_BANDS", DEFAULT_RESULT_BANDS)
