"""The two-phase import every module uses.

Phase 1 parses and validates the whole file, collecting every error as
"第 N 行 第 X 列：原因". Phase 2 runs only when there is no error at all, and writes every
row in one transaction with one audit event. Rows upsert by natural key, so importing
an unchanged file creates 0 and updates 0.

Both phases walk the file in chunks of ``CHUNK`` rows as the sandbox streams them, and
every database question is asked once per chunk, never per row: the foreign keys
(``resolve_chunk``), the stored rows with the chunk's natural keys, the scope of new
rows (``units_for_new``) and of changed ones (``visible_to(user, "change")``), and a
module's own bulk checks (``check_chunk``). Nothing is kept between chunks but the
counts, the errors and one 64-bit hash per natural key (for "duplicates row N"), so
memory does not grow with the file's rows beyond those 8-byte keys. Phase 2 never
holds phase 1's rows in memory: an importer that writes in bulk (``bulk_write``)
replays the writes phase 1 prepared and spooled to an anonymous temporary file, chunk
by chunk; the others read the file again from the sandbox and save row by row through
their module's service.

A module declares an ``Importer`` subclass: its model, natural key and columns, and
optionally ``resolve_chunk`` (bulk foreign keys), ``resolve`` (per row, no queries),
``check_chunk`` (bulk checks against stored rows) and ``write_chunk``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import metrics
from edugov.core.scoping import owning_unit, units_for_new
from edugov.engines.codes import mask_value

from .bulk import bulk_insert, bulk_update_rows, instance_builder, rows_preparer
from .export import ExportColumn
from .readers import FileRefused, Sheet, open_sheet
from .rows import (  # noqa: F401 - re-exported: modules import them from here
    CellError,
    Column,
    ColumnError,
    ImportReport,
    Row,
    _error_row,
    cell_error,
    file_sha256,
    import_refused,
    row_error,
)
from .spool import SeenKeys, Spool, SpooledChunk

#: Rows per chunk: large enough that a chunk's handful of queries is cheap per row,
#: small enough that a chunk's model instances are a few MB.
CHUNK = 1000

ProgressFn = Callable[[int, int, str], None]

_UNSEEN = object()
_IMMUTABLE = frozenset({int, str, bool, float, Decimal, dt.date, dt.datetime, type(None)})


class Importer:
    """Declare ``model``, ``key`` and ``columns``; override the hooks as needed.

    ``bulk_write`` makes phase 1 keep each checked chunk's writes, prepared as the
    database takes them, in a :class:`Spool`, and phase 2 replay them in a few
    statements a chunk (``bulk_insert`` / ``bulk_update_rows``) instead of reading the
    file again and calling ``save`` per row. A module sets it when its service adds
    nothing to a save that phase 1 has not already checked (a unit's ``save`` computes
    its tree path from its pk, so units stay per row). An update then writes the fields
    the import sets (and ``auto_now`` ones), not the whole row.
    """

    model: ClassVar[type[models.Model]]
    key: ClassVar[tuple[str, ...]]
    columns: ClassVar[list[Column]]
    title: ClassVar[str | Promise] = ""
    max_errors: ClassVar[int] = 1000
    bulk_write: ClassVar[bool] = False
    # Views hand the class to templates ({{ importer.title }}); a template calls what it
    # can, and calling an importer without its user failed silently into an empty title.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, user: Any):
        self.user = user
        self._field_sets: dict[frozenset[str], tuple[models.Field, ...]] = {}
        self._preparers: dict[tuple, Callable[[list[models.Model]], list[tuple]]] = {}
        self._cacheable: list[models.Field] | None = None
        self._mapped: tuple | None = None
        self._build: Callable[[dict[str, Any]], models.Model] | None = None
        self._valid: set[tuple] = set()

    # Hooks -----------------------------------------------------------------

    def resolve_chunk(self, values: list[dict[str, Any]]) -> None:
        """Load what ``resolve`` needs for a chunk of parsed rows in a few queries (the
        schools its codes name, say), before ``resolve`` runs on each row."""

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        """Turn parsed cells into model field values (foreign keys, derived fields),
        from what ``resolve_chunk`` loaded: no query per row.

        Raise ``ColumnError(field, message)`` to point at one column, or ``CellError``
        for a problem of the row as a whole.
        """
        return values

    def check_chunk(self, rows: list[Row]) -> dict[int, tuple[str, str]]:
        """Checks against stored rows for a chunk, in bulk (a duplicate ID elsewhere):
        ``{row number: (field, message)}``. Rows carry their instance and action."""
        return {}

    def clean(self, instance: models.Model, exclude: list[str]) -> None:
        """Model validation of one row without queries: ``exclude`` holds the foreign
        keys ``resolve`` found (their existence check is a query each), and unique
        checks are the importer's, by chunk. What ``full_clean`` does without them:
        the fields, then the model's ``clean``, all errors together."""
        errors: dict[str, Any] = {}
        try:
            self.clean_fields(instance, exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, instance: models.Model, exclude: Iterable[str]) -> None:
        """``Model.clean_fields``, skipping a field whose value this import has already
        seen pass in that field unchanged.

        A statistics row has 41 counts, mostly small numbers that repeat on every row:
        Django's per-field ``clean`` (conversion, choices, validators) on each cell was
        the largest cost of an import. Only Django's own non-relational fields are
        remembered (their ``clean`` depends on the value alone), only values it returned
        as they were, and only hashable ones.
        """
        if self._cacheable is None:
            self._cacheable = [
                f
                for f in self.model._meta.concrete_fields
                if not f.is_relation and type(f).__module__.startswith("django.")
            ]
        values = instance.__dict__
        known: set[str] = set(exclude)
        fresh: list[tuple[models.Field, tuple]] = []
        for f in self._cacheable:
            value = values.get(f.attname)
            key = (f.attname, type(value), value)
            try:
                if key in self._valid:
                    known.add(f.name)
                    continue
            except TypeError:  # a list (JSON): not remembered
                continue
            fresh.append((f, key))
        failed: set[str] = set()
        try:
            instance.clean_fields(exclude=known)
        except ValidationError as exc:
            failed = set(exc.message_dict)
            raise
        finally:
            if len(self._valid) > 200_000:  # unique values (IDs) would grow it forever
                self._valid.clear()
            for f, key in fresh:
                value = values.get(f.attname)
                if f.name not in failed and type(value) is key[1] and value == key[2]:
                    self._valid.add(key)

    def save(self, instance: models.Model, created: bool) -> None:
        """Persist one row; a module overrides this to call its own service."""
        instance.save()

    def write_chunk(self, rows: list[Row]) -> None:
        """Phase 2 for one chunk of an importer without ``bulk_write``: every row,
        unchanged ones included (a module may have rows of its own to apply for those
        too)."""
        for row in rows:
            if row.action != "unchanged":
                self.save(row.instance, row.action == "create")

    def close(self) -> None:
        """Release what the import held (a module's scratch files); after ``run``."""

    def open(self, fh, name: str, size: int) -> Sheet:
        """The upload as a sheet of rows, read in the sandbox. An importer of a
        many-table form (the 教基 workbooks) overrides this to translate the form into
        rows through a declared layout; what it finds wrong on the way goes in
        ``Sheet.problems``."""
        return open_sheet(fh, name, size)

    def queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    # Machinery -----------------------------------------------------------------

    def _map_header(self, header: list[str]) -> tuple[dict[str, int], list[str]]:
        errors: list[str] = []
        index: dict[str, int] = {}
        lowered = [h.strip().lower() for h in header]
        for col in self.columns:
            names = col.headers()
            found = [i for i, h in enumerate(lowered) if h in names]
            if found:
                index[col.field] = found[0]
            elif col.required:
                errors.append(row_error(1, _("missing column “%(label)s”") % {"label": col.label}))
        return index, errors

    def _chunks(self, sheet: Sheet, index: dict[str, int], report: ImportReport):
        """The sheet's rows, parsed and resolved, a chunk at a time; rows with errors
        are reported and left out."""
        label = {c.field: c.label for c in self.columns}
        batch: list[tuple[int, dict[str, Any]]] = []
        number = 1
        for raw in sheet.rows:
            number += 1
            report.rows += 1
            values, errs = self._parse_row(raw, index, number)
            if errs:
                report.errors.extend(errs)
            else:
                batch.append((number, values))
            if len(batch) == CHUNK:
                yield self._resolved(batch, report, index, label)
                batch = []
            if len(report.errors) >= self.max_errors:
                return
        if batch:
            yield self._resolved(batch, report, index, label)

    def _resolved(self, batch, report, index, label) -> list[Row]:
        self.resolve_chunk([values for _number, values in batch])
        rows: list[Row] = []
        for number, values in batch:
            try:
                rows.append(Row(number, self.resolve(values, number)))
            except ColumnError as exc:
                report.errors.append(
                    cell_error(
                        number,
                        index.get(exc.field, 0),
                        label.get(exc.field, exc.field),
                        exc.message,
                    )
                )
            except CellError as exc:
                report.errors.append(row_error(number, str(exc)))
        return rows

    def _key(self, values: dict[str, Any]) -> tuple:
        return tuple(_pk(values[k]) for k in self.key)

    def _row_key(self, row: Row) -> tuple:
        """The row's natural key, computed once: the duplicate check, the match and the
        spool each ask for it, and the values it is made of do not change meanwhile."""
        if row.key is None:
            row.key = self._key(row.values)
        return row.key

    def _match(self, rows: list[Row]) -> None:
        """Each row's instance and action, from one query for the chunk's keys."""
        if not rows:
            return
        meta = self.model._meta
        attnames = [meta.get_field(k).attname for k in self.key]
        keys = [self._row_key(r) for r in rows]
        lookup = {
            f"{att}__any": {k[i] for k in keys if k[i] is not None}
            for i, att in enumerate(attnames)
        }
        existing = {
            tuple(getattr(obj, a) for a in attnames): obj
            for obj in self.queryset().filter(**lookup)
        }
        for row, key in zip(rows, keys, strict=True):
            obj = existing.get(key)
            if obj is None:
                row.instance, row.action = self._new_instance(row.values), "create"
                continue
            changed = False
            for name, value in row.values.items():
                field = meta.get_field(name)
                # A foreign key is compared by id: reading obj.school would load it.
                if field.is_relation:
                    changed |= getattr(obj, field.attname) != _pk(value)
                    # The resolved object, even when unchanged: model validation and
                    # the scope rule read it, and a stored row would load it per row.
                    setattr(obj, name if isinstance(value, models.Model) else field.attname, value)
                elif getattr(obj, name) != value:
                    setattr(obj, name, value)
                    changed = True
            row.instance, row.action = obj, ("update" if changed else "unchanged")

    def _new_instance(self, values: dict[str, Any]) -> models.Model:
        if self._build is None:
            self._build = instance_builder(self.model)
        return self._build(values)

    def _out_of_scope(self, rows: list[Row]) -> set[int]:
        """Row numbers the user may not write (see :meth:`_refused`)."""
        new = {}
        for r in rows:
            if r.action == "create":
                unit = owning_unit(r.instance)
                new[r.number] = unit.pk if unit is not None else None
        changed = {r.number: r.instance.pk for r in rows if r.action == "update"}
        return self._refused(new, changed) | self._moved_out(rows)

    def _moved_out(self, rows: list[Row]) -> set[int]:
        """Updates that would move a row to an owning unit outside the user's scope (a
        teacher's row naming another district's school): refused here, in phase 1 with
        the row named, rather than found by phase 2's check after the write. One query
        per chunk; for a model owned through a direct foreign key."""
        field = getattr(self.model, "scope_unit_field", "")
        if not field or "__" in field:
            return set()
        moved = {
            r.number: getattr(r.instance, f"{field}_id", None) for r in rows if r.action == "update"
        }
        if not moved:
            return set()
        root = self.user.scope_root() if hasattr(self.user, "scope_root") else None
        if root is None:
            return set(moved)
        unit_model = apps.get_model("org", "Unit")
        inside = set(
            unit_model._default_manager.filter(
                pk__any={pk for pk in moved.values() if pk is not None}, path__startswith=root.path
            ).values_list("pk", flat=True)
        )
        return {n for n, pk in moved.items() if pk not in inside}

    def _refused(self, new: dict[int, int | None], changed: dict[int, int]) -> set[int]:
        """Row numbers the user may not write, from one query per kind of write: the
        rule of ``can`` for new rows (``units_for_new`` on the pks of their owning
        units) and for stored rows (``visible_to(user, "change")`` on their pks)."""
        refused: set[int] = set()
        if new:
            units = {pk for pk in new.values() if pk is not None}
            allowed: set[int] = set()
            if units:
                unit_model = apps.get_model("org", "Unit")
                allowed = set(
                    units_for_new(
                        self.user, self.model, unit_model._default_manager.filter(pk__any=units)
                    ).values_list("pk", flat=True)
                )
            refused |= {n for n, pk in new.items() if pk is None or pk not in allowed}
        if changed:
            visible = set(
                self.model._default_manager.visible_to(self.user, "change")
                .filter(pk__any=changed.values())
                .values_list("pk", flat=True)
            )
            refused |= {n for n, pk in changed.items() if pk not in visible}
        return refused

    def validate(
        self, sheet: Sheet, progress: ProgressFn | None = None, spool: Spool | None = None
    ) -> ImportReport:
        """Phase 1: every row parsed, resolved, model-validated and scope-checked.

        With a ``spool`` (importers with ``bulk_write``), each chunk's writes, prepared
        as the database takes them, are kept there while no error has been found, so
        that phase 2 need not read, parse and resolve the file a second time."""
        report = ImportReport()
        if sheet.problems:
            report.errors = list(sheet.problems)
            return report
        index, header_errors = self._map_header(sheet.header)
        if header_errors:
            report.errors = header_errors
            return report
        label = {c.field: c.label for c in self.columns}
        relations = [
            f.name for f in self.model._meta.concrete_fields if f.is_relation and f.many_to_one
        ]
        # One 64-bit hash per natural key, for duplicates across chunks, kept on disk.
        seen = SeenKeys()
        try:
            return self._validate(sheet, progress, spool, index, label, relations, seen)
        finally:
            seen.close()

    def _validate(self, sheet, progress, spool, index, label, relations, seen) -> ImportReport:
        report = ImportReport()
        for rows in self._chunks(sheet, index, report):
            earlier = seen.add([(hash(self._row_key(row)), row.number) for row in rows])
            unique = []
            for row in rows:
                if row.number in earlier:
                    message = _("duplicates row %(other)s") % {"other": earlier[row.number]}
                    report.errors.append(row_error(row.number, message))
                else:
                    unique.append(row)
            self._match(unique)
            refused = self._out_of_scope(unique)
            bulk_errors = self.check_chunk([r for r in unique if r.number not in refused])
            for row in unique:
                if row.action == "unchanged":
                    report.unchanged += 1
                    continue
                if row.number in refused:
                    # Same words whether the row exists elsewhere or not: no existence leak.
                    report.errors.append(row_error(row.number, _("outside your scope")))
                    continue
                if row.number in bulk_errors:
                    name, message = bulk_errors[row.number]
                    report.errors.append(self._field_error(row.number, name, message, index, label))
                    continue
                exclude = [n for n in relations if isinstance(row.values.get(n), models.Model)]
                try:
                    self.clean(row.instance, exclude)
                except ValidationError as exc:
                    for name, msgs in exc.message_dict.items():
                        report.errors.append(
                            self._field_error(row.number, name, msgs[0], index, label)
                        )
            if spool is not None and not report.errors:
                spool.add(self._prepared(unique))
            if progress:
                progress(report.rows, sheet.total_rows or report.rows, _("Validating"))
            if len(report.errors) >= self.max_errors:
                break
        # A chunk reports its cells' errors before its bulk checks: back to row order.
        report.errors.sort(key=_error_row)
        if len(report.errors) >= self.max_errors:
            report.errors.append(_("Too many errors; checking stopped."))
        return report

    @staticmethod
    def _field_error(number: int, name: str, message: str, index, label) -> str:
        if name in index:
            return cell_error(number, index[name], label[name], message)
        return row_error(number, message)

    def _parse_row(
        self, raw: list[Any], index: dict[str, int], number: int
    ) -> tuple[dict[str, Any], list[str]]:
        if self._mapped is None or self._mapped[0] is not index:
            cols = [(c, index[c.field], {}) for c in self.columns if c.field in index]
            self._mapped = (index, cols, max(index.values(), default=-1) + 1)
        _index, cols, width = self._mapped
        if len(raw) < width:
            raw = [*raw, *[""] * (width - len(raw))]
        values: dict[str, Any] = {}
        errors: list[str] = []
        for col, i, seen in cols:
            cell = raw[i]
            text = (
                cell.strip() if type(cell) is str else ("" if cell is None else str(cell).strip())
            )
            if not text:
                if col.required:
                    errors.append(cell_error(number, i, col.label, _("a value is required")))
                values[col.field] = None
                continue
            # A column's parser is a function of the cell's text: a count or a code that
            # repeats down the sheet is parsed once (immutable results only).
            value = seen.get(text, _UNSEEN)
            if value is not _UNSEEN:
                values[col.field] = value
                continue
            try:
                value = values[col.field] = col.parse(text)
            except (CellError, ValidationError) as exc:
                msg = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                errors.append(cell_error(number, i, col.label, msg or _("invalid value")))
                continue
            except (ValueError, ArithmeticError):
                # A parser's own int()/float() failing ("abc", "INFINITY", "1e999"): the
                # user gets "invalid value", never a crash or Python's English message.
                errors.append(cell_error(number, i, col.label, _("invalid value")))
                continue
            if type(value) in _IMMUTABLE and len(seen) < 10_000:
                seen[text] = value
        return values, errors

    def _write_fields(self, names: frozenset[str]) -> tuple[models.Field, ...]:
        """The fields an update writes: those the import sets, and those the ORM sets on
        every save (``auto_now``), so that a field the file does not carry keeps what
        someone else may have stored meanwhile."""
        if names not in self._field_sets:
            self._field_sets[names] = tuple(
                f
                for f in self.model._meta.concrete_fields
                if not f.primary_key
                and (f.name in names or f.attname in names or getattr(f, "auto_now", False))
            )
        return self._field_sets[names]

    def _preparer(self, fields: tuple[models.Field, ...], *, add: bool):
        key = (fields, add)
        if key not in self._preparers:
            self._preparers[key] = rows_preparer(fields, add=add)
        return self._preparers[key]

    def _prepared(self, rows: list[Row]) -> SpooledChunk:
        """A checked chunk's writes as the database takes them (encrypted, JSON…)."""
        fields = tuple(f for f in self.model._meta.concrete_fields if not f.primary_key)
        new = [r for r in rows if r.action == "create"]
        creates = []
        prepared = self._preparer(fields, add=True)([r.instance for r in new])
        for row, values in zip(new, prepared, strict=True):
            unit = owning_unit(row.instance)
            creates.append(
                (row.number, unit.pk if unit is not None else None, self._row_key(row), values)
            )
        groups: dict[tuple[models.Field, ...], list[Row]] = {}
        for row in rows:
            if row.action == "update":
                groups.setdefault(self._write_fields(frozenset(row.values)), []).append(row)
        updates = {
            tuple(f.name for f in written): [
                (row.number, row.instance.pk, values)
                for row, values in zip(
                    group,
                    self._preparer(written, add=False)([r.instance for r in group]),
                    strict=True,
                )
            ]
            for written, group in groups.items()
        }
        return SpooledChunk(creates, updates)

    def _already_stored(self, creates: list[tuple]) -> int | None:
        """The first row to create whose natural key was stored after phase 1 checked
        it (one query for the chunk's keys)."""
        if not creates:
            return None
        meta = self.model._meta
        attnames = [meta.get_field(k).attname for k in self.key]
        lookup = {
            f"{att}__any": {c[2][i] for c in creates if c[2][i] is not None}
            for i, att in enumerate(attnames)
        }
        stored = set(self.queryset().filter(**lookup).values_list(*attnames))
        return next((c[0] for c in creates if c[2] in stored), None)

    def commit_spooled(
        self,
        spool: Spool,
        report: ImportReport,
        *,
        file_name: str,
        file_hash: str,
        progress: ProgressFn | None = None,
    ) -> ImportReport:
        """Phase 2 from phase 1's spool: all rows in one transaction, chunk by chunk,
        scope checked again before and after each chunk's writes (a school moved to
        another district meanwhile rolls the whole import back)."""
        names = [f.name for f in self.model._meta.concrete_fields if not f.primary_key]
        done = 0
        with transaction.atomic():
            for chunk in spool:
                new = {number: owner for number, owner, _key, _values in chunk.creates}
                changed = {n: pk for group in chunk.updates.values() for n, pk, _v in group}
                if self._refused(new, changed):
                    raise PermissionDenied(_("outside your scope"))
                stored = self._already_stored(chunk.creates)
                if stored is not None:
                    raise PermissionDenied(
                        row_error(
                            stored,
                            _(
                                "this row was stored by someone else while the file was checked; import the file again"
                            ),
                        )
                    )
                if chunk.creates:
                    bulk_insert(self.model, names, (c[3] for c in chunk.creates))
                for fields, group in chunk.updates.items():
                    bulk_update_rows(self.model, fields, [(v, pk) for _n, pk, v in group])
                if self._refused(new, changed):
                    raise PermissionDenied(_("outside your scope"))
                report.created += len(new)
                report.updated += len(changed)
                done += len(new) + len(changed)
                if progress:
                    progress(done, report.rows - report.unchanged, _("Writing"))
            report.unchanged = report.rows - report.created - report.updated
            self._audit_import(report, file_name, file_hash)
        return report

    def _audit_import(self, report: ImportReport, file_name: str, file_hash: str) -> None:
        audit_record(
            "import",
            object_type=self.model._meta.label_lower,
            object_repr=file_name,
            changes={k: report.as_dict()[k] for k in ("rows", "created", "updated", "unchanged")},
            detail=f"sha256={file_hash}",
        )

    def commit(
        self,
        sheet: Sheet,
        report: ImportReport,
        *,
        file_name: str,
        file_hash: str,
        progress: ProgressFn | None = None,
    ) -> ImportReport:
        """Phase 2, on a second reading of the validated file: all rows in one
        transaction, chunk by chunk, re-checking scope after each chunk's writes (a
        concurrent move of a school rolls the whole import back)."""
        index, _errors = self._map_header(sheet.header)
        check = ImportReport()
        with transaction.atomic():
            for rows in self._chunks(sheet, index, check):
                if check.errors:
                    # The file or the stored rows changed since phase 1.
                    raise PermissionDenied(check.errors[0])
                self._match(rows)
                if self._out_of_scope(rows):
                    raise PermissionDenied(_("outside your scope"))
                self.write_chunk(rows)
                written = [r for r in rows if r.action != "unchanged"]
                if self._out_of_scope(written):
                    raise PermissionDenied(_("outside your scope"))
                report.created += sum(r.action == "create" for r in written)
                report.updated += sum(r.action == "update" for r in written)
                if progress:
                    progress(check.rows, report.rows, _("Writing"))
            report.unchanged = report.rows - report.created - report.updated
            self._audit_import(report, file_name, file_hash)
        return report

    def run(self, fh, name: str, size: int, progress: ProgressFn | None = None) -> ImportReport:
        """Both phases on an uploaded file; errors leave the database untouched."""
        spool = Spool() if self.bulk_write else None
        try:
            report = self._run(fh, name, size, progress, spool)
            metrics.count_import(self.model._meta.label_lower, report.rows, report.ok)
            return report
        finally:
            if spool is not None:
                spool.close()
            self.close()

    def _run(self, fh, name, size, progress, spool) -> ImportReport:
        object_type = self.model._meta.label_lower
        try:
            sheet = self.open(fh, name, size)
            file_hash = file_sha256(fh)
            report = self.validate(sheet, progress, spool)
            sheet.rows.close()  # type: ignore[attr-defined]
        except FileRefused as exc:
            # Refused before or while the rows streamed in (a crash, a limit).
            import_refused(object_type=object_type, name=name, size=size, exc=exc)
            return ImportReport(errors=[str(exc)])
        if report.errors:
            audit_record(
                "import",
                object_type=self.model._meta.label_lower,
                object_repr=name,
                outcome="failure",
                changes={"rows": report.rows, "errors": len(report.errors)},
                detail=f"sha256={file_hash}",
            )
            return report
        if progress:
            progress(0, report.rows, _("Writing"))
        if spool is not None:
            return self.commit_spooled(
                spool, report, file_name=name, file_hash=file_hash, progress=progress
            )
        try:
            # A fresh importer: phase 1 left state behind (IDs seen, caches) that would
            # take the second reading's rows for duplicates of themselves.
            writer = type(self)(self.user)
            return writer.commit(
                writer.open(fh, name, size),
                report,
                file_name=name,
                file_hash=file_hash,
                progress=progress,
            )
        except FileRefused as exc:
            import_refused(object_type=object_type, name=name, size=size, exc=exc)
            return ImportReport(errors=[str(exc)])

    @classmethod
    def template_columns(cls) -> Iterable[Column]:
        return cls.columns

    @classmethod
    def template_filename(cls) -> str:
        """The template's file name, in the user's language: "年度统计导入模板"."""
        return _("%(what)s import template") % {
            "what": cls.title or cls.model._meta.verbose_name_plural
        }

    @classmethod
    def export_value(cls, obj: models.Model, field: str) -> Any:
        """The cell this importer reads back as ``field``'s value. A column whose field
        is not the model's (a code that ``resolve`` turns into a foreign key) needs an
        override; lists go out the way the parsers read them, comma separated."""
        value = getattr(obj, field)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    @classmethod
    def export_columns(cls) -> list[ExportColumn]:
        """Export columns equal to the import columns, so that an exported file can be
        corrected and imported back (issue 15). Personal fields stay masked: a masked
        value cannot round-trip, and the default never reveals it."""
        personal = getattr(cls.model, "personal_fields", {})

        def getter(field: str) -> Callable[[Any], Any]:
            if field in personal:
                return lambda obj: mask_value(personal[field], getattr(obj, field))
            return lambda obj: cls.export_value(obj, field)

        return [ExportColumn(str(c.label), getter(c.field)) for c in cls.template_columns()]


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
