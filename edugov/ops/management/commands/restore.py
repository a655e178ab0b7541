"""``manage.py restore DIR``: restore a backup into an empty database and verify it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

import edugov
from edugov.ops.backup import OpsError
from edugov.ops.restore import VerifyReport, load_manifest, restore_database, verify_database


class Command(BaseCommand):
    help = (
        "把备份恢复到空数据库并逐表核对。 / Restore a backup into an EMPTY database, then "
        "check every table's row count and checksum and the audit chain against the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="backup directory (with manifest.json)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="connection alias")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="restore nothing: compare the database as it is with the manifest",
        )

    def handle(self, *args, **options) -> None:
        """Restore and verify; exit 2 on a refusal, 1 on any difference."""
        src, using = options["dir"], options["database"]
        try:
            manifest = load_manifest(src)
            if manifest["app_version"] != edugov.__version__:
                self.stderr.write(
                    f"注意：备份来自 edugov {manifest['app_version']}，当前为 "
                    f"{edugov.__version__}；恢复后请运行 migrate。 / Note: the backup is from "
                    f"edugov {manifest['app_version']}, this is {edugov.__version__}: run "
                    "migrate after the restore."
                )
            if options["verify_only"]:
                report = verify_database(manifest=manifest, using=using)
            else:
                report = restore_database(src_dir=src, using=using)
        except OpsError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._print(report, manifest, restored=not options["verify_only"])

    def _print(self, report: VerifyReport, manifest: dict, *, restored: bool) -> None:
        action = "已恢复并核对 / restored and verified" if restored else "已核对 / verified"
        self.stdout.write(
            f"{action}: backup of {manifest['created_at']} "
            f"({manifest['vendor']}, edugov {manifest['app_version']})"
        )
        self.stdout.write("\n".join(report.lines))
        if not report.ok:
            raise CommandError(
                f"数据库与清单不一致（{len(report.differences)} 处）。 / The database differs "
                f"from the manifest in {len(report.differences)} place(s):\n  "
                + "\n  ".join(report.differences)
            )
        self.stdout.write(
            self.style.SUCCESS("一致 / identical to the manifest: counts, checksums, audit chain")
        )
