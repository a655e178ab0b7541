"""Hashed, expiring API tokens replace rest_framework.authtoken.

The old tokens are not carried over: they were stored in clear (anyone who has read the
database or a backup holds them) and were issued by an endpoint without lockout or a
second-factor check. Their table, permissions and content type are removed, so nothing
of the old app stays behind once it leaves INSTALLED_APPS; clients ask for a new token.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forget_authtoken(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="authtoken").delete()
    ContentType.objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_triad_guard'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('prefix', models.CharField(editable=False, max_length=8, verbose_name='key starts with')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used')),
                ('expires_at', models.DateTimeField(verbose_name='expires')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-id'],
                'default_permissions': (),
            },
        ),
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunPython(forget_authtoken, migrations.RunPython.noop),
    ]
