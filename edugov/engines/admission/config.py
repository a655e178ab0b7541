"""Typed configuration of an admission run, loaded from TOML.

Every key is documented in ``docs/engines/admission.md``. The configuration is policy, so it
is validated strictly: an unknown key is an error rather than silently ignored, because a
misspelt ``min_line`` that quietly does nothing would change who gets a seat.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MECHANISMS = ("serial_dictatorship", "boston", "chen_kesten", "deferred_acceptance")
FINAL_TIE_RULES = ("candidate_id", "overfill", "preference_order", "lottery")
BATCH_KINDS = ("open", "quota")
SECTORS = ("public", "private")
PRIORITIES = ("score", "programme")


class ConfigError(ValueError):
    """The configuration is invalid; the message names the offending key."""


def scaled(value: int | float | str | Decimal, scale: int, what: str) -> int:
    """Convert a score written in points to the engine's integer unit (points × ``scale``).

    Decimal arithmetic, because 0.1 + 0.2 style float error must never move a line by one
    unit. A value that is not a whole number of units is rejected rather than rounded.
    """
    try:
        d = Decimal(str(value)) * scale
    except InvalidOperation:
        raise ConfigError(f"{what}: {value!r} is not a number")
    if d != d.to_integral_value():
        raise ConfigError(f"{what}: {value} is not a multiple of 1/{scale} point")
    return int(d)


def ratio_permille(value: int | float | str, what: str) -> int:
    """投档比例 as an integer in thousandths (1.05 → 1050), checked against 1.00–1.10."""
    try:
        d = Decimal(str(value)) * 1000
    except InvalidOperation:
        raise ConfigError(f"{what}: {value!r} is not a number")
    if d != d.to_integral_value() or not 1000 <= d <= 1100:
        raise ConfigError(f"{what}: 投档比例 {value} must be between 1.00 and 1.10 (3 decimals)")
    return int(d)


_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class TieBreak:
    """How candidates with equal 投档分 are ordered.

    ``subjects`` entries are subject names or ``+``-joined sums ("语文+数学"), compared in
    order, higher first. ``final`` decides a full tie (see FINAL_TIE_RULES).
    """

    subjects: tuple[str, ...] = ()
    final: str = "candidate_id"
    lottery_seed: str = ""  # σ of a commit–reveal ceremony, 64 lowercase hex digits
    lottery_draw: str = "中考"  # the draw name in the lottery key (docs/engines/lottery.md)


@dataclass(frozen=True)
class BatchConfig:
    """One admission batch (批次): its programmes, line, choice limit and mechanism."""

    name: str
    kind: str = "open"
    mechanism: str = "serial_dictatorship"
    band: int = 0
    max_choices: int = 12
    preferences: str = ""
    categories: tuple[str, ...] = ("general",)
    sectors: tuple[str, ...] = SECTORS
    min_line: int = 0  # engine units (points × score_scale)
    ratio: int = 1000  # permille; a programme's own ratio overrides it
    admit_beyond_plan: bool = False
    priority: str = "score"

    @property
    def preference_list(self) -> str:
        """Name of the preference list this batch reads (defaults to the batch name)."""
        return self.preferences or self.name

    def band_width(self, k: int) -> int:
        """Choices per DA band: K for SD/DA, 1 for Boston, e for Chen–Kesten."""
        if self.mechanism == "boston":
            return 1
        if self.mechanism == "chen_kesten":
            return max(1, min(self.band, k)) if k else 1
        return max(k, 1)


@dataclass(frozen=True)
class AdmissionConfig:
    """A whole admission run: subjects, flags, tie rules, and the batches in order."""

    subjects: tuple[str, ...]
    batches: tuple[BatchConfig, ...]
    flags: tuple[str, ...] = ()
    score_scale: int = 1
    bonus_cap: int | None = None  # engine units
    return_unfilled_quota: bool = True
    tie_break: TieBreak = field(default_factory=TieBreak)
    # programme code → (("total" | subject, weight), ...), used by priority = "programme"
    priorities: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()

    def subject_index(self, name: str) -> int:
        """Column of a subject in the candidates' subject matrix."""
        try:
            return self.subjects.index(name)
        except ValueError:
            raise ConfigError(f"unknown subject {name!r}; known: {', '.join(self.subjects)}")

    def flag_bit(self, name: str) -> int:
        """Bit of a named eligibility flag (bit i is ``flags[i]``)."""
        try:
            return 1 << self.flags.index(name)
        except ValueError:
            raise ConfigError(f"unknown flag {name!r}; known: {', '.join(self.flags)}")

    def canonical_json(self) -> bytes:
        """The configuration as canonical JSON bytes; its SHA-256 is the config hash."""
        return json.dumps(
            asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")


_TOP_KEYS = {
    "subjects",
    "flags",
    "score_scale",
    "bonus_cap",
    "return_unfilled_quota",
    "tie_break",
    "batch",
    "priorities",
}
_TIE_KEYS = {"subjects", "final", "lottery_seed", "lottery_draw"}
_BATCH_KEYS = {
    "name",
    "kind",
    "mechanism",
    "band",
    "max_choices",
    "preferences",
    "categories",
    "sectors",
    "min_line",
    "ratio",
    "admit_beyond_plan",
    "priority",
}


def _unknown(d: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(d) - allowed)
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(extra)}")


