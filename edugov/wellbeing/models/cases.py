"""A student's psychological case file beside its casework case: who follows it, the
encrypted notes of each 约谈 and follow-up, referrals to hospitals. The loop itself
(alert → response → referral → follow-up → closure, its clocks and escalation) is the
case's (``casework``, types ``wb_crisis`` and ``wb_case``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel

from ..readers import confined_to, readers
from .screening import Tier


class CaseFile(ScopedModel):
    """档案: one student's case, followed by a counselor of the student's current school.
    When the student changes school the file moves (``school``) and the readers with it."""

    scope_unit_field = "school"
    confinement = staticmethod(confined_to(readers()))

    case = models.OneToOneField(
        "casework.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="wellbeing_file",
    )
    student = models.ForeignKey(
        "students.Student", verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned counselor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated = models.BooleanField(_("escalated to the district center"), default=False)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("psychological case")
        verbose_name_plural = _("psychological cases")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.case.number

    def get_absolute_url(self) -> str:
        return reverse("wellbeing:case_detail", args=[self.pk])


class NoteKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview (约谈)")
    FOLLOW_UP = "follow_up", _("Follow-up (跟踪)")
    GUARDIAN = "guardian", _("Talk with the guardian")


class CaseNote(ScopedModel):
    """A note of a 约谈 or follow-up: encrypted at rest (``core.fields``), read only by the
    file's readers."""

    scope_unit_field = "case_file__school"
    confinement = staticmethod(confined_to(readers("case_file")))

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=12, choices=NoteKind.choices)
    text = EncryptedTextField(_("note"))
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ScopedModel.Meta):
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_file} · {self.get_kind_display()}"


class Referral(ScopedModel):
    """A referral to a hospital (医校协同), with its letter (.docx, on the 公文 page)."""

    scope_unit_field = "case_file__school"
    confinement = staticmethod(confined_to(readers("case_file")))

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="referrals")
    hospital = models.ForeignKey(
        "wellbeing.Hospital", verbose_name=_("hospital"), on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(_("reason for referral"))
    referred_on = models.DateField(_("referred on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ScopedModel.Meta):
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_file} → {self.hospital}"

    def get_absolute_url(self) -> str:
        return self.case_file.get_absolute_url()
