"""Writing many plain rows fast: COPY on PostgreSQL, batched ``executemany`` elsewhere.

For the tens of thousands of rows an admission run stores, the demo loads, or a city
exam imports. ``bulk_create`` builds and prepares a model instance per row (about 150 µs
a row) and, on SQLite (999 parameters a statement), sends a statement per ~100 rows; on
PostgreSQL even a pipelined ``executemany`` is one statement per row, where COPY is one
stream. Values go to the database as given: a field that converts its value (an
encrypted one) must be prepared by the caller with the field's ``get_prep_value``, so
that what is stored is exactly what the ORM would write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connection, models, transaction

BATCH = 5000


def bulk_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``rows`` (tuples in ``fields`` order; foreign keys as ids) into ``model``.

    ``progress`` is called with the number written so far after each batch. Returns the
    number of rows.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    cols = ", ".join(quote(meta.get_field(f).column) for f in fields)
    table = quote(meta.db_table)
    done = 0
    # One transaction (a savepoint inside the caller's): in autocommit mode SQLite would
    # commit after every row.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Identifiers come from the model's meta, quoted; values travel as COPY rows.
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    done += 1
                    if progress and done % BATCH == 0:
                        progress(done)
            return done
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            cursor.executemany(sql, batch)
            done += len(batch)
    return done


def bulk_update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[tuple, int]]
) -> int:
    """Update stored rows: ``rows`` holds (values in ``fields`` order, pk) pairs, values
    prepared as for :func:`bulk_insert`.

    One ``UPDATE … WHERE pk = %s`` sent with ``executemany`` per batch, where
    ``bulk_update`` would build a CASE expression per field and, on SQLite, split a
    50-field model into a statement per ~10 rows.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(meta.get_field(f).column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(*values, pk) for values, pk in rows[start : start + BATCH]])
    return len(rows)
