"""The parsed plan: Plan → Area → Point → Target, as plain dataclasses.

``to_dict`` produces the JSON schema documented in docs/engines/plandoc.md and
``from_dict`` reads it back, so the review screen can send an edited plan back to the
server in the same shape the parser produced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA_VERSION = 1

COMPARATORS = ("≥", ">", "=", "≤", "<")


def _number(value: Decimal) -> int | float:
    # JSON readers expect 30000, not "30000" or 3E+4; integral values stay exact as ints.
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _decimal(value: Any) -> Decimal:
    # str() first so 2.18 does not become 2.180000000000000159872115546...
    return Decimal(str(value))


@dataclass(slots=True)
class Target:
    """A quantitative target found in a work point, e.g. 新增公办幼儿园22所以上."""

    subject: str
    comparator: str
    comparator_text: str
    value: Decimal
    unit: str
    normalised_value: Decimal
    normalised_unit: str
    text: str
    source_sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "comparator": self.comparator,
            "comparator_text": self.comparator_text,
            "value": _number(self.value),
            "unit": self.unit,
            "normalised_value": _number(self.normalised_value),
            "normalised_unit": self.normalised_unit,
            "text": self.text,
            "source_sentence": self.source_sentence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        return cls(
            subject=data["subject"],
            comparator=data["comparator"],
            comparator_text=data.get("comparator_text", ""),
            value=_decimal(data["value"]),
            unit=data["unit"],
            normalised_value=_decimal(data["normalised_value"]),
            normalised_unit=data["normalised_unit"],
            text=data.get("text", ""),
            source_sentence=data.get("source_sentence", ""),
        )


@dataclass(slots=True)
class SubItem:
    """A sub-numbered item inside a point, e.g. （1）… or ①…."""

    number: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SubItem:
        return cls(number=int(data["number"]), text=data["text"])


@dataclass(slots=True)
class Point:
    """One numbered work point (工作要点) with its responsible units and targets."""

    number: int
    title: str
    body: str = ""
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    items: list[SubItem] = field(default_factory=list)
    line: int = 0  # where the point starts in the source (see Para.line); 0 if unknown

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "line": self.line,
            "body": self.body,
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "targets": [t.to_dict() for t in self.targets],
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Point:
        return cls(
            number=int(data["number"]),
            title=data["title"],
            body=data.get("body", ""),
            lead_units=list(data.get("lead_units", [])),
            co_units=list(data.get("co_units", [])),
            targets=[Target.from_dict(t) for t in data.get("targets", [])],
            items=[SubItem.from_dict(i) for i in data.get("items", [])],
            line=int(data.get("line", 0)),
        )


@dataclass(slots=True)
class Area:
    """A top-level section of the plan (一、… 二、…) holding its work points."""

    number: int
    title: str
    intro: str = ""
    points: list[Point] = field(default_factory=list)
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "line": self.line,
            "intro": self.intro,
            "points": [p.to_dict() for p in self.points],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Area:
        return cls(
            number=int(data["number"]),
            title=data["title"],
            intro=data.get("intro", ""),
            points=[Point.from_dict(p) for p in data.get("points", [])],
            line=int(data.get("line", 0)),
        )


@dataclass(slots=True)
class Plan:
    """A whole work plan (工作要点) as parsed from one document.

    ``warnings`` lists what the parser noticed but could not resolve (gaps in point
    numbering, points without a body…) so a reviewer knows where to look.
    """

    title: str = ""
    year: int | None = None
    issuer: str = ""
    doc_number: str = ""
    date: str | None = None  # ISO 8601, e.g. "2023-04-03"
    preamble: str = ""
    areas: list[Area] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def points(self) -> Iterator[Point]:
        """Every point of every area, in document order."""
        for area in self.areas:
            yield from area.points

    def targets(self) -> Iterator[tuple[Point, Target]]:
        """Every target with the point it belongs to, in document order."""
        for point in self.points():
            for target in point.targets:
                yield point, target

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (schema: docs/engines/plandoc.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "date": self.date,
            "preamble": self.preamble,
            "areas": [a.to_dict() for a in self.areas],
            "warnings": list(self.warnings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The plan as JSON text with Chinese left readable (ensure_ascii=False)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Rebuild a plan from ``to_dict`` output, e.g. after a reviewer edited it."""
        year = data.get("year")
        return cls(
            title=data.get("title", ""),
            year=int(year) if year is not None else None,
            issuer=data.get("issuer", ""),
            doc_number=data.get("doc_number", ""),
            date=data.get("date"),
            preamble=data.get("preamble", ""),
            areas=[Area.from_dict(a) for a in data.get("areas", [])],
            warnings=list(data.get("warnings", [])),
        )
