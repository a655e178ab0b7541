"""Taking a backup: one consistent snapshot of the database plus ``manifest.json``.

The manifest is computed from exactly the data in the dump, never from the live
database a moment later: on PostgreSQL ``pg_dump`` joins the snapshot of the
REPEATABLE READ transaction that computes the manifest (``pg_export_snapshot``); on
SQLite the manifest is read back from the backup file itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

import edugov
from edugov.audit.anchors import Anchor, AnchorFileError, append_anchor, read_anchors

from .snapshot import (
    DUMP_NAMES,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    TableDigest,
    chain_head,
    database_digest,
    extra_alias,
    file_sha256,
    schema_versions,
    verify_chain_on,
)

# A dump of a city's data can take a while; a hung pg_dump must still end the job.
PG_DUMP_TIMEOUT = 6 * 3600


class OpsError(Exception):
    """A refusal or failure to show the operator as is (the message is bilingual)."""


def pg_tool(name: str) -> str:
    """Path to ``pg_dump``/``pg_restore``: from ``EDUGOV_PG_BIN_DIR`` (a setting or the
    environment) if set, else the one on PATH. Why configurable: the client must be at
    least as new as the server, and distributions often ship an older one first on PATH."""
    bin_dir = getattr(settings, "EDUGOV_PG_BIN_DIR", "") or os.environ.get("EDUGOV_PG_BIN_DIR")
    path = str(Path(bin_dir) / name) if bin_dir else shutil.which(name)
    if not path or not Path(path).exists():
        raise OpsError(
            f"找不到 {name}，请安装 PostgreSQL 客户端。 / {name} not found: install the "
            "PostgreSQL client tools (or set EDUGOV_PG_BIN_DIR)."
        )
    return path


def pg_env(conn: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq environment for the command-line tools, from the Django connection.

    Why the environment: a password on the command line is visible to every local
    user in ``ps``; PGPASSWORD is not.
    """
    params = conn.get_connection_params()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    mapping = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "passfile": "PGPASSFILE",
        "service": "PGSERVICE",
    }
    for key, var in mapping.items():
        if params.get(key) not in (None, ""):
            env[var] = str(params[key])
    return env


def run_tool(cmd: list[str], env: dict[str, str], what: str) -> str:
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT, check=False
    )
    if proc.returncode:
        raise OpsError(f"{what} 失败 / {what} failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise OpsError(
            f"输出目录 {out_dir} 已存在且不为空，拒绝覆盖。 / "
            f"Output directory {out_dir} exists and is not empty: refusing to write into it."
        )


def _audit_section(head: dict[str, Any], verify: dict[str, Any]) -> dict[str, Any]:
    return {"head_seq": head["seq"], "head_hash": head["hash"], "verify": verify}


def _tables_section(tables: dict[str, TableDigest]) -> dict[str, dict[str, Any]]:
    return {name: {"rows": d.rows, "sha256": d.sha256} for name, d in tables.items()}


def _backup_postgresql(
    conn: BaseDatabaseWrapper, dump: Path, anchors: list[Anchor]
) -> dict[str, Any]:
    pg_dump = pg_tool("pg_dump")
    env = pg_env(conn)
    tool_version = run_tool([pg_dump, "--version"], env, "pg_dump --version").strip()
    conn.ensure_connection()  # connection set-up queries must not open our transaction
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        # pg_dump must import the snapshot while this transaction is still open, so it
        # runs beside the checksums and we wait for it before committing.
        proc = subprocess.Popen(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={dump}",
                "--no-password",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            tables = database_digest(cursor, "postgresql")
            schema = schema_versions(cursor)
            head = chain_head(cursor)
            verify = verify_chain_on(conn.alias, anchors)
        finally:
            _, stderr = proc.communicate(timeout=PG_DUMP_TIMEOUT)
        if proc.returncode:
            raise OpsError(f"pg_dump 失败 / pg_dump failed (exit {proc.returncode}):\n{stderr}")
    return {
        "schema": schema,
        "tables": _tables_section(tables),
        "audit": _audit_section(head, verify),
        "server_version": conn.pg_version,
        "tool": tool_version,
    }


def _backup_sqlite(conn: BaseDatabaseWrapper, dump: Path, anchors: list[Anchor]) -> dict[str, Any]:
    conn.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        # One step (pages=-1) holds a read lock for the whole copy: a consistent snapshot
        # even while the web server and the task worker keep writing.
        conn.connection.backup(target)
        # The live database is in WAL mode; a backup must be one self-contained file.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    uri = dump.resolve().as_uri() + "?mode=ro"
    source = sqlite3.connect(uri, uri=True)
    try:
        cursor = source.cursor()
        tables = database_digest(cursor, "sqlite")
        schema = schema_versions(cursor)
        head = chain_head(cursor)
    finally:
        source.close()
    with extra_alias("ops_backup_file", NAME=uri, OPTIONS={}) as alias:
        verify = verify_chain_on(alias, anchors)
    return {
        "schema": schema,
        "tables": _tables_section(tables),
        "audit": _audit_section(head, verify),
        "server_version": sqlite3.sqlite_version,
        "tool": f"sqlite3 online backup API {sqlite3.sqlite_version}",
    }


def backup_database(*, out_dir: Path, using: str = "default") -> dict[str, Any]:
    """Write a consistent snapshot of database ``using`` and its manifest into
    ``out_dir`` (which must be new or empty); return the manifest."""
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)
    conn = connections[using]
    if conn.in_atomic_block:
        # Inside a transaction the dump (a separate session) and the manifest would see
        # different data: uncommitted rows are in one and not in the other.
        raise OpsError(
            "备份不能在事务中运行。 / backup must not run inside a database transaction."
        )
    if conn.vendor not in DUMP_NAMES:
        raise OpsError(f"不支持的数据库 / unsupported database vendor: {conn.vendor}")
    try:
        anchors = read_anchors()
    except AnchorFileError as exc:
        raise OpsError(f"审计锚点文件不可用 / the audit anchor file cannot be used: {exc}")
    # Owner-only: the dump holds every row (personal fields encrypted, the rest not).
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    dump = out_dir / DUMP_NAMES[conn.vendor]
    try:
        if conn.vendor == "postgresql":
            body = _backup_postgresql(conn, dump, anchors)
        else:
            body = _backup_sqlite(conn, dump, anchors)
        dump.chmod(0o600)
        manifest = {
            "format": MANIFEST_FORMAT,
            "app_version": edugov.__version__,
            "vendor": conn.vendor,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "server_version": body.pop("server_version"),
            "dump": {
                "file": dump.name,
                "sha256": file_sha256(dump),
                "bytes": dump.stat().st_size,
                "tool": body.pop("tool"),
            },
            **body,
        }
        # Written last and renamed into place: a directory without manifest.json is an
        # interrupted backup, never one that looks complete.
        partial = out_dir / (MANIFEST_NAME + ".partial")
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        partial.chmod(0o600)
        partial.replace(out_dir / MANIFEST_NAME)
    except BaseException:
        for leftover in (dump, out_dir / (MANIFEST_NAME + ".partial")):
            leftover.unlink(missing_ok=True)
        raise
    audit = manifest["audit"]
    if audit["verify"]["ok"]:
        # Every backup also anchors the head it saw (M3); a broken chain is not anchored,
        # since that would vouch for it.
        try:
            append_anchor(audit["head_seq"], audit["head_hash"])
        except (AnchorFileError, OSError) as exc:
            raise OpsError(
                f"备份已写入，但审计锚点无法追加。 / Backup written, but the audit anchor "
                f"could not be appended: {exc}"
            )
    return manifest
