"""A screening instrument declared as data: items, options, scoring, cut-offs and flags.

PHQ-9 and GAD-7 ship in ``instruments/``; a bureau loads a scale it has licensed in the
same JSON format (docs/engines/screening.md). Loading checks the declaration, so a scale
that cannot be scored is refused at load time with what is wrong, never mid-campaign.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).with_name("instruments")
BUILTIN = {"PHQ-9": "phq9.json", "GAD-7": "gad7.json"}


class InstrumentError(ValueError):
    """A declaration that cannot be scored (the message names the problem)."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    # A reverse-keyed item scores (max + min - answer); PHQ-9 and GAD-7 have none.
    reverse: bool = False


@dataclass(frozen=True)
class Band:
    """Totals from ``min`` up to the next band's ``min`` (exclusive)."""

    min: int
    code: str
    label: str


@dataclass(frozen=True)
class Flag:
    """Raised when ``item``'s answer is above ``above``, whatever the total (PHQ-9 item 9)."""

    code: str
    label: str
    item: str
    above: int


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    flags: tuple[Flag, ...] = ()
    stem: str = ""
    source: str = ""

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    @property
    def max_total(self) -> int:
        return max(self.values) * len(self.items)

    def item_index(self, item_id: str) -> int:
        for i, item in enumerate(self.items):
            if item.id == item_id:
                return i
        raise InstrumentError(f"{self.code}: no item {item_id!r}")

    def band(self, code: str) -> Band:
        return next(b for b in self.bands if b.code == code)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Instrument:
        """Build and check a declaration; raises :class:`InstrumentError`."""
        try:
            inst = cls(
                code=str(data["code"]),
                name=str(data.get("name", data["code"])),
                stem=str(data.get("stem", "")),
                source=str(data.get("source", "")),
                options=tuple(Option(int(o["value"]), str(o["label"])) for o in data["options"]),
                items=tuple(
                    Item(str(i["id"]), str(i["text"]), bool(i.get("reverse", False)))
                    for i in data["items"]
                ),
                bands=tuple(
                    Band(int(b["min"]), str(b["code"]), str(b["label"])) for b in data["bands"]
                ),
                flags=tuple(
                    Flag(str(f["code"]), str(f["label"]), str(f["item"]), int(f["above"]))
                    for f in data.get("flags", ())
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InstrumentError(f"declaration incomplete or mistyped: {exc!r}") from None
        inst.check()
        return inst

    @classmethod
    def load(cls, path: str | Path) -> Instrument:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def check(self) -> None:
        problems = []
        if not self.items:
            problems.append("no items")
        if len({i.id for i in self.items}) != len(self.items):
            problems.append("item ids repeat")
        values = self.values
        if not values or len(set(values)) != len(values):
            problems.append("options missing or repeated")
        elif min(values) < 0 or max(values) > 100:
            problems.append("option values must lie in 0..100")
        mins = [b.min for b in self.bands]
        if not mins or mins[0] != 0 or mins != sorted(set(mins)):
            problems.append("bands must start at 0 and rise strictly")
        for f in self.flags:
            if f.item not in {i.id for i in self.items}:
                problems.append(f"flag {f.code}: no item {f.item!r}")
        if problems:
            raise InstrumentError(f"{self.code}: " + "; ".join(problems))


def builtin(code: str) -> Instrument:
    """PHQ-9 or GAD-7, the free scales shipped with the platform."""
    try:
        return Instrument.load(BUILTIN_DIR / BUILTIN[code])
    except KeyError:
        raise InstrumentError(f"no built-in instrument {code!r}") from None
