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
memory does not grow with the file's rows beyond those 8-byte keys. Phase 2 reads the
file again from the sandbox rather than holding phase 1's rows: re-parsing costs less
than a model instance per row kept for a million-row file.

A module declares an ``Importer`` subclass: its model, natural key and columns, and
optionally ``resolve_chunk`` (bulk foreign keys), ``resolve`` (per row, no queries),
``check_chunk`` (bulk checks against stored rows) and ``write_chunk``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import owning_unit, units_for_new
from edugov.engines.codes import mask_value

from .bulk import bulk_insert, bulk_update_rows
from .export import ExportColumn
from .readers import FileRefused, Sheet, column_letter, open_sheet

#: Rows per chunk: large enough that a chunk's handful of queries is cheap per row,
#: small enough that a chunk's model instances are a few MB.
CHUNK = 1000

ProgressFn = Callable[[int, int, str], None]


class CellError(Exception):
    """A value that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: the model field it fills and how to read a cell."""

    field: str
    label: str | Promise
    required: bool = True
    parse: Callable[[str], Any] = str
    help: str | Promise = ""
    example: str = ""

    def headers(self) -> set[str]:
        """Every header text that names this column: the field, zh and en labels."""
        names = {self.field}
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                names.add(str(self.label))
        return {n.strip().lower() for n in names}


@dataclass
class Row:
    number: int  # the spreadsheet row number users see (header is row 1)
    values: dict[str, Any]
    instance: models.Model | None = None
    action: str = ""  # "create", "update" or "unchanged"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


def cell_error(row: int, col: int, label: Any, message: str) -> str:
    return _("Row %(row)s, column %(col)s (%(label)s): %(msg)s") % {
        "row": row,
        "col": column_letter(col),
        "label": label,
        "msg": message,
    }


def row_error(row: int, message: str) -> str:
    return _("Row %(row)s: %(msg)s") % {"row": row, "msg": message}


def file_sha256(fh) -> str:
    """The upload's hash, in chunks (the file may be hundreds of MB)."""
    fh.seek(0)
    sha = hashlib.sha256()
    while chunk := fh.read(1 << 20):
        sha.update(chunk)
    return sha.hexdigest()


def import_refused(
    *, object_type: str, name: str, size: int, exc: FileRefused, obj: models.Model | None = None
) -> None:
    """The ``import.failure`` audit event of a file that could not be read: the reason
    code, the file's name and size, never its content."""
    audit_record(
        "import.failure",
        obj=obj,
        object_type=object_type,
        object_repr=name[:200],
        outcome="failure",
        changes={"reason": exc.reason[:100], "file_name": name[:200], "size": size},
        detail=str(exc)[:500],
    )


