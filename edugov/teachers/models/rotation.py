"""交流轮岗: a district's plan for a school year, its moves, and each involved school's
confirmation. The plan moves draft → confirming (the schools confirm) → approved (the
district) → published (the moves are recorded in the registry); each move is a declared
action (``RotationPlan.actions``) asked through ``can``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMING = "confirming", _("Awaiting school confirmation")
    APPROVED = "approved", _("Approved by the district")
    PUBLISHED = "published", _("Published")


class RotationPlan(ScopedModel):
    """One district's rotation plan for one school year: its parameters (eligibility
    years, quotas, distance limit), the optimiser's report, and its status."""

    scope_unit_field = "district"
    actions = {
        "submit": Action("change", InScope("district")),
        "approve": Action("teachers.approve_rotationplan", InScope("district")),
        "publish": Action("teachers.approve_rotationplan", InScope("district")),
    }

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    min_years = models.PositiveSmallIntegerField(_("years at a school to be eligible"), default=6)
    quota_percent = models.PositiveSmallIntegerField(
        _("share of eligible who rotate (%)"), default=10
    )
    backbone_percent = models.PositiveSmallIntegerField(
        _("share of backbone among rotating (%)"), default=20
    )
    max_km = models.PositiveSmallIntegerField(_("farthest commute (km)"), default=30)
    report = models.JSONField(_("optimiser report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("rotation plan")
        verbose_name_plural = _("rotation plans")
        ordering = ["-year", "district", "-pk"]
        permissions = [("approve_rotationplan", _("Can approve and publish rotation plans"))]

    def __str__(self) -> str:
        return f"{self.district} {self.year} #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("teachers:plan_detail", args=[self.pk])


class RotationMove(ScopedModel):
    """One teacher's move in a plan, with the optimiser's reason."""

    scope_unit_field = "plan__district"

    plan = models.ForeignKey(
        RotationPlan,
        verbose_name=_("rotation plan"),
        on_delete=models.CASCADE,
        related_name="moves",
    )
    teacher = models.ForeignKey(
        "teachers.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+"
    )
    from_school = models.ForeignKey(
        "org.Unit", verbose_name=_("from school"), on_delete=models.PROTECT, related_name="+"
    )
    to_school = models.ForeignKey(
        "org.Unit", verbose_name=_("to school"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=12)
    backbone = models.BooleanField(_("backbone teacher"), default=False)
    km = models.FloatField(_("distance (km)"))
    fills_shortage = models.BooleanField(_("fills a shortage"), default=False)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta(ScopedModel.Meta):
        verbose_name = _("rotation move")
        verbose_name_plural = _("rotation moves")
        ordering = ["plan", "from_school", "pk"]

    def __str__(self) -> str:
        return f"{self.teacher} {self.from_school} → {self.to_school}"


class SchoolConfirmation(ScopedModel):
    """A school's confirmation of a plan's moves from and to it: the principal reads her
    school's moves here (not the district's whole plan) and confirms them."""

    scope_unit_field = "school"
    actions = {"confirm": Action("change", InScope("school"))}

    plan = models.ForeignKey(
        RotationPlan,
        verbose_name=_("rotation plan"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("school confirmation")
        verbose_name_plural = _("school confirmations")
        ordering = ["plan", "school"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "school"], name="teachers_confirm_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.school}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("teachers:confirmation_detail", args=[self.pk])
