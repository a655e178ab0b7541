"""Append-only, hash-chained audit events.

Each event stores the HMAC-SHA256 (key ``EDUGOV_AUDIT_KEY``, held outside the database;
see ``keys.py``) of its own canonical content together with the hash of the event before
it, so that editing, deleting or inserting any row breaks the chain at that row, and
``manage.py verify_audit`` names it; without the key the chain cannot be recomputed.
Events written before the chain was keyed (``ChainHead.keyed_from``) keep their plain
SHA-256. The head is anchored outside the database (``anchors.py``) so that cutting the
tail is seen too. On PostgreSQL a trigger additionally refuses UPDATE and DELETE
(migration 0002).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import may

from .keys import AuditKeyring, audit_mac

GENESIS = "0" * 64


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def visible_to(self, user, action: str = "view") -> AppendOnlyQuerySet:
        """Audit events are city-wide: only an audit admin's role grants reading them."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self if may(user, self.model, action) else self.none()


class AuditEvent(models.Model):
    """One audited action: who, as what, from where, did what to which object."""

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # an append-only row must never be touched by a cascade
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    actor_roles = models.CharField(_("roles"), max_length=255, blank=True)
    actor_unit = models.CharField(_("unit"), max_length=100, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    event_type = models.CharField(_("event"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)
    # The id of the EDUGOV_AUDIT_KEY key whose HMAC ``hash`` is; "" for an event written
    # before the chain was keyed (plain SHA-256).
    key_id = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        default_permissions = ("view", "export")

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself, in a fixed form."""
        body = {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "actor_roles": self.actor_roles,
            "actor_unit": self.actor_unit,
            "ip": self.ip,
            "request_id": self.request_id,
            "event_type": self.event_type,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "outcome": self.outcome,
            "changes": self.changes,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }
        if self.key_id:
            # Only keyed events carry it, so the bytes of older events stay as they were
            # hashed; inside the MAC, so the key id cannot be swapped either.
            body["key_id"] = self.key_id
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self, ring: AuditKeyring | None = None) -> str:
        """HMAC-SHA256 under the key ``key_id`` names; plain SHA-256 for an event from
        before the chain was keyed. ``UnknownAuditKey`` if the key is not configured."""
        if self.key_id:
            return audit_mac(self.key_id, self.canonical(), ring)
        return hashlib.sha256(self.canonical()).hexdigest()


class ChainHead(models.Model):
    """A single row that serialises writers: updating it first takes a row lock on
    PostgreSQL and the write lock on SQLite, so two transactions can never chain onto
    the same predecessor."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    # After a retention purge the chain starts at base_seq, whose prev_hash is
    # base_prev_hash; the purge event itself (in the chain) records both.
    base_seq = models.PositiveBigIntegerField(default=1)
    base_prev_hash = models.CharField(max_length=64, default=GENESIS)
    # Events from keyed_from on must be keyed. The boundary is signed (keyed_from_mac,
    # under keyed_from_kid): moving it to re-hash later events without the key fails.
    keyed_from = models.PositiveBigIntegerField(default=1)
    keyed_from_kid = models.CharField(max_length=32, blank=True, default="")
    keyed_from_mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"audit chain head #{self.seq}"
