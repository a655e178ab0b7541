"""Input data of an admission run as numpy arrays.

The shapes are chosen so the Django module can fill them straight from ``values_list``
queries: one row per candidate, one per programme, one per quota allocation, and a padded
N×K matrix per preference list. All scores are integers in engine units (points ×
``score_scale``), so comparisons are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .core import first_duplicate_row

SECTOR_PUBLIC = 0
SECTOR_PRIVATE = 1


class InputError(ValueError):
    """The input arrays are inconsistent; the message says which array and row."""


def _as(a: object, dtype: type, name: str, ndim: int = 1) -> np.ndarray:
    arr = np.ascontiguousarray(np.asarray(a), dtype=dtype)
    if arr.ndim != ndim:
        raise InputError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    return arr


@dataclass(frozen=True)
class Candidates:
    """N candidates.

    ``total`` is the exam total and ``bonus`` the capped bonus (加分); their sum is the
    投档分 that lines and rankings use. ``subjects`` is N×S in the configuration's subject
    order. ``junior`` indexes junior schools (−1: none, so no 指标到校 place). ``flags`` is a
    bitmask of the configuration's named flags.
    """

    ids: np.ndarray
    total: np.ndarray
    subjects: np.ndarray
    bonus: np.ndarray
    junior: np.ndarray
    flags: np.ndarray

    @classmethod
    def build(
        cls,
        *,
        ids: object,
        total: object,
        subjects: object,
        bonus: object | None = None,
        junior: object | None = None,
        flags: object | None = None,
    ) -> Candidates:
        """Coerce array-likes to the engine's dtypes and validate them."""
        ids_a = _as(ids, np.int64, "ids")
        n = ids_a.size
        subj = _as(subjects, np.int64, "subjects", ndim=2) if n else np.zeros((0, 0), np.int64)
        c = cls(
            ids=ids_a,
            total=_as(total, np.int64, "total"),
            subjects=subj,
            bonus=_as(np.zeros(n) if bonus is None else bonus, np.int64, "bonus"),
            junior=_as(np.full(n, -1) if junior is None else junior, np.int32, "junior"),
            flags=_as(np.zeros(n) if flags is None else flags, np.int64, "flags"),
        )
        c.validate()
        return c

    @property
    def n(self) -> int:
        """Number of candidates."""
        return int(self.ids.size)

    def validate(self) -> None:
        """Check lengths, uniqueness of ids and non-negative scores."""
        n = self.n
        for name in ("total", "bonus", "junior", "flags"):
            if getattr(self, name).shape != (n,):
                raise InputError(f"candidates.{name} must have length {n}")
        if self.subjects.shape[0] != n:
            raise InputError(f"candidates.subjects must have {n} rows")
        if np.unique(self.ids).size != n:
            raise InputError("candidates.ids must be unique")
        if n and self.ids.min() < 0:
            raise InputError("candidates.ids must be non-negative exam numbers")
        if n and (self.total.min() < 0 or self.bonus.min() < 0 or self.subjects.min(initial=0) < 0):
            raise InputError("scores and bonus must be non-negative")


