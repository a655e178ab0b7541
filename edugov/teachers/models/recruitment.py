"""招聘: the year's recruitment plan by district and subject (read against the schools'
shortages), and the 公费师范生 graduates the district places in the schools short of
their subject. A graduate placed becomes a teacher of the registry."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import InScope
from edugov.core.scoping import Action, ScopedModel
from edugov.engines.codes import mask_value

from .registry import Subject


class RecruitmentLine(ScopedModel):
    """How many teachers of a subject a district plans to recruit in a year (招聘计划),
    of them how many places go to 公费师范生."""

    scope_unit_field = "district"

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    planned = models.PositiveSmallIntegerField(_("recruits planned"))
    free_normal = models.PositiveSmallIntegerField(_("of them 公费师范生"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("recruitment plan line")
        verbose_name_plural = _("recruitment plan lines")
        ordering = ["-year", "district", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "subject"], name="teachers_recruit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year} {self.get_subject_display()} {self.planned}"


class Graduate(ScopedModel):
    """A 公费师范生 graduate returning to the district (name and ID encrypted, the ID
    blind-indexed): placed by ``services.graduates_place`` in a school short of the
    subject, where she becomes a teacher."""

    scope_unit_field = "district"
    actions = {"place": Action("change", InScope("district"))}
    personal_fields = {"name": "name", "id_number": "id"}

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("school year"))
    name = EncryptedTextField(pgettext_lazy("person", "name"))
    id_number = EncryptedTextField(_("ID number"))
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    placed_school = models.ForeignKey(
        "org.Unit",
        verbose_name=_("placed at"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    teacher = models.OneToOneField(
        "teachers.Teacher",
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("free normal graduate")
        verbose_name_plural = _("free normal graduates")
        ordering = ["-year", "district", "subject", "pk"]

    def __str__(self) -> str:
        return f"{mask_value('name', self.name)} {mask_value('id', self.id_number)}"

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))
