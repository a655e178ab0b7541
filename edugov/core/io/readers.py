"""Reading an uploaded spreadsheet safely. Every byte of an untrusted file is parsed in
a forked child with memory, CPU-time and output limits (``sandbox``): size, type,
zip-bomb, DTD and formula checks first, then python-calamine for xlsx and a streaming
csv reader for CSV (UTF-8 or GB18030).

Every refusal raises ``FileRefused`` with a message in the user's language; a reader
that crashes or hits a limit is a refusal too ("the file could not be read"), never a
dead web server or worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from . import sandbox, sandbox_child


class FileRefused(Exception):
    """The file cannot be read; the message says why, for the user. ``reason`` is a
    short code for the audit event (never the content)."""

    def __init__(self, message: str, reason: str = "refused"):
        super().__init__(message)
        self.reason = reason


@dataclass
class Sheet:
    header: list[str]
    rows: Iterator[list[Any]]  # data rows, header excluded; may raise FileRefused
    total_rows: int | None  # an estimate, for progress bars
    #: Errors found before the rows (a workbook translated into rows by a declared
    #: layout: a missing table, a total that does not add up); validation reports them
    #: and writes nothing.
    problems: list[str] = field(default_factory=list)


def _message(code: str, params: dict[str, Any]) -> str:
    """The user's words for a reader's refusal code."""
    fixed = {
        "empty": _("The file is empty."),
        "not_xlsx": _("The file is named .xlsx but is not an Excel workbook."),
        "not_text": _("The file is named .csv but is not a text file."),
        "bad_extension": _("Only .xlsx and .csv files can be imported."),
        "damaged": _("The workbook is damaged and cannot be opened."),
        "too_many_parts": _("The workbook contains too many parts to be a data sheet."),
        "zip_bomb": _("The workbook would expand to an unsafe size and was refused."),
        "dtd": _("The workbook contains XML entity definitions and was refused."),
        "formula": _("The workbook contains formulas; paste the values instead."),
        "encoding": _("The file is neither UTF-8 nor GB18030 text."),
        "no_header": _("The file has no header row."),
        "too_many_rows": _("The file has more rows than one import may hold."),
    }
    if code in fixed:
        return fixed[code]
    if code == "too_large":
        return _("The file is larger than %(mb)d MB.") % {"mb": int(params.get("mb", 0))}
    if code == "unreadable":
        return _("The workbook cannot be read: %(err)s") % {"err": params.get("err", "")}
    if code == "csv_field":
        return _("Row %(row)s: a cell is longer than %(limit)s characters.") % params
    if code == "csv_error":
        return _("Row %(row)s: the CSV text is malformed.") % params
    return _("The file could not be read: it is damaged or too complex to open safely.")


def _limits(max_bytes: int | None = None) -> dict[str, int]:
    return {
        "max_bytes": max_bytes or settings.EDUGOV_IMPORT_MAX_BYTES,
        "max_rows": settings.EDUGOV_IMPORT_MAX_ROWS,
        "zip_entries": settings.EDUGOV_XLSX_MAX_ENTRIES,
        "zip_expanded": settings.EDUGOV_XLSX_MAX_EXPANDED,
        "zip_ratio": settings.EDUGOV_XLSX_MAX_RATIO,
        "max_memory": settings.EDUGOV_READER_MAX_MEMORY,
        "max_cpu": settings.EDUGOV_READER_MAX_CPU_SECONDS,
        "max_output": settings.EDUGOV_READER_MAX_OUTPUT,
    }


def _refused(exc: Exception) -> FileRefused:
    if isinstance(exc, sandbox.SandboxRefusal):
        return FileRefused(_message(exc.code, exc.params), exc.code)
    return FileRefused(_message("crash", {}), f"crash:{exc}")


def _translated(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    try:
        yield from rows
    except (sandbox.SandboxRefusal, sandbox.SandboxCrash) as exc:
        raise _refused(exc) from None
    finally:
        rows.close()  # type: ignore[attr-defined]


def open_rows(
    fh: IO[bytes], name: str, size: int, *, max_bytes: int | None = None
) -> tuple[Iterator[list[Any]], int]:
    """(rows with the header first, estimated data rows), parsed in the sandbox.

    The rows stream from the child: memory stays flat for a million-row file, and a
    refusal found late (row limit, an over-long CSV field) raises ``FileRefused``
    while iterating.
    """
    limit = max_bytes or settings.EDUGOV_IMPORT_MAX_BYTES
    # The two checks that need no parsing answer at once, without a fork.
    if size > limit:
        raise FileRefused(_message("too_large", {"mb": limit // 2**20}), "too_large")
    if size == 0:
        raise FileRefused(_message("empty", {}), "empty")
    ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    fh.seek(0)
    try:
        estimate, rows = sandbox.open_rows(fh, ext, _limits(limit))
    except (sandbox.SandboxRefusal, sandbox.SandboxCrash) as exc:
        raise _refused(exc) from None
    return _translated(rows), estimate


def open_sheet(fh: IO[bytes], name: str, size: int) -> Sheet:
    """Validate and open the first sheet of ``fh``: the header, then streamed rows."""
    rows, estimate = open_rows(fh, name, size)
    header = next(rows, None)
    if header is None:  # the child refuses a headerless file; this is belt and braces
        raise FileRefused(_message("no_header", {}), "no_header")
    return Sheet(header=[str(h).strip() for h in header], rows=rows, total_rows=estimate)


def open_workbook(
    fh: IO[bytes], name: str, size: int, *, max_bytes: int | None = None
) -> dict[str, list[list[Any]]]:
    """Every sheet of an xlsx workbook, parsed in the sandbox: ``{sheet name: rows}``,
    each sheet from its row 1 and column A (blank rows kept), so that a form with many
    tables (the 教基 statistics) is located by its own anchors and its errors name the
    cells users see. Held in memory: the row limit bounds it, as for one sheet."""
    limit = max_bytes or settings.EDUGOV_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(_message("too_large", {"mb": limit // 2**20}), "too_large")
    if size == 0:
        raise FileRefused(_message("empty", {}), "empty")
    ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if ext != "xlsx":
        raise FileRefused(_message("bad_extension", {}), "bad_extension")
    fh.seek(0)
    try:
        _estimate, stream = sandbox.open_rows(fh, ext, _limits(limit), workbook=True)
    except (sandbox.SandboxRefusal, sandbox.SandboxCrash) as exc:
        raise _refused(exc) from None
    sheets: dict[str, list[list[Any]]] = {}
    current: list[list[Any]] | None = None
    for item in _translated(stream):
        if isinstance(item, dict):
            current = sheets.setdefault(str(item.get("sheet", "")), [])
        elif current is not None:
            current.append(item)
    return sheets


def check_zip(fh: IO[bytes]) -> None:
    """The zip checks alone, in this process, for an Office file that is not a sheet
    (a .docx plan): they read the zip directory and stream parts in chunks."""
    limits = _limits()
    try:
        sandbox_child.check_zip(fh, limits)
    except sandbox_child.Refusal as exc:
        raise FileRefused(_message(exc.code, exc.params), exc.code) from None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how users see columns in Excel."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
