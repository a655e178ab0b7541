"""Reading an uploaded spreadsheet safely: size, type, zip-bomb and formula checks first,
then python-calamine for xlsx and the csv module for CSV (UTF-8 or GB18030).

Every refusal raises ``FileRefused`` with a message in the user's language, before any
parser touches the content.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
# Magic bytes of formats people upload by mistake as "csv": zip, OLE2 (.xls), PDF, GZIP,
# PNG, JPEG. Anything starting like these is not text.
BINARY_MAGICS = (XLSX_MAGIC, b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class FileRefused(Exception):
    """The file cannot be read; the message says why, for the user."""


@dataclass
class Sheet:
    header: list[str]
    rows: Iterator[list[Any]]  # data rows, header excluded
    total_rows: int | None


def sniff_kind(name: str, head: bytes) -> str:
    """'xlsx' or 'csv', from the bytes, cross-checked with the file name."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise FileRefused(_("The file is named .xlsx but is not an Excel workbook."))
        return "xlsx"
    if lower.endswith((".csv", ".txt")):
        if any(head.startswith(m) for m in BINARY_MAGICS) or b"\x00" in head[:4096]:
            raise FileRefused(_("The file is named .csv but is not a text file."))
        return "csv"
    raise FileRefused(_("Only .xlsx and .csv files can be imported."))


def check_zip(fh: IO[bytes]) -> None:
    """Refuse an xlsx whose zip would expand past the limits, reading only its directory."""
    try:
        zf = zipfile.ZipFile(fh)
    except zipfile.BadZipFile:
        raise FileRefused(_("The workbook is damaged and cannot be opened."))
    with zf:
        infos = zf.infolist()
        if len(infos) > settings.EDUGOV_XLSX_MAX_ENTRIES:
            raise FileRefused(_("The workbook contains too many parts to be a data sheet."))
        expanded = sum(i.file_size for i in infos)
        packed = max(sum(i.compress_size for i in infos), 1)
        if (
            expanded > settings.EDUGOV_XLSX_MAX_EXPANDED
            or expanded / packed > settings.EDUGOV_XLSX_MAX_RATIO
        ):
            raise FileRefused(_("The workbook would expand to an unsafe size and was refused."))
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _refuse_dtd(zf, info)
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename):
                _refuse_formulas(zf, info)


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No Office part needs a DTD; entity definitions are how XML bombs and external
    entity (XXE) reads work. The small manifest parts also go through defusedxml,
    which raises on any DTD, so a crafted encoding cannot slip past the byte scan."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    with zf.open(info) as part:
        head = part.read(1 << 16)
    if _DTD.search(head):
        raise FileRefused(_("The workbook contains XML entity definitions and was refused."))
    if info.filename in ("[Content_Types].xml", "xl/workbook.xml"):
        try:
            SafeET.fromstring(zf.read(info), forbid_dtd=True)
        except (DefusedXmlException, SafeET.ParseError):
            raise FileRefused(_("The workbook contains XML entity definitions and was refused."))


def _refuse_formulas(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    # calamine returns a formula's cached value, so a formula would be imported as
    # whatever Excel last computed; refuse them instead of guessing.
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                raise FileRefused(_("The workbook contains formulas; paste the values instead."))
            tail = chunk[-16:]


def decode_csv(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, the two encodings bureaus send."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(_("The file is neither UTF-8 nor GB18030 text."))


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        # Excel stores 3601020001 as 3601020001.0; codes must not grow a ".0".
        return int(value)
    return value


def open_sheet(fh: IO[bytes], name: str, size: int) -> Sheet:
    """Validate and open the first sheet of ``fh``."""
    if size > settings.EDUGOV_IMPORT_MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(mb)d MB.")
            % {"mb": settings.EDUGOV_IMPORT_MAX_BYTES // 2**20}
        )
    if size == 0:
        raise FileRefused(_("The file is empty."))
    fh.seek(0)
    kind = sniff_kind(name, fh.read(8192))
    fh.seek(0)
    if kind == "xlsx":
        check_zip(fh)
        fh.seek(0)
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
            rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            raise FileRefused(_("The workbook cannot be read: %(err)s") % {"err": exc})
        rows = [[_cell(v) for v in r] for r in rows]
    else:
        text = decode_csv(fh.read())
        rows = list(csv.reader(io.StringIO(text, newline="")))
    # Trailing empty rows are an artefact of spreadsheet editors, not data.
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise FileRefused(_("The file has no header row."))
    if len(rows) - 1 > settings.EDUGOV_IMPORT_MAX_ROWS:
        raise FileRefused(_("The file has more rows than one import may hold."))
    header = [str(h).strip() for h in rows[0]]
    return Sheet(header=header, rows=iter(rows[1:]), total_rows=len(rows) - 1)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how users see columns in Excel."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
