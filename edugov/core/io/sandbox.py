"""The parent side of the sandbox: hands a file to a forked, resource-limited reader
(``sandbox_child``) and streams its rows back.

One small fork server per parent process (started on first use, ~40 ms once) forks a
fresh reader per file, so a file costs a fork (~2 ms), not an interpreter start. The
server is Django-free and holds no data; it exits when its parent does (its socket
closes). Nothing here imports Django, so the benchmark can drive it alone.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

CHILD = str(Path(__file__).with_name("sandbox_child.py"))
#: One JSON line longer than this is not a spreadsheet row (16,384 columns of short
#: text fit easily); the reader is stopped rather than the parent buffering it.
MAX_LINE = 8 * 1024 * 1024


class SandboxRefusal(Exception):
    """The reader refused the file; ``code`` and ``params`` say why."""

    def __init__(self, code: str, params: dict[str, Any]):
        super().__init__(code)
        self.code, self.params = code, params


class SandboxCrash(Exception):
    """The reader ended without finishing: killed by a limit, aborted, or flooding."""


class _Server:
    lock = threading.Lock()
    owner = 0
    proc: subprocess.Popen | None = None
    sock: socket.socket | None = None

    @classmethod
    def socket(cls) -> socket.socket:
        with cls.lock:
            # A forked web worker inherits the module but not a usable server.
            if cls.owner != os.getpid() or cls.proc is None or cls.proc.poll() is not None:
                cls._start()
            assert cls.sock is not None
            return cls.sock

    @classmethod
    def _start(cls) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        cls.proc = subprocess.Popen(
            [sys.executable, "-I", CHILD, str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            # A reader's panic message and backtrace say nothing a user or operator can
            # act on; the outcome travels through the pipe and the audit event.
            stderr=subprocess.DEVNULL,
            # Not the parent's environment: it may hold the secret and data keys, and a
            # reader is the code most exposed to hostile input.
            env={"LC_ALL": "C.UTF-8"},
            cwd="/",
        )
        theirs.close()
        cls.sock, cls.owner = ours, os.getpid()

    @classmethod
    def send(cls, params: dict[str, Any], fds: list[int]) -> None:
        message = json.dumps(params).encode()
        for attempt in (1, 2):
            try:
                socket.send_fds(cls.socket(), [message], fds)
                return
            except OSError:
                # The server died (killed by an operator, say): start another, once.
                if attempt == 2:
                    raise
                with cls.lock:
                    cls.proc = None


def _regular_fd(fh: IO[bytes]) -> tuple[int, IO[bytes] | None]:
    """A descriptor of a regular file holding the upload; a spooled 0600 copy for
    in-memory uploads (the reader needs pread)."""
    try:
        fd = fh.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd, None
    except (AttributeError, OSError, io.UnsupportedOperation, ValueError):
        pass
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed by open_rows once sent; 0600, unlinked
    fh.seek(0)
    shutil.copyfileobj(fh, spool)
    spool.flush()
    return spool.fileno(), spool


def open_rows(
    fh: IO[bytes], ext: str, limits: dict[str, int], *, workbook: bool = False
) -> tuple[int, Iterator[list[Any]]]:
    """(estimated data rows, rows with the header first) of the file, read by a
    limited child. Raises ``SandboxRefusal`` or ``SandboxCrash``, up front or while
    the rows are iterated; leaving the iterator early stops the child. ``workbook``
    reads every sheet of an xlsx, each after a ``{"sheet": name}`` marker."""
    fd, spool = _regular_fd(fh)
    r, w = os.pipe()
    try:
        _Server.send({**limits, "ext": ext, "workbook": workbook}, [fd, w])
    finally:
        os.close(w)
        if spool is not None:
            spool.close()  # the child holds its own descriptor of the spooled copy
    out = os.fdopen(r, "rb", buffering=1 << 16)
    rows = _lines(out, limits["max_output"])
    try:
        first = next(rows)
    except BaseException:
        rows.close()
        raise
    if not isinstance(first, dict) or "meta" not in first:
        rows.close()
        raise SandboxCrash("protocol")
    return int(first["meta"].get("estimate") or 0), rows  # type: ignore[return-value]


def _lines(out: IO[bytes], max_output: int) -> Iterator[Any]:
    total = 0
    try:
        while True:
            line = out.readline(MAX_LINE + 1)
            if not line:
                raise SandboxCrash("ended")  # no end line: killed, aborted or crashed
            total += len(line)
            if total > max_output or not line.endswith(b"\n"):
                raise SandboxCrash("output")
            try:
                value = json.loads(line)
            except ValueError:
                raise SandboxCrash("protocol")
            if isinstance(value, dict):
                if "refused" in value:
                    code = value.pop("refused")
                    raise SandboxRefusal(str(code), value)
                if "end" in value:
                    return
            yield value
    finally:
        # Closing the read end makes a child still writing die of SIGPIPE.
        out.close()
