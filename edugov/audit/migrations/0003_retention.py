"""Retention: the chain head records where a purged chain starts, and the PostgreSQL
trigger allows DELETE only inside a purge transaction and only for rows older than the
180-day floor. UPDATE stays refused."""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('edugov.audit_purge', true) = 'on'
     AND OLD.occurred_at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (%% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE.replace("%%", "%"), params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [
        migrations.AddField("chainhead", "base_prev_hash", models.CharField(default="0" * 64, max_length=64)),
        migrations.AddField("chainhead", "base_seq", models.PositiveBigIntegerField(default=1)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
