"""The reader side of the sandbox: parses one untrusted spreadsheet or CSV file in a
forked process with memory, CPU-time and file-size limits, and writes its rows to a pipe
as JSON lines.

Django-free on purpose: it runs as ``python -I sandbox_child.py <socket fd>``, a small
"fork server" started once per parent process. For each file the parent sends the
file's descriptor, the write end of a pipe and the limits over a Unix socket; the
server forks, and the fork sets its limits and parses. A reader that aborts (calamine
allocating 512 GB for a sheet whose dimension is A1:XFD1048576), loops or floods its
output dies alone: the parent only sees the pipe close without the end line.

Protocol, one JSON value a line:
    {"meta": {"estimate": N}}     first, the expected row count (for progress bars)
    [cell, ...]                   the header, then every data row
    {"sheet": name}               (``workbook`` mode only) the rows after it are that
                                  sheet's, from its row 1, every sheet in order
    {"end": N}                    the data row count: present only when all went well
    {"refused": code, ...}        a reason the parent turns into a message, then exit
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import posixpath
import re
import resource
import signal
import socket
import sys
import zipfile
from typing import Any

XLSX_MAGIC = b"PK\x03\x04"
# Magic bytes of formats people upload by mistake as "csv": zip, OLE2 (.xls), PDF, GZIP,
# PNG, JPEG. Anything starting like these is not text.
BINARY_MAGICS = (XLSX_MAGIC, b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_WORKSHEET_REL = "/relationships/worksheet"
CSV_FIELD_LIMIT = 131_072  # the csv module's default, stated so the message can name it
EXIT_REFUSED = 3


class Refusal(Exception):
    """The file is refused; ``code`` and ``params`` become the user's message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


