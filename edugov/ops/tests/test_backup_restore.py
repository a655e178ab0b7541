"""The backup and restore drill, on whichever database the suite runs on.

Each test restores into a database of its own: a new file on SQLite, a scratch
``edugov_restore_<uuid>`` database on PostgreSQL, created and dropped here. Transactional
tests, because the backup refuses to run inside a transaction (pg_dump, a separate
session, could not see uncommitted rows).
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

import edugov
from edugov.accounts.models import User
from edugov.audit.models import AuditEvent, ChainHead
from edugov.audit.services import audit_record
from edugov.audit.verify import verify_chain
from edugov.core.context import acting
from edugov.ops import backup as backup_module
from edugov.ops.restore import populated_tables
from edugov.ops.snapshot import as_default, database_digest, extra_alias

pytestmark = pytest.mark.django_db(transaction=True)
TARGET = "ops_restore_target"


@pytest.fixture
def seeded(cast):
    """The cast plus audit events with non-ASCII text and nested changes."""
    with acting(cast.city_admin, ip="10.1.2.3", request_id="req-ops-0001"):
        for i in range(6):
            audit_record(
                "ops.drill",
                obj=cast.donghu_school,
                changes={"name": ["东湖区育新学校", f"东湖区育新学校{i}"], "n": [i, i + 1]},
                detail=f"演练 {i}",
            )
    return cast


def _admin_params() -> dict[str, str]:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": str(s["PORT"] or 5432),
        "user": s["USER"],
        "password": s["PASSWORD"],
        "dbname": "postgres",
    }


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """The alias of a new, empty database of the suite's vendor."""
    if connection.vendor == "sqlite":
        with extra_alias(TARGET, NAME=str(tmp_path / "restored.sqlite3"), OPTIONS={}):
            yield TARGET
        return
    name = f"edugov_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_admin_params(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with extra_alias(TARGET, NAME=name):
            yield TARGET
    finally:
        with psycopg.connect(**_admin_params(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(out: Path) -> dict:
    call_command("backup", out=out, stdout=io.StringIO())
    return json.loads((out / "manifest.json").read_text())


def _restore(src: Path, alias: str, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(src), database=alias, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def _digests(alias: str) -> dict:
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        return database_digest(cursor, connections[alias].vendor)


def test_a_backup_restores_into_an_empty_database_with_equal_counts_checksums_and_chain(
    seeded, target, tmp_path
):
    manifest = _backup(tmp_path / "bk")
    dump = tmp_path / "bk" / manifest["dump"]["file"]

    # The manifest records what the drill promises, from the data itself.
    assert manifest["app_version"] == edugov.__version__
    assert manifest["vendor"] == connection.vendor
    latest = MigrationRecorder.Migration.objects.filter(app="audit").order_by("-id").first()
    assert manifest["schema"]["audit"] == latest.name
    assert manifest["dump"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    assert manifest["tables"]["audit_auditevent"]["rows"] == AuditEvent.objects.count() >= 6
    assert (
        manifest["tables"]["accounts_user"]["rows"] == User.objects.count() == len(seeded.users())
    )
    head = ChainHead.objects.get(pk=1)
    assert (manifest["audit"]["head_seq"], manifest["audit"]["head_hash"]) == (
        head.seq,
        head.last_hash,
    )
    assert manifest["audit"]["verify"] == {
        "ok": True,
        "checked": head.seq,
        "first_bad_seq": None,
        "reason": "",
    }

    report = _restore(tmp_path / "bk", target)
    assert "identical to the manifest" in report

    # Independently of the manifest: the restored database equals the source, table by
    # table, and row by row where it matters most.
    source, restored = _digests("default"), _digests(target)
    assert restored == source
    assert {n: (d.rows, d.sha256) for n, d in restored.items()} == {
        n: (t["rows"], t["sha256"]) for n, t in manifest["tables"].items()
    }
    assert list(AuditEvent.objects.using(target).order_by("seq").values_list("seq", "hash")) == (
        list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    )
    assert sorted(User.objects.using(target).values_list("username", "unit__path")) == sorted(
        User.objects.values_list("username", "unit__path")
    )
    with as_default(target):
        assert verify_chain().ok and ChainHead.objects.get(pk=1).last_hash == head.last_hash


def test_restore_refuses_a_populated_database_and_leaves_it_alone(seeded, tmp_path):
    _backup(tmp_path / "bk")
    users_before = User.objects.count()
    with pytest.raises(CommandError, match="not empty") as refused:
        _restore(tmp_path / "bk", "default")
    assert refused.value.returncode == 2
    assert User.objects.count() == users_before


def test_restore_refuses_a_dump_changed_by_one_byte(seeded, target, tmp_path):
    manifest = _backup(tmp_path / "bk")
    dump = tmp_path / "bk" / manifest["dump"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum mismatch"):
        _restore(tmp_path / "bk", target)
    assert populated_tables(connections[target]) == []  # refused before writing anything


def test_a_restored_database_altered_afterwards_is_reported_table_by_table(
    seeded, target, tmp_path
):
    _backup(tmp_path / "bk")
    _restore(tmp_path / "bk", target)

    # One business row changed: exactly that table is named, and the exit code is 1.
    with connections[target].cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET display_name = 'x' WHERE username = 'donghu_principal'"
        )
    with pytest.raises(CommandError) as differs:
        _restore(tmp_path / "bk", target, verify_only=True)
    assert differs.value.returncode == 1
    assert "1 place(s)" in str(differs.value)
    users = len(seeded.users())
    assert f"table accounts_user: {users} rows but checksum differs" in str(differs.value)

    # One audit event rewritten: its table and the chain check both say so.
    with connections[target].cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only in the scratch copy: the trigger is what would stop this in production.
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_auditevent SET detail = 'rewritten' WHERE seq = 2")
    with pytest.raises(CommandError) as differs:
        _restore(tmp_path / "bk", target, verify_only=True)
    message = str(differs.value)
    assert "3 place(s)" in message
    assert "table audit_auditevent" in message
    assert "verify_chain: content does not match its hash (event #2" in message


def test_a_write_during_the_backup_is_in_neither_the_dump_nor_the_manifest(
    seeded, target, tmp_path, monkeypatch
):
    """The manifest describes exactly the dump: a write committed after the snapshot
    was taken but before the checksums were read shows up in neither."""
    real_digest = backup_module.database_digest

    def digest_after_a_concurrent_write(cursor, vendor):
        # Another session commits mid-backup (on SQLite the backup no longer holds the
        # live database, so the default connection is that other session).
        with extra_alias("ops_writer") as writer, connections[writer].cursor() as other:
            other.execute("UPDATE accounts_user SET display_name = 'late' WHERE id > 0")
        return real_digest(cursor, vendor)

    monkeypatch.setattr(backup_module, "database_digest", digest_after_a_concurrent_write)
    _backup(tmp_path / "bk")
    assert User.objects.filter(display_name="late").count() == len(seeded.users())  # landed
    assert "identical to the manifest" in _restore(tmp_path / "bk", target)
    assert not User.objects.using(target).filter(display_name="late").exists()


@pytest.mark.django_db(transaction=False)  # refused before any query: no flush needed
def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    out = tmp_path / "bk"
    out.mkdir()
    (out / "keep.txt").write_text("operator's file")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", out=out, stdout=io.StringIO())
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
