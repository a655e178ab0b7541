"""Phase 1's checked writes, kept on disk for phase 2 (see ``core.io.importer``)."""

from __future__ import annotations

import pickle
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
