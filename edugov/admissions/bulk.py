"""Writing many plain rows fast: COPY on PostgreSQL, one ``executemany`` elsewhere.

For the tens of thousands of rows a run stores (results) and the demo loads
(preferences). ``bulk_create`` would build a model instance per row and, on SQLite (999
parameters a statement), send a statement per ~100 rows; on PostgreSQL even a pipelined
``executemany`` is one statement per row, where COPY is one stream. Only for columns
that need no per-field conversion (integers, text, booleans, nulls): nothing personal
or encrypted goes through here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models, transaction

BATCH = 5000


def bulk_insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples in ``fields`` order; foreign keys as ids) into ``model``."""
    meta = model._meta
    quote = connection.ops.quote_name
    cols = ", ".join(quote(meta.get_field(f).column) for f in fields)
    table = quote(meta.db_table)
    # One transaction: in autocommit mode SQLite would commit after every row.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Identifiers come from the model's meta, quoted; values travel as COPY rows.
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
