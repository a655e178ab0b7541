"""Hypothesis strategies for small admission markets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass
class Market:
    """A small matching problem: N×K target preferences, seats, and a common key."""

    prefs: np.ndarray  # int32, −1 = no choice
    cap: np.ndarray  # int64
    key: np.ndarray  # unique, lower is better
    group: np.ndarray  # tie groups consistent with key (equal group → adjacent keys)


@st.composite
def markets(draw: st.DrawFn, max_n: int = 24, max_t: int = 6, max_k: int = 5) -> Market:
    """Random markets with ties: keys are unique, groups bundle runs of adjacent keys.

    Hypothesis draws the sizes and a seed; numpy fills the arrays from the seed. Drawing
    each of the few hundred cells through hypothesis cost ~6 ms per example, which at 500
    examples per property would blow the test-time budget; sizes still shrink to a minimal
    failing market.
    """
    n = draw(st.integers(1, max_n))
    t = draw(st.integers(1, max_t))
    k = draw(st.integers(1, max_k))
    coarse = draw(st.integers(1, 4))
    gaps = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    prefs = np.full((n, k), -1, np.int32)
    for c in range(n):
        length = int(rng.integers(0, min(k, t) + 1))
        prefs[c, :length] = rng.permutation(t)[:length]
        if gaps and length and rng.random() < 0.3:
            # a gap in the middle of a list (an ineligible choice) must be skipped
            prefs[c, rng.integers(0, length)] = -1
    cap = rng.integers(0, 5, t).astype(np.int64)
    key = np.empty(n, np.int64)
    key[rng.permutation(n)] = np.arange(n) * 3 + 7  # unique and not simply 0..n−1
    # coarse "scores" make tie groups of adjacent ranks
    group = key // (3 * coarse)
    return Market(prefs=prefs, cap=cap, key=key, group=group)


@st.composite
def programme_priorities(draw: st.DrawFn, n: int, k: int) -> np.ndarray:
    """An N×K priority matrix, unique overall so it is unique within every programme."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.permutation(n * k).astype(np.int64).reshape(n, k) * 5 + 1
