"""The vocabulary of an import: a column, a row, the report, the errors' wording, and the
audit event of a file that could not be read. ``importer.Importer`` runs the phases with
them; modules import these names from ``core.io.importer``, which re-exports them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record

from .readers import FileRefused, column_letter


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
    key: tuple | None = None  # the natural key, once asked (``Importer._row_key``)


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
