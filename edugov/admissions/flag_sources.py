"""Eligibility flags another module derives instead of the candidates' import.

A session flag named here (``综评达标``, registered by the portfolio module) is not taken
from the imported ``flag_bits``: when a run loads its inputs the source computes, for the
session's candidates, who holds it, and that bit is set or cleared accordingly. A
programme then requires it through its ordinary ``required_flag_bits``, so the engine is
unchanged and the run's input hash covers the derived bits.

A source is ``f(session, candidate_pks) -> set of candidate pks holding the flag``; it reads
unscoped (a run is the city's computation over every candidate), so its module lists it
as an ``_unscoped`` read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

FlagSource = Callable[[object, Sequence[int]], set[int]]

_SOURCES: dict[str, FlagSource] = {}


def register_flag_source(flag: str, source: FlagSource) -> None:
    _SOURCES[flag] = source


def derived_flag_bits(session, flags: Sequence[str], candidate_pks: Sequence[int]):
    """(mask of the derived bits, {candidate pk: bits it holds}) for a session's flags."""
    mask = 0
    held: dict[int, int] = {}
    for i, flag in enumerate(flags):
        source = _SOURCES.get(flag)
        if source is None:
            continue
        mask |= 1 << i
        for pk in source(session, candidate_pks):
            held[pk] = held.get(pk, 0) | 1 << i
    return mask, held
