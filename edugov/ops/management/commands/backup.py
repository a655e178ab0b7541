"""``manage.py backup --out DIR``: a consistent snapshot plus manifest.json."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from edugov.ops.backup import OpsError, backup_database


class Command(BaseCommand):
    help = (
        "备份数据库：一致性快照与 manifest.json。 / Back up the database: a consistent "
        "snapshot (pg_dump or the SQLite online backup API) plus manifest.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, type=Path, help="new or empty directory to write into"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="connection alias")

    def handle(self, *args, **options) -> None:
        """Write the backup; exit 2 on a refusal, 1 if the audit chain is already broken."""
        try:
            manifest = backup_database(out_dir=options["out"], using=options["database"])
        except OpsError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        tables = manifest["tables"]
        audit = manifest["audit"]
        self.stdout.write(
            f"备份完成 / backup written: {options['out']}\n"
            f"  {manifest['vendor']} · edugov {manifest['app_version']} · {manifest['created_at']}\n"
            f"  {len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows\n"
            f"  dump {manifest['dump']['file']} sha256 {manifest['dump']['sha256']}\n"
            f"  audit chain head #{audit['head_seq']} {audit['head_hash']}"
        )
        if not audit["verify"]["ok"]:
            # The backup is kept (it is evidence), but whoever scheduled it must hear.
            raise CommandError(
                f"备份已写入，但审计链已损坏（事件 #{audit['verify']['first_bad_seq']}）。 / "
                f"Backup written, but the audit chain is already broken at event "
                f"#{audit['verify']['first_bad_seq']}: {audit['verify']['reason']}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"  verify_chain: {audit['verify']['checked']} events intact")
        )
