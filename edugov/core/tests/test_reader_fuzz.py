"""Every importer's reader, on malformed workbooks and bytes, in the child process:
random parts, huge dimensions, deep nesting, shared-string bombs, truncated zips,
random bytes. Whatever the reader does, this process survives and the user gets
either rows or a message. A fixed seed, so a failure reproduces."""

import io
import random
import zipfile

import pytest

from edugov.academics.importers import _rows as score_rows
from edugov.core.context import acting
from edugov.core.io.readers import FileRefused
from edugov.core.io.registry import IMPORTERS

from .workbooks import XML, sheet, workbook

pytestmark = pytest.mark.django_db
SEED = 20261206


def col(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def huge_dimension(rnd: random.Random) -> bytes:
    far = f"{col(rnd.randint(200, 16384))}{rnd.randint(100_000, 1_048_576)}"
    return workbook(
        sheet(
            b'<row r="1"><c r="A1"><v>1</v></c></row>'
            + f'<row r="{far[len(far.rstrip("0123456789")) :]}"><c r="{far}"><v>2</v></c></row>'.encode(),
            dimension=f"A1:{far}".encode(),
        )
    )


def deep_nesting(rnd: random.Random) -> bytes:
    depth = rnd.randint(10_000, 200_000)
    return workbook(sheet(b'<row r="1">' + b"<c>" * depth + b"</c>" * depth + b"</row>"))


def shared_string_bomb(rnd: random.Random) -> bytes:
    # One 20 KB string referenced by thousands of cells: small zip, huge output.
    text = b"x" * 20_000
    strings = XML + b'<sst count="1" uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    cells = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (col(c).encode(), r) for c in range(1, 41))
        + b"</row>"
        for r in range(1, rnd.randint(200, 400))
    )
    return workbook(sheet(cells), shared_strings=strings)


def random_parts(rnd: random.Random) -> bytes:
    buf = io.BytesIO()
    names = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    names += ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]
    with zipfile.ZipFile(buf, "w") as zf:
        for name in rnd.sample(names, rnd.randint(1, len(names))):
            zf.writestr(name, rnd.randbytes(rnd.randint(0, 2000)))
    return buf.getvalue()


def truncated(rnd: random.Random) -> bytes:
    whole = workbook(sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>'))
    return whole[: rnd.randint(4, len(whole) - 1)]


def random_bytes(rnd: random.Random) -> bytes:
    return b"PK\x03\x04" + rnd.randbytes(rnd.randint(0, 5000))


MAKERS = [huge_dimension, deep_nesting, shared_string_bomb, random_parts, truncated, random_bytes]


def cases() -> list[tuple[str, bytes, str]]:
    rnd = random.Random(SEED)
    out = []
    for maker in MAKERS:
        for i in range(3):
            out.append((f"{maker.__name__}-{i}", maker(rnd), "f.xlsx"))
    for i in range(3):
        out.append((f"csv-bytes-{i}", rnd.randbytes(rnd.randint(1, 5000)), "f.csv"))
    return out


def test_every_importers_reader_survives_malformed_files(cast, settings):
    # A small output cap so the shared-string bomb hits it at once; a high zip ratio so
    # the deep nesting (which compresses 1000 to 1) reaches the parser.
    settings.EDUGOV_READER_MAX_OUTPUT = 4 * 1024 * 1024
    settings.EDUGOV_XLSX_MAX_RATIO = 100_000
    reasons = set()
    importers = sorted(IMPORTERS)
    # The importers share one reader; each still gets several of the cases in turn.
    for i, (label, content, name) in enumerate(cases()):
        importer = importers[i % len(importers)]
        with acting(cast.donghu_officer):
            report = IMPORTERS[importer](cast.donghu_officer).run(
                io.BytesIO(content), name, len(content)
            )
        assert all(isinstance(e, str) and e for e in report.errors), (label, importer)
        try:  # the score import's own reader (its own size limit, streamed rows)
            rows, _estimate = score_rows(io.BytesIO(content), name, len(content))
            for _row in rows:
                pass
        except FileRefused as exc:
            reasons.add(exc.reason.split(":")[0])
    # The hostile kinds were actually met, not parsed by luck.
    assert {"crash", "damaged"} <= reasons, reasons
