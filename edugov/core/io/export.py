"""Streaming export to CSV and xlsx from the same column list the page's table shows.

Personal data is masked unless the caller passes ``unmasked=True`` (which the view
only does for a user holding the separate full-view permission). Cells that a
spreadsheet would run as a formula are escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django_tables2 import Table
from django_tables2.utils import Accessor

from edugov.engines.codes import mask_value

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Escape text a spreadsheet would evaluate (CSV/formula injection, OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    header: str
    get: Callable[[Any], Any]


def columns_from_table(
    table_class: type[Table], model: type[models.Model], *, unmasked: bool = False
) -> list[ExportColumn]:
    """The export columns of a django-tables2 table: same order, same headers."""
    personal = getattr(model, "personal_fields", {})
    out: list[ExportColumn] = []
    for name, column in table_class.base_columns.items():
        if getattr(column, "exclude_from_export", False) or name in (
            table_class._meta.exclude or ()
        ):
            continue
        accessor = Accessor(column.accessor or name)
        header = column.verbose_name
        field = None
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a computed column has no model field
            field = None
        if header is None:
            header = field.verbose_name if field is not None else name

        def get(obj: Any, accessor=accessor, field=field, name=name) -> Any:
            if field is not None and getattr(field, "choices", None):
                value = getattr(obj, f"get_{name}_display")()
            else:
                value = accessor.resolve(obj, quiet=True)
            if isinstance(value, models.Model):
                value = str(value)
            if name in personal and not unmasked:
                value = mask_value(personal[name], value)
            return value

        out.append(ExportColumn(str(header), get))
    return out


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M:%S")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(objects: Iterable[Any], columns: list[ExportColumn]) -> Iterator[list[Any]]:
    for obj in objects:
        yield [safe_cell(_plain(c.get(obj))) for c in columns]


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def csv_lines(
    objects: Iterable[Any], columns: list[ExportColumn], watermark: str = ""
) -> Iterator[bytes]:
    """The CSV bytes, in chunks of 500 rows; ``watermark`` adds a last row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The BOM makes Excel on Chinese Windows open UTF-8 instead of guessing GBK.
    yield "\ufeff".encode()
    writer.writerow([c.header for c in columns])
    for i, row in enumerate(_rows(objects, columns)):
        writer.writerow(row)
        if i % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if watermark:
        writer.writerow([])
        writer.writerow([watermark])
    yield buffer.getvalue().encode()


def csv_response(
    objects: Iterable[Any], columns: list[ExportColumn], filename: str, *, watermark: str = ""
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(objects, columns, watermark), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _disposition(filename + ".csv")
    return response


def xlsx_response(
    objects: Iterable[Any],
    columns: list[ExportColumn],
    filename: str,
    *,
    watermark: str = "",
    properties: dict[str, str] | None = None,
) -> FileResponse:
    """xlsx written row by row in constant memory to a temp file, then streamed.

    ``watermark`` adds a last row naming the exporter; ``properties`` (author, company,
    comments…) go into the document's properties."""
    import xlsxwriter

    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    wb = xlsxwriter.Workbook(
        tmp, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    if properties:
        wb.set_properties(properties)
    ws = wb.add_worksheet()
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, [c.header for c in columns], bold)
    r = 0
    for r, row in enumerate(_rows(objects, columns), start=1):
        ws.write_row(r, 0, row)
    if watermark:
        ws.write(r + 2, 0, watermark)
    wb.close()
    tmp.seek(0)
    response = FileResponse(
        tmp,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        filename=filename + ".xlsx",
    )
    return response


def template_response(columns: Iterable[Any], filename: str) -> FileResponse:
    """An empty import template: the header row, and a notes sheet with examples."""
    import xlsxwriter
    from django.utils.translation import gettext as _

    columns = list(columns)
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    wb = xlsxwriter.Workbook(tmp)
    ws = wb.add_worksheet(str(_("Data")))
    bold = wb.add_format({"bold": True})
    # Examples live on the notes sheet, not as a data row that a hurried user would
    # import back by accident.
    ws.write_row(0, 0, [str(c.label) for c in columns], bold)
    notes = wb.add_worksheet(str(_("Notes")))
    heads = [str(_("Column")), str(_("Required")), str(_("Example")), str(_("Notes"))]
    notes.write_row(0, 0, heads, bold)
    for i, c in enumerate(columns, start=1):
        required = str(_("Yes")) if c.required else ""
        notes.write_row(i, 0, [str(c.label), required, c.example, str(c.help)])
    wb.close()
    tmp.seek(0)
    return FileResponse(
        tmp,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        filename=filename + ".xlsx",
    )
