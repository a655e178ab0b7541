"""Restoring a backup into an empty database and proving it equals the manifest.

Restore never overwrites data: a populated target is refused and there is no
``--force``. An operator who really means to replace a database drops it first, by hand,
which is a decision this code should not make for them.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .backup import OpsError, pg_env, pg_tool, run_tool
from .snapshot import (
    DUMP_NAMES,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    chain_head,
    database_digest,
    file_sha256,
    list_tables,
    quote_name,
    schema_versions,
    verify_chain_on,
)


@dataclass
class VerifyReport:
    """The result of comparing a database with a manifest, line by line."""

    lines: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def same(self, line: str) -> None:
        self.lines.append(f"  OK    {line}")

    def differ(self, line: str) -> None:
        self.lines.append(f"  DIFF  {line}")
        self.differences.append(line)


def load_manifest(src_dir: Path) -> dict[str, Any]:
    """Read and sanity-check ``manifest.json`` of a backup directory."""
    path = Path(src_dir) / MANIFEST_NAME
    if not path.is_file():
        raise OpsError(
            f"找不到清单文件 {path}，备份不完整。 / {path} not found: not a complete backup."
        )
    manifest = json.loads(path.read_text())
    if manifest.get("format") != MANIFEST_FORMAT:
        raise OpsError(
            f"不支持的清单格式 / unsupported manifest format: {manifest.get('format')!r}"
        )
    return manifest


def check_dump(src_dir: Path, manifest: dict[str, Any]) -> Path:
    """The dump file, after its SHA-256 matched the manifest (before anything is read)."""
    dump = Path(src_dir) / manifest["dump"]["file"]
    if dump.name != DUMP_NAMES.get(manifest["vendor"]) or not dump.is_file():
        raise OpsError(f"找不到备份文件 / dump file missing: {dump}")
    actual = file_sha256(dump)
    if actual != manifest["dump"]["sha256"]:
        raise OpsError(
            f"备份文件校验失败：{dump.name} 的 SHA-256 与清单不符，文件已损坏或被篡改，"
            f"拒绝恢复。 / Dump checksum mismatch: {dump.name} has SHA-256 {actual}, the "
            f"manifest says {manifest['dump']['sha256']}; the file is damaged or was altered. "
            "Restore refused."
        )
    return dump


def populated_tables(conn: BaseDatabaseWrapper) -> list[str]:
    """What makes the target not empty: on PostgreSQL any table in the public schema
    (pg_restore would collide with it); on SQLite any table holding rows."""
    conn.ensure_connection()
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename FROM pg_catalog.pg_tables "
                "WHERE schemaname = 'public' ORDER BY tablename"
            )
            return [row[0] for row in cursor.fetchall()]
        found = []
        for table in list_tables(cursor, "sqlite"):
            # The name comes from the catalogue, not from input, and is quoted.
            cursor.execute(f"SELECT 1 FROM {quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
        return found


def _restore_postgresql(conn: BaseDatabaseWrapper, dump: Path) -> None:
    env = pg_env(conn)
    name = env.pop("PGDATABASE")
    proc_args = [
        pg_tool("pg_restore"),
        "--no-owner",  # the new machine's role names need not match the old one's
        "--exit-on-error",
        "--single-transaction",  # all or nothing: never a half-restored database
        "--no-password",
        f"--dbname={name}",
        str(dump),
    ]
    run_tool(proc_args, env, "pg_restore")


def _restore_sqlite(conn: BaseDatabaseWrapper, dump: Path) -> None:
    conn.ensure_connection()
    source = sqlite3.connect(dump.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        # The backup API replaces the target page by page under its write lock, so a
        # reader never sees a mix of old and new.
        source.backup(conn.connection)
    finally:
        source.close()


@contextmanager
def _pinned(conn: BaseDatabaseWrapper):
    """One transaction for the whole comparison, so every figure is from one moment."""
    conn.ensure_connection()
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield cursor


def verify_database(*, manifest: dict[str, Any], using: str = "default") -> VerifyReport:
    """Compare database ``using`` with ``manifest``: schema versions, every table's row
    count and checksum, the audit chain head and ``verify_chain()``."""
    conn = connections[using]
    report = VerifyReport()
    if conn.vendor != manifest["vendor"]:
        report.differ(f"vendor: manifest {manifest['vendor']}, database {conn.vendor}")
        return report
    with _pinned(conn) as cursor:
        tables = database_digest(cursor, conn.vendor)
        schema = schema_versions(cursor) if "django_migrations" in tables else {}
        head = chain_head(cursor) if "audit_chainhead" in tables else {"seq": 0, "hash": ""}
        verify = verify_chain_on(using) if "audit_auditevent" in tables else {"ok": False}

    expected_schema = manifest["schema"]
    if schema == expected_schema:
        report.same(f"schema: {len(schema)} apps at the manifest's migrations")
    else:
        for app in sorted(set(schema) | set(expected_schema)):
            if schema.get(app) != expected_schema.get(app):
                report.differ(
                    f"schema {app}: manifest {expected_schema.get(app)}, database {schema.get(app)}"
                )

    expected_tables = manifest["tables"]
    for name in sorted(set(tables) | set(expected_tables)):
        want, got = expected_tables.get(name), tables.get(name)
        if want is None:
            report.differ(f"table {name}: not in the manifest ({got.rows} rows)")
        elif got is None:
            report.differ(f"table {name}: missing ({want['rows']} rows expected)")
        elif got.rows != want["rows"]:
            report.differ(f"table {name}: {got.rows} rows, manifest {want['rows']}")
        elif got.sha256 != want["sha256"]:
            report.differ(f"table {name}: {got.rows} rows but checksum differs")
        else:
            report.same(f"table {name}: {got.rows} rows, sha256 {got.sha256[:12]}…")

    audit = manifest["audit"]
    if (head["seq"], head["hash"]) == (audit["head_seq"], audit["head_hash"]):
        report.same(f"audit chain head: #{head['seq']} {head['hash'][:12]}…")
    else:
        report.differ(
            f"audit chain head: database #{head['seq']} {head['hash'][:12]}…, "
            f"manifest #{audit['head_seq']} {audit['head_hash'][:12]}…"
        )
    if verify.get("ok") and verify.get("checked") == audit["head_seq"]:
        report.same(f"verify_chain: {verify['checked']} events intact")
    else:
        report.differ(
            f"verify_chain: {verify.get('reason') or 'chain differs from the manifest'} "
            f"(event #{verify.get('first_bad_seq')}, {verify.get('checked')} checked)"
        )
    return report


def restore_database(*, src_dir: Path, using: str = "default") -> VerifyReport:
    """Restore the backup in ``src_dir`` into the empty database ``using``, then verify
    it against the manifest. Refuses (OpsError) a populated target or a damaged dump."""
    src_dir = Path(src_dir)
    manifest = load_manifest(src_dir)
    conn = connections[using]
    if conn.vendor != manifest["vendor"]:
        raise OpsError(
            f"备份来自 {manifest['vendor']}，目标是 {conn.vendor}，无法恢复。 / The backup is "
            f"from {manifest['vendor']}, the target is {conn.vendor}: restore refused."
        )
    if conn.in_atomic_block:
        raise OpsError(
            "恢复不能在事务中运行。 / restore must not run inside a database transaction."
        )
    dump = check_dump(src_dir, manifest)
    populated = populated_tables(conn)
    if populated:
        shown = ", ".join(populated[:5]) + (" …" if len(populated) > 5 else "")
        raise OpsError(
            f"目标数据库不为空（{len(populated)} 张表：{shown}），拒绝恢复；请恢复到新建的空数据库。"
            f" / The target database is not empty ({len(populated)} tables: {shown}): restore "
            "refused. Restore into a newly created, empty database."
        )
    if conn.vendor == "postgresql":
        _restore_postgresql(conn, dump)
    else:
        _restore_sqlite(conn, dump)
    return verify_database(manifest=manifest, using=using)
