"""What a backup promises about its data: row counts, per-table checksums, schema
versions and the audit chain head, computed the same way at backup and at restore.

The checksums work on a plain DB-API cursor, so the same code reads a live Django
connection, a PostgreSQL transaction pinned to a snapshot, or a raw ``sqlite3``
connection to a backup file that Django knows nothing about.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import connections
from django.db.utils import load_backend

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1
DUMP_NAMES = {"postgresql": "db.dump", "sqlite": "db.sqlite3"}
_FETCH = 2000


class Cursor(Protocol):
    """The part of a DB-API cursor the checksums use."""

    def execute(self, sql: str, params: Any = ...) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ...) -> list[Any]: ...


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks so a 10 GB dump needs no memory."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _canonical_row(row: Any) -> bytes:
    """One row as a line of JSON: the column values as text (or null), in table order.

    Only stable within a vendor (PostgreSQL writes ``true``, SQLite ``1``), which is all a
    backup needs: it is only ever compared with a restore of itself."""
    return (json.dumps(list(row), ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# --- introspection by raw SQL: it must also work on a bare sqlite3 file ---------------


def list_tables(cursor: Cursor, vendor: str) -> list[str]:
    """Every user table, by name."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables "
            "WHERE schemaname = current_schema() ORDER BY tablename"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    return [row[0] for row in cursor.fetchall()]


def _columns(cursor: Cursor, vendor: str, table: str) -> tuple[list[str], list[str]]:
    """The SELECT expressions, one per column in table order, and the ORDER BY terms:
    the primary key, or every column for a table without one (equal rows then hash
    equally in any order).

    Each value is turned into text by the database itself (``::text``, SQLite's
    ``quote()``), not by the driver: Django's connections convert declared types
    (bool, datetime, decimal) and a bare ``sqlite3`` connection to a backup file does
    not, so driver values would differ for identical data."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT a.attname, a.attcollation <> 0, "
            "  coalesce(array_position(i.indkey::int2[], a.attnum), 0) "
            "FROM pg_catalog.pg_attribute a "
            "LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            [quote_name(table)],
        )
        info = cursor.fetchall()
        cols = [name for name, _, _ in info]
        # COLLATE "C": the new server may have another default collation, and a text
        # key sorted differently would change the checksum of identical data.
        terms = {
            name: quote_name(name) + (' COLLATE "C"' if collatable else "")
            for name, collatable, _ in info
        }
        pk = [name for name, _, pos in sorted(info, key=lambda r: r[2]) if pos]
        exprs = [quote_name(name) + "::text" for name in cols]
    else:
        cursor.execute(f"PRAGMA table_info({quote_name(table)})")
        info = cursor.fetchall()  # cid, name, type, notnull, default, pk position
        cols = [row[1] for row in info]
        terms = {name: quote_name(name) for name in cols}
        pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        exprs = [f"quote({quote_name(name)})" for name in cols]
    return exprs, [terms[name] for name in (pk or cols)]


def _batches(cursor: Cursor, vendor: str, query: str) -> Iterator[list[Any]]:
    if vendor != "postgresql":
        cursor.execute(query)
        while batch := cursor.fetchmany(_FETCH):
            yield batch
        return
    # A server-side cursor: psycopg would otherwise load the whole result (a million
    # students) into memory. Needs a transaction, which both callers hold anyway.
    cursor.execute(f"DECLARE edugov_digest NO SCROLL CURSOR FOR {query}")
    try:
        while True:
            cursor.execute(f"FETCH {_FETCH} FROM edugov_digest")
            batch = cursor.fetchall()
            if not batch:
                return
            yield batch
    finally:
        cursor.execute("CLOSE edugov_digest")


def table_digest(cursor: Cursor, vendor: str, table: str) -> TableDigest:
    """Row count and SHA-256 over the table's rows in primary-key order."""
    exprs, order = _columns(cursor, vendor, table)
    # Names come from the catalogue, not from input, and are quoted.
    query = (
        f"SELECT {', '.join(exprs)} FROM {quote_name(table)} "  # noqa: S608
        f"ORDER BY {', '.join(order)}"
    )
    digest, rows = hashlib.sha256(), 0
    for batch in _batches(cursor, vendor, query):
        for row in batch:
            digest.update(_canonical_row(row))
        rows += len(batch)
    return TableDigest(rows, digest.hexdigest())


def database_digest(cursor: Cursor, vendor: str) -> dict[str, TableDigest]:
    """Every table's digest. On PostgreSQL, call it inside a transaction (REPEATABLE
    READ, so that all tables are read from one snapshot)."""
    return {table: table_digest(cursor, vendor, table) for table in list_tables(cursor, vendor)}


def schema_versions(cursor: Cursor) -> dict[str, str]:
    """For every app, the name of the migration applied last (highest id)."""
    cursor.execute(
        "SELECT m.app, m.name FROM django_migrations m "
        "JOIN (SELECT app, max(id) AS id FROM django_migrations GROUP BY app) last "
        "ON last.id = m.id ORDER BY m.app"
    )
    return dict(cursor.fetchall())


def chain_head(cursor: Cursor) -> dict[str, Any]:
    cursor.execute("SELECT seq, last_hash FROM audit_chainhead WHERE id = 1")
    row = cursor.fetchone()
    seq, last_hash = (int(row[0]), row[1]) if row else (0, "0" * 64)
    return {"seq": seq, "hash": last_hash}


def verify_chain_on(alias: str, anchors: list | None = None) -> dict[str, Any]:
    """``audit.verify.verify_chain()`` run against the database ``alias``; against
    ``anchors`` too when given (a backup of the live chain; not a restore, whose older
    copy is rightly behind the newer anchors)."""
    from edugov.audit.verify import verify_chain

    with as_default(alias):
        report = verify_chain(anchors=anchors)
    return {
        "ok": report.ok,
        "checked": report.checked,
        "first_bad_seq": report.first_bad_seq,
        "reason": report.reason,
    }


@contextmanager
def as_default(alias: str) -> Iterator[None]:
    """Make ``alias`` the default connection for the duration of the block.

    Why: ``verify_chain()`` reads through the default managers and takes no ``using``;
    the backup file (SQLite) or the restored scratch database must be verified by the
    very same code, not a copy of it. Only this thread's handle is swapped.
    """
    if alias == "default":
        yield
        return
    original = connections["default"]
    connections["default"] = connections[alias]
    try:
        yield
    finally:
        connections["default"] = original


@contextmanager
def extra_alias(alias: str, **overrides: Any) -> Iterator[str]:
    """A temporary connection alias: the default's settings with ``overrides``.

    The wrapper is registered for this thread only and left out of
    ``connections.settings``: it is a tool of one command, not part of the configuration
    (and Django's test cases treat such ad-hoc connections as the caller's business).
    """
    settings_dict = {**connections["default"].settings_dict, **overrides}
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
