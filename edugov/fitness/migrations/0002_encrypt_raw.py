"""The raw measurements encrypted at rest: the column becomes text, each stored object is
encrypted in place under the field's context (``fitness.fitnessresult.raw``), then the
field is the encrypted one (no further schema change)."""

import json

from django.db import migrations, models

import edugov.core.fields

CONTEXT = "fitness.fitnessresult.raw"


def encrypt_rows(apps, schema_editor):
    from edugov.core import crypto

    Result = apps.get_model("fitness", "FitnessResult")
    batch = []
    for pk, text in Result.objects.values_list("pk", "raw").iterator(chunk_size=2000):
        value = json.loads(text) if text else {}
        plain = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        batch.append(Result(pk=pk, raw=crypto.encrypt(plain, CONTEXT)))
        if len(batch) >= 2000:
            Result.objects.bulk_update(batch, ["raw"])
            batch = []
    Result.objects.bulk_update(batch, ["raw"])


def decrypt_rows(apps, schema_editor):
    from edugov.core import crypto

    Result = apps.get_model("fitness", "FitnessResult")
    batch = []
    for pk, text in Result.objects.values_list("pk", "raw").iterator(chunk_size=2000):
        batch.append(Result(pk=pk, raw=crypto.decrypt(text, CONTEXT) if text else "{}"))
        if len(batch) >= 2000:
            Result.objects.bulk_update(batch, ["raw"])
            batch = []
    Result.objects.bulk_update(batch, ["raw"])


class Migration(migrations.Migration):
    dependencies = [("fitness", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="fitnessresult",
            name="raw",
            field=models.TextField(default="{}", verbose_name="raw results"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
        migrations.AlterField(
            model_name="fitnessresult",
            name="raw",
            field=edugov.core.fields.EncryptedJSONField(default=dict, verbose_name="raw results"),
        ),
    ]
