"""课后服务: each school's after-school programme for a school year — days and hours,
courses, teachers, vetted external providers, participation, fees and subsidies."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class Programme(ScopedModel):
    """One school's 课后服务 in one school year (the year it starts in September)."""

    scope_unit_field = "school"
    # A school picks its providers among the registry's operating institutions: public
    # facts (the lookup page shows them), though the school cannot open the registry.
    choice_rules = {"providers": "edugov.training.selectors.vetted_providers"}

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    days_per_week = models.PositiveSmallIntegerField(_("days a week"), default=5)
    minutes_per_day = models.PositiveSmallIntegerField(_("minutes a day"), default=120)
    ends_at = models.TimeField(_("ends at"))
    courses = models.TextField(_("courses"), blank=True, help_text=_("One course a line."))
    teachers = models.PositiveIntegerField(_("teachers taking part"), default=0)
    providers = models.ManyToManyField(
        "training.Institution",
        verbose_name=_("external providers"),
        blank=True,
        related_name="programmes",
    )
    students = models.PositiveIntegerField(_("students of the school"))
    participants = models.PositiveIntegerField(_("students taking part"))
    fee = models.DecimalField(
        _("fee per student and term (元)"), max_digits=10, decimal_places=2, default=0
    )
    subsidy = models.DecimalField(
        _("public subsidy per student and term (元)"), max_digits=10, decimal_places=2, default=0
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("after-school programme")
        verbose_name_plural = _("after-school programmes")
        ordering = ["-year", "school__path"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="training_programme_once")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("training:programme_edit", args=[self.pk])

    @property
    def participation(self) -> float:
        return self.participants / self.students if self.students else 0.0