@dataclass(frozen=True)
class Programmes:
    """P programmes (招生计划 entries) and their 指标到校 allocations.

    Each programme has open seats and, separately, quota seats per junior school given as
    sparse triples ``quota_programme[i], quota_junior[i], quota_seats[i]``. The engine turns
    them into virtual programmes ``p.open`` and ``p.quota[j]``.

    ``ratio`` is the 投档比例 in thousandths, 0 meaning "use the batch's ratio".
    ``min_score`` is the programme's own line (engine units, 0 = none). ``subject_min`` is
    P×S, −1 where a subject has no minimum: an eligibility rule checked before 投档, so a
    candidate below it simply moves on to their next choice.
    """

    codes: tuple[str, ...]
    open_seats: np.ndarray
    sector: np.ndarray
    category: tuple[str, ...]
    required_flags: np.ndarray
    min_score: np.ndarray
    ratio: np.ndarray
    subject_min: np.ndarray
    quota_programme: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    quota_junior: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    quota_seats: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @classmethod
    def build(
        cls,
        *,
        codes: list[str] | tuple[str, ...],
        open_seats: object,
        n_subjects: int,
        sector: object | None = None,
        category: list[str] | tuple[str, ...] | None = None,
        required_flags: object | None = None,
        min_score: object | None = None,
        ratio: object | None = None,
        subject_min: object | None = None,
        quota_programme: object = (),
        quota_junior: object = (),
        quota_seats: object = (),
    ) -> Programmes:
        """Coerce array-likes to the engine's dtypes, fill defaults and validate."""
        p = len(codes)
        z = np.zeros(p)
        prog = cls(
            codes=tuple(codes),
            open_seats=_as(open_seats, np.int64, "open_seats"),
            sector=_as(z if sector is None else sector, np.int8, "sector"),
            category=tuple(category) if category is not None else ("general",) * p,
            required_flags=_as(z if required_flags is None else required_flags, np.int64, "flags"),
            min_score=_as(z if min_score is None else min_score, np.int64, "min_score"),
            ratio=_as(z if ratio is None else ratio, np.int64, "ratio"),
            subject_min=_as(
                np.full((p, n_subjects), -1) if subject_min is None else subject_min,
                np.int64,
                "subject_min",
                ndim=2,
            ),
            quota_programme=_as(quota_programme, np.int32, "quota_programme"),
            quota_junior=_as(quota_junior, np.int32, "quota_junior"),
            quota_seats=_as(quota_seats, np.int64, "quota_seats"),
        )
        prog.validate()
        return prog

    @property
    def p(self) -> int:
        """Number of programmes."""
        return len(self.codes)

    def validate(self) -> None:
        """Check lengths, code uniqueness, seat counts, ratios and quota triples."""
        p = self.p
        if len(set(self.codes)) != p:
            raise InputError("programme codes must be unique")
        bad_code = [c for c in self.codes if not c or any(ch in c for ch in ',"\r\n')]
        if bad_code:
            # codes are written unquoted into the canonical result bytes
            raise InputError(
                f'programme code {bad_code[0]!r} is empty or contains , " or a newline'
            )
        for name in ("open_seats", "sector", "required_flags", "min_score", "ratio"):
            if getattr(self, name).shape != (p,):
                raise InputError(f"programmes.{name} must have length {p}")
        if len(self.category) != p or self.subject_min.shape[0] != p:
            raise InputError("programmes.category / subject_min must have one row per programme")
        if p and self.open_seats.min() < 0:
            raise InputError("open_seats must be non-negative")
        bad = (self.ratio != 0) & ((self.ratio < 1000) | (self.ratio > 1100))
        if bad.any():
            raise InputError(
                f"programme {self.codes[int(np.argmax(bad))]}: ratio outside 1.00–1.10"
            )
        q = self.quota_programme.size
        if self.quota_junior.size != q or self.quota_seats.size != q:
            raise InputError("quota triples must have equal lengths")
        if q:
            if self.quota_programme.min() < 0 or self.quota_programme.max() >= p:
                raise InputError("quota_programme out of range")
            if self.quota_junior.min() < 0 or self.quota_seats.min() < 0:
                raise InputError("quota_junior and quota_seats must be non-negative")
            pairs = self.quota_programme.astype(np.int64) << 32 | self.quota_junior
            if np.unique(pairs).size != q:
                raise InputError("duplicate (programme, junior school) quota allocation")


@dataclass(frozen=True)
class Returns:
    """退档 decisions: candidate ``candidate_ids[i]`` is sent back by ``programmes[i]`` in
    batch ``batches[i]``. A return only applies if the run actually sends that candidate to
    that programme in that batch; the candidate then leaves the batch unplaced (their seat
    is not re-offered in the same round) and goes on to the next batch."""

    candidate_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    programmes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    batches: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.batches)
        if np.asarray(self.candidate_ids).size != n or np.asarray(self.programmes).size != n:
            raise InputError("returns: candidate_ids, programmes and batches must align")


def validate_preferences(prefs: dict[str, np.ndarray], n: int, p: int) -> dict[str, np.ndarray]:
    """Coerce each preference list to an N×K int32 matrix and check its entries.

    Entries index programmes; −1 pads a row. A programme listed twice in one row is an
    error, since "the second time" has no meaning in any mechanism here.
    """
    out = {}
    for name in sorted(prefs):
        m = np.ascontiguousarray(prefs[name], dtype=np.int32)
        if m.ndim != 2 or m.shape[0] != n:
            raise InputError(f"preferences[{name!r}] must be an N×K matrix with N = {n}")
        if m.size and (m.min() < -1 or m.max() >= p):
            raise InputError(f"preferences[{name!r}] has a programme index out of range")
        row = first_duplicate_row(m)
        if row >= 0:
            raise InputError(f"preferences[{name!r}] row {row}: programme listed twice")
        out[name] = m
    return out
