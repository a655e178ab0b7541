"""The compulsory-school lottery (公民同招 / 民办超额), DOMAIN.md §5 and
docs/engines/lottery.md.

A draw goes: open (applications and commitments accepted) → closed (the applicant list
frozen and its hash H published; commitments fixed) → each party reveals its secret →
drawn (the public number read out, σ computed, bundle stored). The bundle is the public
record anyone re-checks with ``scripts/verify_lottery.py``.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class DrawStatus(models.TextChoices):
    OPEN = "open", _("Applications open")
    CLOSED = "closed", _("Applications closed, list frozen")
    DRAWN = "drawn", _("Drawn")


class PriorityClass(models.IntegerChoices):
    """公民同招 admission order: a lower class is admitted before any higher one; the
    lottery only orders applicants inside a class (docs/engines/lottery.md §3, where
    1 = 户籍 + 房产). A bare 1/2/3 on a page told a parent nothing."""

    HOUSEHOLD_AND_HOME = 1, _("Class 1: household registration and home in the catchment")
    HOUSEHOLD_OR_HOME = 2, _("Class 2: household registration or home in the catchment")
    OTHER = 3, _("Class 3: other applicants (e.g. children of migrant workers)")


class LotteryDraw(ScopedModel):
    """One oversubscribed school's draw in one year."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "school"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    draw_name = models.CharField(
        _("draw name"),
        max_length=100,
        help_text=_("Exactly as hashed: the school field of the applicant-list hash and keys"),
    )
    seats = models.PositiveIntegerField(_("seats"))
    public_number_rule = models.CharField(_("public number rule"), max_length=300)
    status = models.CharField(
        _("status"), max_length=8, choices=DrawStatus.choices, default=DrawStatus.OPEN
    )
    applicant_list_sha256 = models.CharField(_("applicant-list hash"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("applications closed at"), null=True, blank=True)
    public_number = models.CharField(_("public number"), max_length=100, blank=True)
    seed_hex = models.CharField(_("seed σ"), max_length=64, blank=True)
    bundle = models.TextField(_("verification bundle"), blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")
        ordering = ["-year", "draw_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="admissions_one_draw_a_year")
        ]

    def __str__(self) -> str:
        return self.draw_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admissions:draw_detail", args=[self.pk])


class LotteryApplicant(ScopedModel):
    """An application to an oversubscribed school. The application number is not
    personal data (it goes into the public bundle); the class is local policy
    (1 = 户籍+房产, 2 = …)."""

    scope_unit_field = "draw__school"

    draw = models.ForeignKey(
        LotteryDraw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="applicants"
    )
    application_number = models.CharField(
        _("application number"),
        max_length=20,
        validators=[RegexValidator(r"^[0-9A-Za-z-]+$", _("Letters, digits and - only."))],
    )
    priority_class = models.PositiveSmallIntegerField(
        _("priority class"), default=1, choices=PriorityClass.choices
    )
    rank = models.PositiveIntegerField(_("draw rank"), null=True, blank=True)
    admitted = models.BooleanField(_("admitted"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("lottery applicant")
        verbose_name_plural = _("lottery applicants")
        ordering = ["draw", "rank", "application_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "application_number"], name="admissions_one_application"
            )
        ]

    def __str__(self) -> str:
        return self.application_number


class LotteryParty(ScopedModel):
    """A party to the seed (公证处, 家长代表): its commitment before applications close,
    its secret revealed after."""

    scope_unit_field = "draw__school"

    draw = models.ForeignKey(
        LotteryDraw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="parties"
    )
    party = models.CharField(_("party"), max_length=60)
    commitment = models.CharField(
        _("commitment"),
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("64 lowercase hex digits."))],
    )
    secret = models.CharField(_("revealed secret"), max_length=200, blank=True)
    committed_at = models.DateTimeField(_("committed at"), auto_now_add=True)
    revealed_at = models.DateTimeField(_("revealed at"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("lottery party")
        verbose_name_plural = _("lottery parties")
        ordering = ["draw", "party"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "party"], name="admissions_one_party")
        ]

    def __str__(self) -> str:
        return self.party
