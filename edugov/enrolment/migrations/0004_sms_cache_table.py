"""The table of the parents' SMS login codes (``CACHES["enrolment_sms"]``, Django's
database cache): created here so that ``migrate`` is all a deployment runs; a setting that
puts the codes elsewhere (tests: in memory) creates nothing."""

from django.db import migrations


def create_cache_table(apps, schema_editor):
    from django.core.management import call_command

    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("enrolment", "0003_results_preregistration_junior")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
