"""Phase 1's checked writes, kept on disk for phase 2 (see ``core.io.importer``)."""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from dataclasses import dataclass


@dataclass
class SpooledChunk:
    """One chunk's checked writes: creates as (row, owning unit pk, natural key, values)
    and updates as {written field names: [(row, pk, values)]}."""

    creates: list[tuple[int, int | None, tuple, tuple]]
    updates: dict[tuple[str, ...], list[tuple[int, int, tuple]]]


class Spool:
    """Phase 1's checked writes, chunk after chunk, in an anonymous temporary file (no
    name on disk, gone when closed): phase 2 replays them instead of reading the file
    again, and memory holds one chunk, not the file. Only this process writes and
    reads it, so pickle's trust in its input is our trust in ourselves."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._chunks = 0

    def add(self, chunk: SpooledChunk) -> None:
        pickle.dump(chunk, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._chunks += 1

    def __iter__(self):
        self._fh.seek(0)
        for _i in range(self._chunks):
            yield pickle.load(self._fh)  # noqa: S301 - our own file, see the docstring

    def close(self) -> None:
        self._fh.close()


class SeenKeys:
    """The keys an import has met so far, each with the row that first had it, for
    "duplicates row N" across chunks: 64-bit hashes in a private temporary SQLite
    database (``sqlite3.connect("")``: on disk, no name, gone when closed), so that
    memory holds SQLite's page cache, not a Python dict of a million entries (~100 MB).

    A false "duplicates row N" needs two keys of one file to collide in 64 bits: odds
    about 1e-8 for a million rows.
    """

    #: Parameters per statement, under SQLite's limit on any version.
    _BATCH = 900

    def __init__(self) -> None:
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (h INTEGER PRIMARY KEY, row INTEGER NOT NULL)")

    def add(self, items: list[tuple[int, int]]) -> dict[int, int]:
        """Record ``(hash, row)`` pairs of one chunk; return ``{row: first row}`` for
        each row whose hash an earlier row had (in an earlier chunk or this one)."""
        hashes = list({h for h, _row in items})
        known: dict[int, int] = {}
        for start in range(0, len(hashes), self._BATCH):
            part = hashes[start : start + self._BATCH]
            marks = ",".join("?" * len(part))
            known.update(
                self._db.execute(f"SELECT h, row FROM seen WHERE h IN ({marks})", part)  # noqa: S608
            )
        earlier: dict[int, int] = {}
        new: list[tuple[int, int]] = []
        for h, row in items:
            if h in known:
                earlier[row] = known[h]
            else:
                known[h] = row
                new.append((h, row))
        self._db.executemany("INSERT INTO seen (h, row) VALUES (?, ?)", new)
        return earlier

    def close(self) -> None:
        self._db.close()
