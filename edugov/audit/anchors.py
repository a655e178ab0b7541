"""Anchors: the chain head written down outside the database (finding M3).

The MAC stops anyone without the key from rewriting events, but not from cutting the
newest events and moving the head back: what remains still verifies. So at least daily
(``manage.py anchor_audit`` from cron, and every ``manage.py backup``) the head's
``(seq, hash, time)`` is appended to ``EDUGOV_AUDIT_ANCHOR_FILE`` (one JSON object per
line, opened O_APPEND, mode 0600) and logged to the ``edugov.audit.anchor`` logger, which
a deployment can route to syslog. ``verify_audit`` then refuses a chain that ends before
an anchor or whose hash at an anchored seq differs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("edugov.audit.anchor")


class AnchorFileError(Exception):
    """The anchor file cannot be used: unreadable, too open, or holding a bad line."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str

    def line(self) -> str:
        return json.dumps({"seq": self.seq, "hash": self.hash, "at": self.at}, sort_keys=True)


def anchor_path() -> Path:
    return Path(settings.EDUGOV_AUDIT_ANCHOR_FILE)


def _refuse_open_mode(path: Path, mode: int) -> None:
    # Readable or writable by others, an anchor file proves nothing: whoever may write
    # it can move the anchors along with the head.
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AnchorFileError(f"{path} must be readable and writable by its owner only (0600)")


def append_anchor(seq: int, hash: str, *, path: Path | None = None) -> Anchor:
    """Append one anchor line (creating the file 0600) and log it."""
    path = path or anchor_path()
    anchor = Anchor(seq=seq, hash=hash, at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end even with two writers (cron and a backup);
    # the line is far below PIPE_BUF, so it is written whole.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        _refuse_open_mode(path, os.fstat(fd).st_mode)
        os.write(fd, (anchor.line() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    logger.info("audit anchor %s", anchor.line())
    return anchor


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file, in file order; ``[]`` when there is no file yet."""
    path = path or anchor_path()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return []
    _refuse_open_mode(path, mode)
    anchors = []
    with open(path, encoding="ascii", errors="replace") as fh:
        for number, text in enumerate(fh, 1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                anchors.append(Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=data["at"]))
            except (ValueError, KeyError, TypeError):
                raise AnchorFileError(f"{path} line {number} is not an anchor") from None
    return anchors
