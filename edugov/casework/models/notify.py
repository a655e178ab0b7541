"""Notifications: the in-app inbox, outgoing deliveries (e-mail, group robots) and the
record of each escalation sent, which makes the scan idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .case import Case


class Notification(models.Model):
    """One message in a user's inbox. Read only by its recipient (not scoped by unit: it
    is the user's own), and written only about a case the recipient may read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=12)
    level = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(pgettext_lazy("notification", "subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="casework_unread"),
            models.Index(fields=["recipient", "-created_at"], name="casework_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery", "Pending")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", pgettext_lazy("delivery", "Failed")


class Delivery(models.Model):
    """One message to send through an outside channel (an e-mail address, a group robot).

    Written in the move's transaction, sent after it commits; a failure is recorded
    (attempts, last error, next attempt with a growing pause) and retried by the scan,
    never raised into the move."""

    channel = models.CharField(max_length=16)
    target = models.CharField(max_length=300)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="casework_due_delivery")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.target}: {self.subject}"


class EscalationNotice(models.Model):
    """An escalation level reached for one deadline of one case. The unique constraint
    is what makes the scan idempotent: a second run, or two at once, cannot send the same
    level for the same deadline twice."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField()
    deadline_at = models.DateTimeField()
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "level", "deadline_at"], name="casework_escalation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} level {self.level} for {self.deadline_at:%Y-%m-%d %H:%M}"
