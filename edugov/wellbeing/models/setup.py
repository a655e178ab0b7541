"""Who does the work: a school's psychology staff and lead counselor, a district's
心理辅导中心 and its staff, and the hospitals cases are referred to (医校协同)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class Staffing(ScopedModel):
    """A school's 心理健康教育 staff (the KPI: at least one, full- or part-time; a field now,
    the teacher registry later) and its lead counselor, who reads every result of the
    school and is told of every alert."""

    scope_unit_field = "school"

    school = models.OneToOneField(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="wb_staffing"
    )
    lead_counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead counselor"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    full_time = models.PositiveSmallIntegerField(_("full-time psychology teachers"), default=0)
    part_time = models.PositiveSmallIntegerField(_("part-time psychology teachers"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("psychology staffing")
        verbose_name_plural = _("psychology staffing")
        ordering = ["school__path"]

    def __str__(self) -> str:
        return str(self.school)

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:staffing_edit", args=[self.pk])

    @property
    def staffed(self) -> bool:
        return self.full_time + self.part_time > 0


class Center(ScopedModel):
    """A district's 区域性中小学生心理辅导中心: its staff read the cases escalated to it and
    are told of every 红 alert in the district."""

    scope_unit_field = "district"

    district = models.OneToOneField(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="wb_center"
    )
    name = models.CharField(_("name"), max_length=100)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="+", blank=True
    )
    hotline = models.CharField(_("hotline number"), max_length=40, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("counselling center")
        verbose_name_plural = _("counselling centers")
        ordering = ["district__path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:center_edit", args=[self.pk])


class Hospital(ScopedModel):
    """A hospital cases are referred to (医校协同), listed by the city or a district."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("listed by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    department = models.CharField(_("department"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:hospital_edit", args=[self.pk])
