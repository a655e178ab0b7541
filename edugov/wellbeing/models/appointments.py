"""A counselor's open hours and the bookings made in them; the 心理援助热线's duty roster
and its call records (the least personal data: no caller name or number)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.relations import Person
from edugov.core.scoping import ScopedModel

from ..readers import confined_to


class Slot(ScopedModel):
    """One open hour of a counselor, bookable once."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counselor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=40)
    place = models.CharField(_("place"), max_length=60, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("open hour")
        verbose_name_plural = _("open hours")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["counselor", "starts_at"], name="wellbeing_slot_once")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.place}"


class Appointment(ScopedModel):
    """A booking of a slot by a student or a parent. Who booked and why are the
    counselor's to read: confined to the slot's counselor."""

    scope_unit_field = "slot__school"
    confinement = staticmethod(confined_to(Person("slot__counselor")))
    personal_fields = {"name": "name", "contact": "phone"}

    slot = models.OneToOneField(Slot, on_delete=models.PROTECT, related_name="appointment")
    name = EncryptedTextField(_("name"))
    contact = EncryptedTextField(_("contact phone"), blank=True)
    who = models.CharField(
        _("booked by"),
        max_length=10,
        choices=[("student", _("Student")), ("parent", _("Parent"))],
    )
    topic = EncryptedTextField(_("what it is about"), blank=True)
    booked_at = models.DateTimeField(_("booked"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.slot)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("wellbeing:appointment_list")


class DutyShift(ScopedModel):
    """A shift on the district center's hotline (值班)."""

    scope_unit_field = "center__district"

    center = models.ForeignKey(
        "wellbeing.Center",
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on duty"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.center} {self.starts_at:%m-%d %H:%M}"


class HotlineCall(ScopedModel):
    """One call to the hotline: when, how long, about what, and what was done. No name,
    no number: the least personal data the record needs."""

    scope_unit_field = "center__district"

    center = models.ForeignKey(
        "wellbeing.Center", verbose_name=_("center"), on_delete=models.CASCADE, related_name="calls"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    topic = models.CharField(
        _("topic"),
        max_length=12,
        choices=[
            ("study", _("Study pressure")),
            ("family", _("Family")),
            ("peers", _("Friends and classmates")),
            ("mood", _("Mood")),
            ("crisis", _("Crisis")),
            ("other", _("Other")),
        ],
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=[
            ("advice", _("Advice given")),
            ("referred", _("Referred")),
            ("emergency", _("Emergency services called")),
        ],
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.center} {self.at:%m-%d %H:%M}"


__all__ = ["Appointment", "DutyShift", "HotlineCall", "Slot"]
