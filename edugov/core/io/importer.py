"""The two-phase import every module uses.

Phase 1 parses and validates the whole file, collecting every error as
"第 N 行 第 X 列：原因". Phase 2 runs only when there is no error at all, and writes every
row in one transaction with one audit event. Rows upsert by natural key, so importing
an unchanged file creates 0 and updates 0.

A module declares an ``Importer`` subclass: its model, natural key and columns, and
optionally ``resolve`` for cross-field checks and foreign keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import can_write
from edugov.engines.codes import mask_value

from .export import ExportColumn
from .readers import FileRefused, Sheet, column_letter, open_sheet

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
    """Declare ``model``, ``key`` and ``columns``; override ``resolve`` if needed."""

    model: ClassVar[type[models.Model]]
    key: ClassVar[tuple[str, ...]]
    columns: ClassVar[list[Column]]
    title: ClassVar[str | Promise] = ""
    max_errors: ClassVar[int] = 1000
    # Views hand the class to templates ({{ importer.title }}); a template calls what it
    # can, and calling an importer without its user failed silently into an empty title.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, user: Any):
        self.user = user

    # Hooks -----------------------------------------------------------------

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        """Turn parsed cells into model field values (foreign keys, derived fields).

        Raise ``ColumnError(field, message)`` to point at one column, or ``CellError``
        for a problem of the row as a whole.
        """
        return values

    def save(self, instance: models.Model, created: bool) -> None:
        """Persist one row; a module overrides this to call its own service."""
        instance.save()

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

    def validate(
        self, sheet: Sheet, progress: ProgressFn | None = None
    ) -> tuple[list[Row], ImportReport]:
        """Phase 1: every row parsed, resolved, model-validated and scope-checked."""
        report = ImportReport()
        index, header_errors = self._map_header(sheet.header)
        if header_errors:
            report.errors = header_errors
            return [], report
        parsed: list[Row] = []
        label = {c.field: c.label for c in self.columns}
        for offset, raw in enumerate(sheet.rows):
            number = offset + 2
            report.rows += 1
            values, errs = self._parse_row(raw, index, number)
            if not errs:
                try:
                    values = self.resolve(values, number)
                except ColumnError as exc:
                    errs.append(
                        cell_error(
                            number,
                            index.get(exc.field, 0),
                            label.get(exc.field, exc.field),
                            exc.message,
                        )
                    )
                except CellError as exc:
                    errs.append(row_error(number, str(exc)))
            if errs:
                report.errors.extend(errs)
            else:
                parsed.append(Row(number, values))
            if progress and report.rows % 500 == 0:
                progress(report.rows, sheet.total_rows or report.rows, _("Validating"))
            if len(report.errors) >= self.max_errors:
                report.errors.append(_("Too many errors; checking stopped."))
                return [], report
        if not report.errors:
            self._match_existing(parsed, report, index, label)
        return parsed, report

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

    def _match_existing(
        self, rows: list[Row], report: ImportReport, index: dict[str, int], label: dict[str, Any]
    ) -> None:
        keys = [tuple(r.values[k] for k in self.key) for r in rows]
        seen: dict[tuple, int] = {}
        for row, key in zip(rows, keys, strict=True):
            if key in seen:
                report.errors.append(
                    row_error(row.number, _("duplicates row %(other)s") % {"other": seen[key]})
                )
            seen[key] = row.number
        if report.errors:
            return
        existing: dict[tuple, models.Model] = {}
        first = self.key[0]
        values = [k[0] for k in keys]
        for chunk_start in range(0, len(values), 900):  # SQLite's bound-parameter limit
            chunk = values[chunk_start : chunk_start + 900]
            for obj in self.queryset().filter(**{f"{first}__in": chunk}):
                existing[tuple(getattr(obj, k) for k in self.key)] = obj
        for row, key in zip(rows, keys, strict=True):
            obj = existing.get(key)
            created = obj is None
            instance = self.model(**row.values) if created else obj
            changed = created
            if not created:
                for name, value in row.values.items():
                    if getattr(instance, name) != value:
                        setattr(instance, name, value)
                        changed = True
            row.instance, row.action = (
                instance,
                "create" if created else ("update" if changed else "unchanged"),
            )
            if not changed:
                report.unchanged += 1
                continue
            if not can_write(self.user, instance, "add" if created else "change"):
                # Same words whether the row exists elsewhere or not: no existence leak.
                report.errors.append(row_error(row.number, _("outside your scope")))
                continue
            try:
                instance.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, msgs in exc.message_dict.items():
                    if name in index:
                        report.errors.append(
                            cell_error(row.number, index[name], label[name], msgs[0])
                        )
                    else:
                        report.errors.append(row_error(row.number, msgs[0]))

    def commit(
        self, rows: list[Row], report: ImportReport, *, file_name: str, file_hash: str
    ) -> ImportReport:
        """Phase 2: all rows in one transaction, re-checking scope after each write."""
        with transaction.atomic():
            for row in rows:
                if row.action == "unchanged":
                    continue
                created = row.action == "create"
                self.save(row.instance, created)
                if not can_write(self.user, row.instance, "add" if created else "change"):
                    raise PermissionDenied(row_error(row.number, _("outside your scope")))
                if created:
                    report.created += 1
                else:
                    report.updated += 1
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
            rows, report = self.validate(sheet, progress)
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
            progress(report.rows, report.rows, _("Writing"))
        return self.commit(rows, report, file_name=name, file_hash=file_hash)

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


class ColumnError(CellError):
    """A row-level check that points at one column."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