class Importer:
    """Declare ``model``, ``key`` and ``columns``; override the hooks as needed.

    ``bulk_write`` makes phase 2 insert and update whole chunks in a few statements
    (``bulk_insert`` / ``bulk_update_rows``) instead of calling ``save`` per row; a
    module sets it when its service adds nothing to a save that phase 1 has not already
    checked (a unit's ``save`` computes its tree path from its pk, so units stay per row).
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
        checks are the importer's, by chunk."""
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)

    def save(self, instance: models.Model, created: bool) -> None:
        """Persist one row; a module overrides this to call its own service."""
        instance.save()

    def write_chunk(self, rows: list[Row]) -> None:
        """Phase 2 for one chunk: every row, unchanged ones included (a module may
        have rows of its own to apply for those too)."""
        if not self.bulk_write:
            for row in rows:
                if row.action != "unchanged":
                    self.save(row.instance, row.action == "create")
            return
        new = [r.instance for r in rows if r.action == "create"]
        changed = [r.instance for r in rows if r.action == "update"]
        fields = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        names = [f.name for f in fields]
        if new:
            bulk_insert(self.model, names, (_db_values(fields, obj, add=True) for obj in new))
        if changed:
            bulk_update_rows(
                self.model, names, [(_db_values(fields, obj, add=False), obj.pk) for obj in changed]
            )

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

    def _match(self, rows: list[Row]) -> None:
        """Each row's instance and action, from one query for the chunk's keys."""
        if not rows:
            return
        meta = self.model._meta
        attnames = [meta.get_field(k).attname for k in self.key]
        keys = [self._key(r.values) for r in rows]
        lookup = {
            f"{att}__in": {k[i] for k in keys if k[i] is not None} for i, att in enumerate(attnames)
        }
        existing = {
            tuple(getattr(obj, a) for a in attnames): obj
            for obj in self.queryset().filter(**lookup)
        }
        for row, key in zip(rows, keys, strict=True):
            obj = existing.get(key)
            if obj is None:
                row.instance, row.action = self.model(**row.values), "create"
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

    def _out_of_scope(self, rows: list[Row]) -> set[int]:
        """Row numbers the user may not write, from one query per kind of write: the
        rule of ``can`` for new rows (``units_for_new`` on their owning units) and for
        stored rows (``visible_to(user, "change")``)."""
        new = [r for r in rows if r.action == "create"]
        changed = [r for r in rows if r.action == "update"]
        refused: set[int] = set()
        if new:
            owners = {r.number: owning_unit(r.instance) for r in new}
            units = {u.pk: u for u in owners.values() if u is not None}
            allowed: set[int] = set()
            if units:
                unit_model = type(next(iter(units.values())))
                allowed = set(
                    units_for_new(
                        self.user, self.model, unit_model._default_manager.filter(pk__in=units)
                    ).values_list("pk", flat=True)
                )
            refused |= {n for n, u in owners.items() if u is None or u.pk not in allowed}
        if changed:
            visible = set(
                self.model._default_manager.visible_to(self.user, "change")
                .filter(pk__in=[r.instance.pk for r in changed])
                .values_list("pk", flat=True)
            )
            refused |= {r.number for r in changed if r.instance.pk not in visible}
        return refused

    def validate(self, sheet: Sheet, progress: ProgressFn | None = None) -> ImportReport:
        """Phase 1: every row parsed, resolved, model-validated and scope-checked."""
        report = ImportReport()
        index, header_errors = self._map_header(sheet.header)
        if header_errors:
            report.errors = header_errors
            return report
        label = {c.field: c.label for c in self.columns}
        relations = [
            f.name for f in self.model._meta.concrete_fields if f.is_relation and f.many_to_one
        ]
        # One 64-bit hash per natural key, for duplicates across chunks: a million rows
        # cost tens of MB here, where the rows themselves would cost GB. (A false
        # "duplicates row N" needs two keys of one file to collide: odds ~1e-8 at 1M.)
        seen: dict[int, int] = {}
        for rows in self._chunks(sheet, index, report):
            unique = []
            for row in rows:
                h = hash(self._key(row.values))
                if h in seen:
                    report.errors.append(
                        row_error(row.number, _("duplicates row %(other)s") % {"other": seen[h]})
                    )
                else:
                    seen[h] = row.number
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
        values: dict[str, Any] = {}
        errors: list[str] = []
        for col in self.columns:
            if col.field not in index:
                continue
            i = index[col.field]
            cell = raw[i] if i < len(raw) else ""
            text = "" if cell is None else str(cell).strip()
            if not text:
                if col.required:
                    errors.append(cell_error(number, i, col.label, _("a value is required")))
                values[col.field] = None
                continue
            try:
                values[col.field] = col.parse(text)
            except (CellError, ValidationError) as exc:
                msg = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                errors.append(cell_error(number, i, col.label, msg or _("invalid value")))
            except (ValueError, ArithmeticError):
                # A parser's own int()/float() failing ("abc", "INFINITY", "1e999"): the
                # user gets "invalid value", never a crash or Python's English message.
                errors.append(cell_error(number, i, col.label, _("invalid value")))
        return values, errors

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
            audit_record(
                "import",
                object_type=self.model._meta.label_lower,
                object_repr=file_name,
                changes={
                    k: report.as_dict()[k] for k in ("rows", "created", "updated", "unchanged")
                },
                detail=f"sha256={file_hash}",
            )
        return report

    def run(self, fh, name: str, size: int, progress: ProgressFn | None = None) -> ImportReport:
        """Both phases on an uploaded file; errors leave the database untouched."""
        object_type = self.model._meta.label_lower
        try:
            sheet = open_sheet(fh, name, size)
            file_hash = file_sha256(fh)
            report = self.validate(sheet, progress)
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
        try:
            # A fresh importer: phase 1 left state behind (IDs seen, caches) that would
            # take the second reading's rows for duplicates of themselves.
            writer = type(self)(self.user)
            return writer.commit(
                open_sheet(fh, name, size),
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


def _db_values(fields: list[models.Field], obj: models.Model, *, add: bool) -> tuple:
    """What the ORM's own save would send for ``fields`` (auto_now, encryption, JSON)."""
    conn = connections[DEFAULT_DB_ALIAS]  # once per row, not through the proxy per field
    return tuple(f.get_db_prep_save(f.pre_save(obj, add), conn) for f in fields)


def _error_row(message: str) -> int:
    """The row number an error message starts with ("Row 12, …", "第 12 行…")."""
    digits = "".join(ch if ch.isdigit() else " " for ch in message).split()
    return int(digits[0]) if digits else 0


class ColumnError(CellError):
    """A row-level check that points at one column."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
