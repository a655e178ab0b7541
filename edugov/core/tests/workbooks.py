"""Hostile workbooks built by hand with zipfile, part by part, so a test shows exactly
which bytes it sends (xlsxwriter would refuse to write most of them)."""

from __future__ import annotations

import io
import zipfile

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = b"http://schemas.openxmlformats.org/package/2006/relationships"
XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def workbook(
    sheet_xml: bytes,
    *,
    sheet_part: str = "xl/worksheets/sheet1.xml",
    shared_strings: bytes | None = None,
    pad: int = 0,
) -> bytes:
    """A minimal xlsx: content types, package rels, workbook, workbook rels, one sheet
    stored at ``sheet_part``; ``pad`` random-looking stored bytes make it larger than
    the inline-import limit without changing what a reader sees."""
    target = sheet_part.removeprefix("xl/").encode()
    overrides = (
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/'
        + sheet_part.encode()
        + b'" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        b'worksheet+xml"/>'
    )
    rels = b'<Relationship Id="rId1" Type="' + REL_NS + b'/worksheet" Target="' + target + b'"/>'
    if shared_strings is not None:
        overrides += (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels += (
            b'<Relationship Id="rId2" Type="' + REL_NS + b'/sharedStrings" '
            b'Target="sharedStrings.xml"/>'
        )
    parts = {
        "[Content_Types].xml": XML
        + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + overrides
        + b"</Types>",
        "_rels/.rels": XML
        + b'<Relationships xmlns="'
        + PKG_REL_NS
        + b'"><Relationship Id="rId1" Type="'
        + REL_NS
        + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": XML
        + b"<workbook "
        + NS
        + b' xmlns:r="'
        + REL_NS
        + b'"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": XML
        + b'<Relationships xmlns="'
        + PKG_REL_NS
        + b'">'
        + rels
        + b"</Relationships>",
        sheet_part: sheet_xml,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        if pad:
            # Incompressible, so the zip-bomb ratio check stays quiet.
            filler = bytes((i * 2654435761 >> 13) & 0xFF for i in range(pad))
            zf.writestr("docProps/pad.bin", filler, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def sheet(rows: bytes, dimension: bytes = b"A1") -> bytes:
    return (
        XML
        + b"<worksheet "
        + NS
        + b'><dimension ref="'
        + dimension
        + b'"/><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def far_corner_bomb(pad: int = 0) -> bytes:
    """The H1 workbook: cells A1 and XFD1048576 only, dimension A1:XFD1048576. About
    1.6 KB; calamine sizes its grid from the far corner and asks for 512 GB."""
    return workbook(
        sheet(
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>school_code</t></is></c></row>'
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            dimension=b"A1:XFD1048576",
        ),
        pad=pad,
    )


def formula_sheet() -> bytes:
    return sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>'
        b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>',
        dimension=b"A1:A2",
    )
