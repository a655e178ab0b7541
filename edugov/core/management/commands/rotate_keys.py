"""Re-encrypt every EncryptedTextField of every model under the current key.

Run after putting a new key first in EDUGOV_DATA_KEYS (keeping the old one after it);
once it reports 0 left, the old key can be removed. Batches by primary key, one
transaction per batch (rows locked on PostgreSQL), and a second run rewrites nothing.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F

from edugov.audit.services import audit_record
from edugov.core import crypto
from edugov.core.context import acting
from edugov.core.fields import EncryptedTextField


def encrypted_fields() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    out = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            out.append((model, fields))
    return out


def rotate_model(
    model: type[models.Model], fields: list[EncryptedTextField], batch_size: int
) -> tuple[int, int]:
    """(values scanned, values re-encrypted) for one model."""
    ring = crypto.keyring()
    manager = model._base_manager
    # The raw envelope, bypassing from_db_value: to know which key wrote it.
    raw = {
        f"raw_{f.name}": ExpressionWrapper(F(f.name), output_field=models.TextField())
        for f in fields
    }
    scanned = rewritten = 0
    last_pk = None
    while True:
        with transaction.atomic():
            qs = manager.order_by("pk").select_for_update()
            if last_pk is not None:
                qs = qs.filter(pk__gt=last_pk)
            batch = list(qs.annotate(**raw).values("pk", *raw.keys())[:batch_size])
            if not batch:
                break
            last_pk = batch[-1]["pk"]
            changed: dict[str, list[models.Model]] = {}
            for row in batch:
                for f in fields:
                    token = row[f"raw_{f.name}"]
                    if not token:
                        continue
                    scanned += 1
                    if not crypto.needs_rotation(token, ring):
                        continue
                    plaintext = crypto.decrypt(token, f.context(), ring)
                    obj = model(pk=row["pk"])
                    setattr(obj, f.attname, plaintext)
                    changed.setdefault(f.name, []).append(obj)
            for name, objs in changed.items():
                # bulk_update writes through get_prep_value: encrypted under the current key.
                manager.bulk_update(objs, [name], batch_size=batch_size)
                rewritten += len(objs)
    return scanned, rewritten


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the current key (EDUGOV_DATA_KEYS' first)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options):
        ring = crypto.keyring()
        self.stdout.write(f"current key: {ring.current} ({ring.cipher})")
        total_scanned = total_rewritten = 0
        for model, fields in encrypted_fields():
            scanned, rewritten = rotate_model(model, fields, batch_size)
            total_scanned += scanned
            total_rewritten += rewritten
            names = ", ".join(f.name for f in fields)
            self.stdout.write(
                f"{model._meta.label_lower} [{names}]: {scanned} values, {rewritten} re-encrypted"
            )
        with acting(None):
            audit_record(
                "crypto.rotate_keys",
                object_type="core.keyring",
                object_repr=ring.current,
                changes={"values": total_scanned, "reencrypted": total_rewritten},
            )
        self.stdout.write(
            self.style.SUCCESS(f"done: {total_scanned} values, {total_rewritten} re-encrypted")
        )
