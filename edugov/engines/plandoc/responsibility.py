"""Responsible-unit annotations: （责任科室：A、B）, 牵头单位：…, 责任单位：…, 配合单位：….

Plans attach them in brackets after a point or on their own lines below it. They are
lifted out of the body text (a reviewer sees them as fields, not prose) and split into
lead and co-operating units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROLE_RE = re.compile(
    r"(牵头|主责|责任|配合|协办|协同|参与)(?:单位|科室|部门|处室|处|科)\s*[:：]\s*"
)
_BRACKETED_ROLE_RE = re.compile(r"[（(]\s*(?=" + _ROLE_RE.pattern + ")")
_LEAD_ROLES = {"牵头", "主责"}
_CO_ROLES = {"配合", "协办", "协同", "参与"}
# 和/及 are not separators: they occur inside names such as 人力资源和社会保障局.
_SPLIT_RE = re.compile(r"[、，,；;／/\s]")
_OPEN, _CLOSE = "（(", "）)"


@dataclass(slots=True)
class Responsibility:
    """Units named by a point's annotations, split by role."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    # Units named as 责任 without a 牵头 alongside: the first is the lead.
    responsible: list[str] = field(default_factory=list)

    def resolve(self) -> tuple[list[str], list[str]]:
        """(lead_units, co_units) following the convention of the plans we have seen.

        With an explicit 牵头, every 责任 unit co-operates; without one, the first 责任
        unit listed leads and the rest co-operate.
        """
        lead = list(self.lead)
        co = list(self.co)
        if lead:
            co = self.responsible + co
        elif self.responsible:
            lead = self.responsible[:1]
            co = self.responsible[1:] + co
        return _dedupe(lead), [u for u in _dedupe(co) if u not in lead]


def _dedupe(units: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for u in units:
        seen.setdefault(u, None)
    return list(seen)


def _split_units(text: str) -> list[str]:
    units = []
    depth = 0
    current: list[str] = []
    # Separators inside brackets belong to the name: 各县（市、区）教育局 is one unit.
    for ch in text + "、":
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if depth == 0 and _SPLIT_RE.fullmatch(ch):
            unit = "".join(current).strip(" 。.：:").removesuffix("等").strip()
            if unit:
                units.append(unit)
            current = []
        else:
            current.append(ch)
    return units


def _add(resp: Responsibility, role: str, text: str) -> None:
    units = _split_units(text)
    if role in _LEAD_ROLES:
        resp.lead.extend(units)
    elif role in _CO_ROLES:
        resp.co.extend(units)
    else:
        resp.responsible.extend(units)


def _parse_roles(text: str, resp: Responsibility) -> None:
    """Read ``牵头单位：A；配合单位：B、C`` (one or several roles) into ``resp``."""
    matches = list(_ROLE_RE.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        _add(resp, m.group(1), text[m.end() : end])


def _matching_close(text: str, open_at: int) -> int | None:
    # Unit names carry their own brackets (各县（区）教体局), so count depth.
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return None


def extract_responsibility(text: str) -> tuple[str, Responsibility]:
    """Remove every annotation from ``text``; return the cleaned text and the units."""
    resp = Responsibility()
    if not _ROLE_RE.search(text):
        return text, resp
    pieces: list[str] = []
    pos = 0
    for m in _BRACKETED_ROLE_RE.finditer(text):
        if m.start() < pos:
            continue  # inside an annotation already consumed
        close = _matching_close(text, m.start())
        if close is None:
            continue
        _parse_roles(text[m.start() + 1 : close], resp)
        pieces.append(text[pos : m.start()])
        pos = close + 1
    pieces.append(text[pos:])
    text = "".join(pieces)

    # Unbracketed annotations sit on their own line or after the last sentence.
    lines = []
    for line in text.split("\n"):
        m = _ROLE_RE.search(line)
        if m and (m.start() == 0 or line[m.start() - 1] in "。；;！？ "):
            cut = line[: m.start()].rstrip()
            _parse_roles(line[m.start() :], resp)
            line = cut
        lines.append(line)
    cleaned = "\n".join(line.rstrip() for line in lines if line.strip())
    return cleaned, resp
