"""Key the audit chain (finding M3): events record the id of the EDUGOV_AUDIT_KEY key
whose HMAC they carry, and the chain head records, signed, from which event on the chain
is keyed. Events already written keep their SHA-256 and still verify; the first keyed
event's link to them pins them too."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from edugov.audit.keys import audit_keyring, audit_mac, keyed_from_message

    ChainHead = apps.get_model("audit", "ChainHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    head = ChainHead.objects.filter(pk=1).first()
    last = AuditEvent.objects.order_by("-seq").first()
    if head is None and last is None:
        return  # a new install: the first event creates a head keyed from #1
    if head is None:
        head = ChainHead(pk=1, seq=last.seq, last_hash=last.hash)
    # No key, no migration: an installed chain must not go on unkeyed by accident.
    ring = audit_keyring()
    head.keyed_from = head.seq + 1
    head.keyed_from_kid = ring.current
    head.keyed_from_mac = audit_mac(ring.current, keyed_from_message(head.keyed_from), ring)
    head.save()


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_retention")]
    operations = [
        migrations.AddField(
            "auditevent",
            "key_id",
            models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
        migrations.AddField("chainhead", "keyed_from", models.PositiveBigIntegerField(default=1)),
        migrations.AddField(
            "chainhead", "keyed_from_kid", models.CharField(blank=True, default="", max_length=32)
        ),
        migrations.AddField(
            "chainhead", "keyed_from_mac", models.CharField(blank=True, default="", max_length=64)
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