class PRead(io.RawIOBase):
    """A file descriptor read with its own offset (pread): the parent shares the open
    file description and may seek it (to hash the file) while this reads."""

    def __init__(self, fd: int, max_bytes: int):
        self.fd, self.pos, self.max_bytes = fd, 0, max_bytes
        self.size = os.fstat(fd).st_size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.size}[whence]
        self.pos = max(base + offset, 0)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buf) -> int:
        data = os.pread(self.fd, len(buf), self.pos)
        if self.pos + len(data) > self.max_bytes:
            # Checked while reading, not only from fstat: the byte limit must hold even
            # for a file that grows or lies about its size.
            raise Refusal("too_large", mb=self.max_bytes // 2**20)
        buf[: len(data)] = data
        self.pos += len(data)
        return len(data)


def sniff_kind(ext: str, head: bytes) -> str:
    """'xlsx' or 'csv', from the bytes, cross-checked with the file name's extension."""
    if ext == "xlsx":
        if not head.startswith(XLSX_MAGIC):
            raise Refusal("not_xlsx")
        return "xlsx"
    if ext in ("csv", "txt"):
        if any(head.startswith(m) for m in BINARY_MAGICS) or b"\x00" in head[:4096]:
            raise Refusal("not_text")
        return "csv"
    raise Refusal("bad_extension")


def check_zip(fh, limits: dict[str, int]) -> None:
    """Refuse a zip (xlsx, docx) whose parts would expand past the limits, that holds a
    DTD anywhere, or a formula in any worksheet; reads the directory, then parts in chunks."""
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refusal("damaged")
    with zf:
        infos = zf.infolist()
        if len(infos) > limits["zip_entries"]:
            raise Refusal("too_many_parts")
        expanded = sum(i.file_size for i in infos)
        packed = max(sum(i.compress_size for i in infos), 1)
        if expanded > limits["zip_expanded"] or expanded / packed > limits["zip_ratio"]:
            raise Refusal("zip_bomb")
        try:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _refuse_dtd(zf, info)
            for info in _worksheet_parts(zf):
                _refuse_formulas(zf, info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise Refusal("damaged")


def _refuse_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No Office part needs a DTD; entity definitions are how XML bombs and external
    entity (XXE) reads work. The small manifest parts also go through defusedxml,
    which raises on any DTD, so a crafted encoding cannot slip past the byte scan."""
    with zf.open(info) as part:
        head = part.read(1 << 16)
    if _DTD.search(head):
        raise Refusal("dtd")
    if info.filename in ("[Content_Types].xml", "xl/workbook.xml"):
        import defusedxml.ElementTree as SafeET
        from defusedxml import DefusedXmlException

        try:
            SafeET.fromstring(zf.read(info), forbid_dtd=True)
        except (DefusedXmlException, SafeET.ParseError):
            raise Refusal("dtd")


def _worksheet_parts(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Every part a reader could take cells from: whatever xl/worksheets/ holds, plus
    every worksheet target that xl/_rels/workbook.xml.rels lists, whatever its name
    (``xl/worksheets/data.xml``, ``xl/cells.xml``): calamine follows the rels."""
    names = {n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        rels = b""
    if rels:
        import defusedxml.ElementTree as SafeET
        from defusedxml import DefusedXmlException

        try:
            root = SafeET.fromstring(rels, forbid_dtd=True)
        except (DefusedXmlException, SafeET.ParseError):
            raise Refusal("damaged")
        for rel in root.iter():
            target = rel.get("Target") or ""
            if not (rel.get("Type") or "").endswith(_WORKSHEET_REL) or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            names.add(posixpath.normpath(path))
    present = {i.filename: i for i in zf.infolist()}
    return [present[n] for n in sorted(names) if n in present]


def _refuse_formulas(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    # calamine returns a formula's cached value, so a formula would be imported as
    # whatever Excel last computed; refuse them instead of guessing.
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                raise Refusal("formula")
            tail = chunk[-16:]


def _text_encoding(src: PRead) -> tuple[str, int]:
    """The encoding (UTF-8, with or without BOM, else GB18030) and the line count,
    checked over the whole file in chunks so that no copy of it is held."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        src.seek(0)
        lines = 0
        try:
            while chunk := src.read(1 << 20):
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, lines
    raise Refusal("encoding")


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        # Excel stores 3601020001 as 3601020001.0; codes must not grow a ".0".
        return int(value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)  # dates and times: what str() of the cell gave before


def _xlsx_rows(src: PRead):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BufferedReader(src, 1 << 16)).get_sheet_by_index(
            0
        )
        yield max(sheet.total_height - 1, 0)
        # iter_rows starts at row 1 but at the first used column; pad so that column
        # positions (and "column X" in messages) are the ones users see, as
        # to_python(skip_empty_area=False) gave.
        pad = [""] * (sheet.start[1] if sheet.start else 0)
        for row in sheet.iter_rows():
            yield pad + row if pad else row
    except (CalamineError, ValueError, IndexError) as exc:
        raise Refusal("unreadable", err=str(exc)[:200])


def _workbook_rows(src: PRead):
    """Every sheet of the workbook, each announced by ``{"sheet": name}`` and read from
    its row 1 and column A, blank rows kept: a statistical form is located by its own
    anchors (table codes, row codes, column numbers), and its errors name the cells users
    see."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BufferedReader(src, 1 << 16))
        sheets = [book.get_sheet_by_name(name) for name in book.sheet_names]
        yield sum(s.total_height for s in sheets)
        for sheet in sheets:
            yield {"sheet": sheet.name}
            pad = [""] * (sheet.start[1] if sheet.start else 0)
            for row in sheet.iter_rows():
                yield pad + row if pad else row
    except (CalamineError, ValueError, IndexError) as exc:
        raise Refusal("unreadable", err=str(exc)[:200])


def _csv_rows(src: PRead):
    encoding, lines = _text_encoding(src)
    yield lines
    src.seek(0)
    text = io.TextIOWrapper(io.BufferedReader(src, 1 << 16), encoding=encoding, newline="")
    reader = csv.reader(text)
    record = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The row being read is the record after the last complete one.
            if "field larger than field limit" in str(exc):
                raise Refusal("csv_field", row=record + 1, limit=CSV_FIELD_LIMIT)
            raise Refusal("csv_error", row=record + 1)
        record += 1
        yield row


def parse(fd: int, out, params: dict[str, Any]) -> int:
    """Parse the file on ``fd`` and write the protocol to ``out``; the exit status."""
    emit = lambda value: out.write(json.dumps(value, ensure_ascii=False) + "\n")  # noqa: E731
    try:
        src = PRead(fd, params["max_bytes"])
        if src.size == 0:
            raise Refusal("empty")
        if src.size > params["max_bytes"]:
            raise Refusal("too_large", mb=params["max_bytes"] // 2**20)
        head = os.pread(fd, 8192, 0)
        kind = sniff_kind(params["ext"], head)
        if params.get("workbook") and kind != "xlsx":
            raise Refusal("bad_extension")
        if kind == "xlsx":
            check_zip(PRead(fd, params["max_bytes"]), params)
            rows = _workbook_rows(src) if params.get("workbook") else _xlsx_rows(src)
        else:
            csv.field_size_limit(CSV_FIELD_LIMIT)
            rows = _csv_rows(src)
        emit({"meta": {"kind": kind, "estimate": next(rows)}})
        if params.get("workbook"):
            _emit_workbook(rows, emit, params["max_rows"])
        else:
            _emit_rows(rows, emit, params["max_rows"])
    except Refusal as exc:
        emit({"refused": exc.code, **exc.params})
        out.flush()
        return EXIT_REFUSED
    except MemoryError:
        emit({"refused": "memory"})
        out.flush()
        return EXIT_REFUSED
    out.flush()
    return 0


def _emit_rows(rows, emit, max_rows: int) -> None:
    # The first row is the header, as the user sees it (even if blank). Trailing empty
    # rows are an editor's artefact: a run of them is held back until data follows.
    blank_run = 0
    emitted = 0  # header included
    read = 0
    for raw in rows:
        read += 1
        if read > max_rows + 1:
            # Counted as they are read, blank or not: a file of 49 million newlines is
            # refused after two million, in constant memory.
            raise Refusal("too_many_rows")
        cells = [_cell(v) for v in raw]
        if all(v in ("", None) for v in cells):
            blank_run += 1
            continue
        for _ in range(blank_run):
            emit([])
        emitted += blank_run + 1
        blank_run = 0
        emit(cells)
    if not emitted:
        raise Refusal("no_header")
    emit({"end": emitted - 1})


def _emit_workbook(rows, emit, max_rows: int) -> None:
    # Sheet markers pass through; rows go as they are (blank ones too: their numbers are
    # the sheet's row numbers), counted against the same limit as a single sheet's.
    read = 0
    for raw in rows:
        if isinstance(raw, dict):
            emit(raw)
            continue
        read += 1
        if read > max_rows + 1:
            raise Refusal("too_many_rows")
        emit([_cell(v) for v in raw])
    emit({"end": read})


def _limit(params: dict[str, Any]) -> None:
    """The limits of one parse: address space, CPU seconds, no files written, no core."""
    mem, cpu = params["max_memory"], params["max_cpu"]
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(fds: list[int], params: dict[str, Any]) -> None:
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # a parent that stops reading ends us
        _limit(params)
        with os.fdopen(fds[1], "w", encoding="utf-8", buffering=1 << 16) as out:
            code = parse(fds[0], out, params)
    except BaseException:  # noqa: BLE001 — nothing may escape a fork back into the server
        code = 1
    finally:
        os._exit(code)


def serve(sock: socket.socket) -> None:
    """Fork one limited child per request until the parent closes the socket."""
    # Children are reaped by the kernel: their outcome travels through the pipe.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 2)
        except (ConnectionError, OSError):
            return
        if not msg:
            return  # the parent went away
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        params = json.loads(msg)
        if os.fork() == 0:
            sock.close()
            _child(fds, params)
        for fd in fds:
            os.close(fd)


def _preload() -> None:
    # Imported once in the server, so each fork starts with them in memory.
    import defusedxml.ElementTree  # noqa: F401
    import python_calamine  # noqa: F401


if __name__ == "__main__":
    _preload()
    serve(socket.socket(fileno=int(sys.argv[1])))
