"""The common score order and the priority keys derived from it.

DOMAIN.md §5 sorts by (−(score + capped bonus), tie-break subjects in order, candidate id).
Rather than a lexsort over several columns, each component is turned into a non-negative
"lower is better" integer and the components are bit-packed into one int64, so a single
radix sort orders a million candidates in a few passes. The high part (score and subjects)
is the *tie group*: candidates with equal group are a full tie that the final rule decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from edugov.engines.lottery import key_function

from .config import AdmissionConfig
from .model import Candidates


@dataclass(frozen=True)
class Ranking:
    """Common priority of every candidate.

    ``key`` is unique, lower is better; ``group`` equal means fully tied on score and
    tie-break subjects; ``score`` is the 投档分 (total + capped bonus) in engine units;
    ``tie_bits`` is how many low bits of ``key`` hold the final tie-break.
    """

    key: np.ndarray
    group: np.ndarray
    score: np.ndarray
    tie_bits: int


def _bits(x: int) -> int:
    return int(x).bit_length()


def lottery_order(ids: np.ndarray, seed_hex: str, draw_name: str) -> np.ndarray:
    """Row indices of ``ids`` in lottery order: the lottery engine's key
    (``edugov.engines.lottery.key_function``: SHA-256(σ ‖ draw name ‖ 0x1F ‖ decimal exam
    number)) as unsigned big-endian bytes, then the exam number.

    The same key as the compulsory-school draw (docs/engines/lottery.md §2.4), so a full
    tie at a cutoff is recomputed with the same tools and σ comes from the same
    commit–reveal ceremony. Never a library RNG stream: the bureau must be able to
    recompute any tie from the published σ on any machine, years later.
    """
    key = key_function(bytes.fromhex(seed_hex), draw_name)
    words = np.empty((4, ids.size), dtype=np.uint64)
    for i, cid in enumerate(ids.tolist()):
        d = key(str(cid))
        for w in range(4):
            words[w, i] = int.from_bytes(d[8 * w : 8 * w + 8], "big")
    # lexsort's last key is the primary one: word 0, 1, 2, 3 of the digest, then the id.
    return np.lexsort((ids, words[3], words[2], words[1], words[0]))


def _rank_of(order: np.ndarray) -> np.ndarray:
    rank = np.empty(order.size, np.int64)
    rank[order] = np.arange(order.size, dtype=np.int64)
    return rank


def _dense_group(cols: list[np.ndarray]) -> np.ndarray:
    """Dense rank of rows of ``cols`` (lexicographic, first column most significant)."""
    n = cols[0].size
    order = np.lexsort(cols[::-1])
    diff = np.zeros(n, bool)
    for col in cols:
        s = col[order]
        diff[1:] |= s[1:] != s[:-1]
    dense = np.cumsum(diff)
    out = np.empty(n, np.int64)
    out[order] = dense
    return out


def tie_break_columns(cands: Candidates, config: AdmissionConfig) -> list[np.ndarray]:
    """The tie-break values in configured order ("语文+数学" sums its subjects)."""
    cols = []
    for entry in config.tie_break.subjects:
        idx = [config.subject_index(s.strip()) for s in entry.split("+")]
        cols.append(cands.subjects[:, idx].sum(axis=1))
    return cols


def admission_score(cands: Candidates, config: AdmissionConfig) -> np.ndarray:
    """投档分 = total + bonus, the bonus clipped to ``bonus_cap`` when one is configured."""
    bonus = cands.bonus
    if config.bonus_cap is not None:
        bonus = np.minimum(bonus, config.bonus_cap)
    return cands.total + bonus


def common_ranking(cands: Candidates, config: AdmissionConfig) -> Ranking:
    """Build the packed common key for all candidates (see module docstring)."""
    n = cands.n
    score = admission_score(cands, config)
    if n == 0:
        z = np.zeros(0, np.int64)
        return Ranking(z, z, score, 0)
    comps = [score, *tie_break_columns(cands, config)]
    # descending scores become ascending non-negative integers
    desc = [int(c.max()) - c for c in comps]
    widths = [_bits(int(d.max())) for d in desc]

    final = config.tie_break.final
    ids = cands.ids
    if final == "lottery":
        tie = _rank_of(
            lottery_order(ids, config.tie_break.lottery_seed, config.tie_break.lottery_draw)
        )
    else:
        span = int(ids.max()) - int(ids.min())
        if _bits(span) + sum(widths) <= 63:
            # exam numbers are often dense, so id − min keeps their order without a sort
            tie = ids - ids.min()
        else:
            tie = _rank_of(np.argsort(ids, kind="stable"))
    tie_bits = _bits(int(tie.max()))

    if sum(widths) + tie_bits <= 63:
        group = np.zeros(n, np.int64)
        for d, w in zip(desc, widths, strict=True):
            group = (group << w) | d
    else:
        group = _dense_group(desc)
        if _bits(int(group.max())) + tie_bits > 63:
            tie = _rank_of(np.lexsort((tie,)))
            tie_bits = _bits(n - 1)
    key = (group << tie_bits) | tie
    return Ranking(key=key, group=group, score=score, tie_bits=tie_bits)


def preference_order_priority(ranking: Ranking, tprefs: np.ndarray) -> np.ndarray:
    """Priority for final = "preference_order": (group, choice number, tie) per (c, j).

    Among a fully tied group competing for a target, the one who listed it higher wins;
    that makes priority target-specific, so it is matched with DA rather than SD.
    """
    n, k = tprefs.shape
    jb = _bits(max(k - 1, 0))
    group = ranking.group
    tie = ranking.key & ((1 << ranking.tie_bits) - 1) if ranking.tie_bits else ranking.key * 0
    tb = ranking.tie_bits
    if n and _bits(int(group.max())) + jb + tb > 63:
        group = _dense_group([group])
    j = np.arange(k, dtype=np.int64)[None, :]
    return (((group[:, None] << jb) | j) << tb) | tie[:, None]


def programme_priority(
    ranking: Ranking,
    order: np.ndarray,
    cands: Candidates,
    prefs: np.ndarray,
    weights: np.ndarray,
    scores: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """Priority for priority = "programme": the programme's weighted score, then the
    common order.

    ``weights`` is P×(S+1): subject weights then the weight of 投档分. A programme with an
    all-zero row ranks by the common order alone. ``scores`` is the kernel computing the
    weighted sums (compiled or reference). Returned keys are lower-is-better and unique
    per target.
    """
    n = prefs.shape[0]
    pos = _rank_of(order)
    pb = _bits(max(n - 1, 0))
    x = np.ascontiguousarray(np.concatenate([cands.subjects, ranking.score[:, None]], axis=1))
    f = scores(np.ascontiguousarray(prefs), x, np.ascontiguousarray(weights, dtype=np.int64))
    fdesc = int(f.max(initial=0)) - f
    if n and _bits(int(fdesc.max(initial=0))) + pb > 63:
        raise ValueError("programme priority weights are too large to pack into int64")
    return (fdesc << pb) | pos[:, None]


def cutoff_detail(cands: Candidates, config: AdmissionConfig, row: int) -> dict[str, object]:
    """The 录取分数线 with its tie-break detail: the 投档分 and each tie-break value of the
    candidate at ``row`` (normally a ``ProgrammeStats.cutoff``), in engine units."""
    score = int(admission_score(cands, config)[row])
    cols = tie_break_columns(cands, config)
    return {
        "candidate_id": int(cands.ids[row]),
        "score": score,
        "tie_break": {
            entry: int(col[row]) for entry, col in zip(config.tie_break.subjects, cols, strict=True)
        },
    }
