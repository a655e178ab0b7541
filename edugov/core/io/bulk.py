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

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In
from django.utils.datastructures import OrderedSet

BATCH = 5000


class _Any:
    """``field__any=values``: ``field IN (values)``, sent to PostgreSQL as
    ``field = ANY(%s)`` with the values as one array parameter.

    The importer asks for a chunk's 1,000 keys at a time: as an ``IN`` list that is a
    thousand placeholders, each compiled through Django's per-value expression checks,
    and a statement too long for psycopg's query cache, which it then splits again in
    Python on every execution (together ~4 ms a query). The values are prepared as
    ``IN`` prepares them (``get_prep_lookup``, then the field's ``get_db_prep_value``;
    ``None`` dropped, no values no query), so the rows found are the same. Other
    databases, and anything but a plain column and a list of values, get ``IN`` itself.
    Registered on every field by ``CoreConfig.ready``.
    """

    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if (
            not self.rhs_is_direct_value()
            or self.bilateral_transforms
            or isinstance(self.lhs, ColPairs | tuple)
        ):
            return self.as_sql(compiler, connection)
        values = OrderedSet(self.rhs)
        values.discard(None)
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _sql, params = self.get_db_prep_lookup(list(values), connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(params))


class AnyOf(_Any, In):
    """``__any`` on a field (see :class:`_Any`)."""


class RelatedAnyOf(_Any, RelatedIn):
    """``__any`` on a foreign key: its values normalised (an object to its pk) as
    ``RelatedIn`` does."""


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


#: Field classes whose ``pre_save`` reads the attribute and whose ``get_db_prep_save``
#: returns a value of this Python type unchanged. Exact classes only: a subclass (an
#: encrypted text field) converts its value and takes the ORM's own path.
_AS_IS: dict[type[models.Field], type] = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.BooleanField: bool,
}


def rows_preparer(
    fields: Sequence[models.Field], *, add: bool
) -> Callable[[Sequence[models.Model]], list[tuple]]:
    """A function giving, for a batch of model instances, what the ORM's own save would
    send for ``fields`` (``auto_now``, encryption, JSON, dates), for :func:`bulk_insert`
    and :func:`bulk_update_rows`.

    A value the database takes as it is — a ``str`` in a plain ``CharField``, an ``int``
    in an integer field or a foreign key to an integer key — is passed as it is: the
    ORM's per-field call chain cost an import of 100,000 rows of 40 such columns more
    than its database writes. An ``auto_now`` timestamp is taken once per batch (one
    import writes one time, where ``save`` would differ by microseconds per row).
    Everything else goes through ``pre_save`` and ``get_db_prep_save``, as
    ``Model.save`` does.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    stamped = {
        i
        for i, f in enumerate(fields)
        if isinstance(f, models.DateField) and (f.auto_now or (add and f.auto_now_add))
    }
    plain: list[int] = []  # positions of fields whose value may go as it is
    kinds: list[type] = []
    for i, f in enumerate(fields):
        kind = _AS_IS.get(type(f))
        if f.many_to_one and isinstance(f.target_field, models.AutoField | models.IntegerField):
            kind = int
        if kind is not None and i not in stamped:
            plain.append(i)
            kinds.append(kind)
    # Fields whose save path is Field's own, all but ``get_prep_value`` (an encrypted
    # text field): for a ``str``, ``pre_save`` reads the attribute and
    # ``get_db_prep_save``/``get_db_prep_value`` only call ``get_prep_value``, so that is
    # called directly (a student's six encrypted columns went through three calls each).
    direct = [
        (i, f, f.attname)
        for i, f in enumerate(fields)
        if i not in plain
        and i not in stamped
        and type(f).pre_save is models.Field.pre_save
        and type(f).get_db_prep_save is models.Field.get_db_prep_save
        and type(f).get_db_prep_value is models.Field.get_db_prep_value
    ]
    shortcut = plain + [i for i, _f, _name in direct]
    others = [i for i in range(len(fields)) if i not in shortcut]
    expected = tuple(kinds)
    read_plain = operator.itemgetter(*[fields[i].attname for i in plain]) if plain else None

    def prepare(objs: Sequence[models.Model]) -> list[tuple]:
        if not objs:
            return []
        fixed: dict[int, Any] = {}
        for i in stamped:
            f = fields[i]
            value = f.pre_save(objs[0], add)
            fixed[i] = f.get_db_prep_save(value, conn)
            for obj in objs:
                setattr(obj, f.attname, value)
        out = []
        for obj in objs:
            row: list[Any] = [None] * len(fields)
            if read_plain is not None:
                values = read_plain(obj.__dict__)
                if len(plain) == 1:
                    values = (values,)
                if tuple(map(type, values)) != expected:
                    # A None, or a value of another type: that cell the ORM's way.
                    values = tuple(
                        v if v is None or type(v) is k else fields[i].get_db_prep_save(v, conn)
                        for v, k, i in zip(values, kinds, plain, strict=True)
                    )
                for i, v in zip(plain, values, strict=True):
                    row[i] = v
            for i, f, attname in direct:
                value = obj.__dict__.get(attname)
                if type(value) is str:
                    row[i] = f.get_prep_value(value)
                else:
                    row[i] = f.get_db_prep_save(f.pre_save(obj, add), conn)
            for i in others:
                if i in fixed:
                    row[i] = fixed[i]
                else:
                    f = fields[i]
                    row[i] = f.get_db_prep_save(f.pre_save(obj, add), conn)
            out.append(tuple(row))
        return out

    return prepare


def instance_builder(model: type[models.Model]) -> Callable[[dict[str, Any]], models.Model]:
    """A function giving ``model(**values)``, built with positional arguments in field
    order (the ORM's own ``from_db`` path): for a 56-field row the keyword path cost 30 µs,
    the positional one 13 µs. A foreign key given as an object is set after, which also
    keeps the object on the instance as the keyword path would."""
    fields = model._meta.concrete_fields
    layout = [(f, f.name, f.attname, f.is_relation) for f in fields]
    known = {n for f in fields for n in (f.name, f.attname)}

    def build(values: dict[str, Any]) -> models.Model:
        if not values.keys() <= known:
            return model(**values)  # not a concrete field: the ORM's own error
        args = []
        related = []
        for f, name, attname, relation in layout:
            if name in values:
                value = values[name]
                if relation and isinstance(value, models.Model):
                    related.append((name, value))
                    value = value.pk
            elif attname in values:
                value = values[attname]
            else:
                value = f.get_default()
            args.append(value)
        obj = model(*args)
        for name, value in related:
            setattr(obj, name, value)
        return obj

    return build
