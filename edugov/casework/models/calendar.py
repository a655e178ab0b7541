"""Local working-day announcements the city admin records beside the national calendar."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class AdjustmentKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKDAY = "workday", _("Make-up working day")


class CalendarAdjustment(ScopedModel):
    """A local day off (a typhoon day, a school closure) or make-up working day, as the
    city announced it. Deadlines in working days count with it (``casework.calendar``).
    Owned by the city (the bureau at the top of the tree): one calendar for the city."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    reason = models.CharField(_("reason"), max_length=200)
    issued_by = models.CharField(_("issuing authority"), max_length=100)
    document = models.CharField(_("document number"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("casework:calendar_edit", args=[self.pk])


class CalendarYear(ScopedModel):
    """A year whose national arrangement the city has entered by hand, as its own days off
    and make-up days, because the installed ``chinese-calendar`` does not have it yet (the
    State Council's notice comes out in the autumn, the package a few weeks later). Only a
    declared year's other days follow the weekday rule: without the declaration a year the
    package lacks stays unknown and deadlines into it are refused, so that a half-entered
    year is never counted as if every weekday worked."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    issued_by = models.CharField(_("issuing authority"), max_length=100)
    document = models.CharField(_("document number"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("year entered in full")
        verbose_name_plural = _("years entered in full")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("casework:calendar_year_edit", args=[self.pk])
