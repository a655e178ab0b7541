"""预收费资金监管: the supervising bank's statement lines of each institution's custody
(or guarantee) account, imported from the bank's files (``importers``) or fetched from
its feed (``custody``), reconciled by ``engines.training.reconcile``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import ScopedModel


class LineKind(models.TextChoices):
    CHARGE = "charge", _("Charge (收费入账)")
    RELEASE = "release", _("Release for lessons taught (消课划拨)")
    REFUND_REQUEST = "refund_request", _("Refund requested (退费申请)")
    REFUND = "refund", _("Refund paid (退费)")
    BALANCE = "balance", _("Account balance (余额)")


class StatementLine(ScopedModel):
    """One line of a bank statement, keyed by the bank's serial number (a re-sent file
    updates nothing)."""

    scope_unit_field = "institution__district"

    institution = models.ForeignKey(
        "training.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    serial = models.CharField(_("bank serial number"), max_length=64, unique=True)
    booked_on = models.DateField(_("booked on"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=LineKind.choices)
    amount = models.DecimalField(_("amount (元)"), max_digits=14, decimal_places=2)
    lessons = models.PositiveIntegerField(_("lessons"), default=0)
    covers_from = models.DateField(_("period from"), null=True, blank=True)
    covers_to = models.DateField(_("period to"), null=True, blank=True)
    ref = models.CharField(_("refund reference"), max_length=64, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["-booked_on", "serial"]
        indexes = [models.Index(fields=["institution", "booked_on"])]

    def __str__(self) -> str:
        return self.serial

    def get_absolute_url(self) -> str:
        return reverse("training:institution_detail", args=[self.institution_id])

    def clean(self) -> None:
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("An amount is never negative: the kind says which way it goes.")
        if self.kind == LineKind.CHARGE and (self.covers_from is None or self.covers_to is None):
            errors["covers_to"] = _("A charge names the period it pays for.")
        if self.covers_from and self.covers_to and self.covers_to < self.covers_from:
            errors["covers_to"] = _("The period ends before it starts.")
        if self.kind in (LineKind.REFUND_REQUEST,) and not self.ref:
            errors["ref"] = _("A refund request needs its reference.")
        if errors:
            raise ValidationError(errors)