def _str_tuple(v: Any, where: str) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(v)


def _int(v: Any, where: str, lo: int = 0) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v < lo:
        raise ConfigError(f"{where} must be an integer ≥ {lo}")
    return v


def parse_config(data: dict[str, Any]) -> AdmissionConfig:
    """Build and validate an :class:`AdmissionConfig` from a parsed TOML document."""
    _unknown(data, _TOP_KEYS, "config")
    if "subjects" not in data:
        raise ConfigError("config: 'subjects' is required")
    subjects = _str_tuple(data["subjects"], "subjects")
    if len(set(subjects)) != len(subjects):
        raise ConfigError("subjects: duplicate name")
    flags = _str_tuple(data.get("flags", []), "flags")
    if len(flags) > 62 or len(set(flags)) != len(flags):
        raise ConfigError("flags: at most 62 distinct names (they are bits of an int64)")
    scale = _int(data.get("score_scale", 1), "score_scale", lo=1)
    cap = data.get("bonus_cap")
    bonus_cap = None if cap is None else scaled(cap, scale, "bonus_cap")

    tb = data.get("tie_break", {})
    if not isinstance(tb, dict):
        raise ConfigError("tie_break must be a table")
    _unknown(tb, _TIE_KEYS, "tie_break")
    tie = TieBreak(
        subjects=_str_tuple(tb.get("subjects", []), "tie_break.subjects"),
        final=tb.get("final", "candidate_id"),
        lottery_seed=str(tb.get("lottery_seed", "")),
        lottery_draw=str(tb.get("lottery_draw", "中考")),
    )
    if tie.final not in FINAL_TIE_RULES:
        raise ConfigError(f"tie_break.final must be one of {', '.join(FINAL_TIE_RULES)}")
    if tie.final == "lottery" and not tie.lottery_seed:
        raise ConfigError("tie_break.lottery_seed is required when final = 'lottery'")
    if tie.lottery_seed and not _HEX64.fullmatch(tie.lottery_seed):
        raise ConfigError(
            "tie_break.lottery_seed must be σ of a commit–reveal draw: 64 lowercase hex digits"
        )
    if not tie.lottery_draw or any(
        ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in tie.lottery_draw
    ):
        raise ConfigError(
            "tie_break.lottery_draw must be non-empty text without control characters"
        )
    for entry in tie.subjects:
        for part in entry.split("+"):
            if part.strip() not in subjects:
                raise ConfigError(f"tie_break.subjects: unknown subject {part!r}")

    raw_batches = data.get("batch", [])
    if not isinstance(raw_batches, list) or not raw_batches:
        raise ConfigError("config: at least one [[batch]] is required")
    batches = []
    for i, b in enumerate(raw_batches):
        where = f"batch[{i}]"
        if not isinstance(b, dict):
            raise ConfigError(f"{where} must be a table")
        _unknown(b, _BATCH_KEYS, where)
        if not isinstance(b.get("name"), str) or not b["name"]:
            raise ConfigError(f"{where}.name is required")
        if any(ch in b["name"] for ch in ',"\r\n'):
            raise ConfigError(f"{where}.name must not contain a comma, quote or newline")
        batch = BatchConfig(
            name=b["name"],
            kind=b.get("kind", "open"),
            mechanism=b.get("mechanism", "serial_dictatorship"),
            band=_int(b.get("band", 0), f"{where}.band"),
            max_choices=_int(b.get("max_choices", 12), f"{where}.max_choices", lo=1),
            preferences=str(b.get("preferences", "")),
            categories=_str_tuple(b.get("categories", ["general"]), f"{where}.categories"),
            sectors=_str_tuple(b.get("sectors", list(SECTORS)), f"{where}.sectors"),
            min_line=scaled(b.get("min_line", 0), scale, f"{where}.min_line"),
            ratio=ratio_permille(b.get("ratio", 1), f"{where}.ratio"),
            admit_beyond_plan=bool(b.get("admit_beyond_plan", False)),
            priority=b.get("priority", "score"),
        )
        if batch.kind not in BATCH_KINDS:
            raise ConfigError(f"{where}.kind must be one of {', '.join(BATCH_KINDS)}")
        if batch.mechanism not in MECHANISMS:
            raise ConfigError(f"{where}.mechanism must be one of {', '.join(MECHANISMS)}")
        if batch.mechanism == "chen_kesten" and batch.band < 1:
            raise ConfigError(f"{where}.band (e ≥ 1) is required for chen_kesten")
        if not set(batch.sectors) <= set(SECTORS):
            raise ConfigError(f"{where}.sectors must be drawn from {', '.join(SECTORS)}")
        if batch.priority not in PRIORITIES:
            raise ConfigError(f"{where}.priority must be one of {', '.join(PRIORITIES)}")
        if batch.priority == "programme" and tie.final == "overfill":
            # Overfill is defined on the common score order; a programme's own ranking
            # has no "tied group at the line" that the bureau has published.
            raise ConfigError(f"{where}: priority = 'programme' cannot use final = 'overfill'")
        batches.append(batch)
    if len({b.name for b in batches}) != len(batches):
        raise ConfigError("batch names must be unique")

    pri = data.get("priorities", {})
    if not isinstance(pri, dict):
        raise ConfigError("priorities must be a table of programme code → {weights}")
    priorities = []
    for code in sorted(pri):
        entry = pri[code]
        if not isinstance(entry, dict) or set(entry) != {"weights"}:
            raise ConfigError(f"priorities.{code} must contain exactly 'weights'")
        weights = entry["weights"]
        if not isinstance(weights, dict) or not weights:
            raise ConfigError(f"priorities.{code}.weights must be a non-empty table")
        items = []
        for name in sorted(weights):
            if name != "total" and name not in subjects:
                raise ConfigError(f"priorities.{code}.weights: unknown subject {name!r}")
            items.append((name, _int(weights[name], f"priorities.{code}.weights.{name}")))
        priorities.append((code, tuple(items)))

    return AdmissionConfig(
        subjects=subjects,
        batches=tuple(batches),
        flags=flags,
        score_scale=scale,
        bonus_cap=bonus_cap,
        return_unfilled_quota=bool(data.get("return_unfilled_quota", True)),
        tie_break=tie,
        priorities=tuple(priorities),
    )


def load_config(path: str | Path) -> AdmissionConfig:
    """Read and validate a TOML configuration file."""
    with open(path, "rb") as fh:
        return parse_config(tomllib.load(fh))


def loads_config(text: str) -> AdmissionConfig:
    """Parse and validate TOML configuration text."""
    return parse_config(tomllib.loads(text))
