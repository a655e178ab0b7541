"""Inspections and complaints: plans with checklists, field records, their findings
(each a case on casework), and complaints about an institution (a public-form complaint
with its own case, or a 12345 order of the hotline linked to the institution)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel
from edugov.engines.codes import mask_value


class FindingKind(models.TextChoices):
    # The seven kinds of 隐形变异 (DOMAIN.md §7), then the other findings.
    FRONT = "front", _("Unlicensed consulting or 家政 front")
    TEACHERS = "teachers", _("Unqualified or in-service teachers")
    TIMES = "times", _("Breaking the time rules")
    PLACES = "places", _("Training in homes, hotels or cafés")
    LABELLED = "labelled", _("Subject content labelled as 研学 or camps")
    ONLINE = "online", _("Online subject teaching by an offline institution")
    OTHER_DISGUISED = "other_disguised", _("Other disguised training")
    UNLICENSED = "unlicensed", _("Unlicensed operator")
    PREPAY = "prepay", _("Prepayment over the limits")
    OTHER = "other", _("Other finding")


DISGUISED = (
    FindingKind.FRONT,
    FindingKind.TEACHERS,
    FindingKind.TIMES,
    FindingKind.PLACES,
    FindingKind.LABELLED,
    FindingKind.ONLINE,
    FindingKind.OTHER_DISGUISED,
)


class InspectionPlan(ScopedModel):
    """A plan of inspections (季度巡检, 专项检查) with its checklist, one item a line."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))
    checklist = models.TextField(_("checklist"), help_text=_("One item a line."))

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-starts", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:plan_edit", args=[self.pk])

    def items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class FieldRecord(ScopedModel):
    """One inspection on site, recorded from a phone: an institution of the registry, or
    an operator that is not in it (its name and address as found)."""

    scope_unit_field = "district"

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("inspection plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    institution = models.ForeignKey(
        "training.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    operator = models.CharField(_("operator not in the registry"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    complaint = models.ForeignKey(
        "training.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    visited_on = models.DateField(_("date"))
    inspectors = models.CharField(_("inspected by"), max_length=200)
    checked = models.JSONField(_("checklist results"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("inspection record")
        verbose_name_plural = _("inspection records")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.institution or self.operator}"

    def get_absolute_url(self) -> str:
        return reverse("training:record_detail", args=[self.pk])


class Finding(ScopedModel):
    """What an inspection (or the data) found; its loop is a ``training_case``."""

    scope_unit_field = "record__district"

    record = models.ForeignKey(
        FieldRecord,
        verbose_name=_("inspection record"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    description = models.TextField(_("description"))
    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return self.record.get_absolute_url()

    @property
    def disguised(self) -> bool:
        return self.kind in DISGUISED


class ComplaintChannel(models.TextChoices):
    PUBLIC = "public", _("Public form")
    HOTLINE = "hotline", _("12345 hotline")


class Complaint(ScopedModel):
    """A parent's complaint about an institution. From the public form it opens its own
    ``training_complaint`` case; from 12345 it links the hotline's order (whose case is
    the hotline's ``hotline_order``), so the loop is never duplicated."""

    scope_unit_field = "district"
    personal_fields = {"contact_name": "name", "contact_phone": "phone"}

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "training.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=ComplaintChannel.choices)
    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("complaint"))
    contact_name = EncryptedTextField(_("contact"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    received_at = models.DateTimeField(_("received"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.institution} {self.received_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:complaint_detail", args=[self.pk])

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))


class PublicHit(models.Model):
    """Requests of the public pages per client address and minute: the throttle's
    counter, shared by every worker (the project has no shared cache)."""

    ip = models.CharField(max_length=64)
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ip", "minute"], name="training_hit_once")]

    def __str__(self) -> str:
        return f"{self.ip} {self.minute:%H:%M} {self.count}"
