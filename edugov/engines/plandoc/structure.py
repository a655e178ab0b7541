"""Build a :class:`Plan` from repaired paragraphs.

The numbering styles in use are detected per document: areas are the outermost
Chinese-numeral level present (一、 or （一）), points the next level found after the
first area, and anything deeper stays in the point body as sub-items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Area, Plan, Point, SubItem
from .numerals import Marker, Style, cn_to_int, find_marker
from .paragraphs import ATTACHMENT_RE, DATE_LINE_RE, DOC_NUMBER_RE, Para, repair
from .responsibility import Responsibility, extract_responsibility
from .targets import extract_targets

_TITLE_END = "。！？!?"
_TITLE_WORDS_RE = re.compile(r"要点|计划|方案|安排|任务|意见|规划")
_NOTICE_RE = re.compile(r"关于印发\s*《(.+)》\s*的?通知")
_YEAR_RE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年")
_ISSUER_HEADER_RE = re.compile(r"^(.+?)\s*文\s*件$")


@dataclass(slots=True)
class _PointDraft:
    marker: Marker
    title: str
    lines: list[str] = field(default_factory=list)
    items: list[SubItem] = field(default_factory=list)
    line: int = 0


def _split_title(para: Para, start: int) -> tuple[str, str]:
    """(title, rest of the paragraph) for a numbered line.

    A bold lead is the title (the Nanchang layout); otherwise the title runs to the
    first full stop, which is how plain-text plans write it.
    """
    text = para.text
    while start < len(text) and text[start].isspace():
        start += 1
    bold_end = para.bold_run_end(start)
    source, rest = (
        (text[start:bold_end], text[bold_end:]) if bold_end > start else (text[start:], "")
    )
    cut = next((i for i, ch in enumerate(source) if ch in _TITLE_END), None)
    if cut is not None:
        rest = source[cut + 1 :] + rest
        source = source[:cut]
    return source.strip().rstrip("：:；;，, "), rest.strip()


def _detect_styles(markers: Sequence[Marker | None]) -> tuple[Style | None, Style | None]:
    present = {m.style for m in markers if m}
    area_style = next((s for s in (Style.CN, Style.CN_PAREN) if s in present), None)
    if area_style is None:
        deeper = sorted(s for s in present if s >= Style.ARABIC)
        return None, (deeper[0] if deeper else None)
    seen_area = False
    for m in markers:
        if not m:
            continue
        if m.style == area_style:
            seen_area = True
        elif seen_area and m.style > area_style:
            return area_style, m.style
    return area_style, None


def _is_title_like(text: str) -> bool:
    return len(text) <= 100 and not any(ch in text for ch in "。！？；")


def _find_title(paras: Sequence[Para], body_from: int, limit: int) -> int | None:
    """Index of the plan title among paragraphs ``body_from``…``limit``."""
    if body_from:
        # A 印发通知 carries the plan as its attachment; the title follows 附件.
        for j in range(body_from, limit):
            text = paras[j].text
            if DOC_NUMBER_RE.match(text) or DATE_LINE_RE.match(text):
                continue
            return j if _is_title_like(text) else None
        return None
    candidates = [
        i
        for i in range(limit)
        if _is_title_like(paras[i].text) and not _ISSUER_HEADER_RE.match(paras[i].text)
    ]
    for i in candidates:
        if _TITLE_WORDS_RE.search(paras[i].text):
            return i
    for i in candidates:
        if paras[i].heading:
            return i
    return None


def _attachment_start(paras: Sequence[Para], markers: Sequence[Marker | None]) -> int:
    """Index after the standalone 附件 line that opens the plan, or 0.

    The covering notice may number its own requests (一、提高认识…); they are not areas.
    """
    for i, para in enumerate(paras):
        if ATTACHMENT_RE.match(para.text) and any(markers[i + 1 :]):
            return i + 1
    return 0


def _iso_date(m: re.Match[str]) -> str | None:
    parts = []
    for raw in m.group(1, 2, 3):
        value = int(raw) if raw.isdigit() else cn_to_int(raw)
        if value is None:
            return None
        parts.append(value)
    year, month, day = parts
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _year_of(text: str) -> int | None:
    m = _YEAR_RE.search(text)
    if not m:
        return None
    raw = m.group(1)
    return int(raw) if raw.isdigit() else cn_to_int(raw)


def _read_metadata(plan: Plan, paras: Sequence[Para], title_at: int | None, limit: int) -> None:
    if title_at is not None:
        title = re.sub(r"\s+", " ", paras[title_at].text).strip()
        notice = _NOTICE_RE.search(title)
        plan.title = notice.group(1).strip() if notice else title
    for i in range(limit):
        text = paras[i].text
        if not plan.doc_number and (m := DOC_NUMBER_RE.match(text)):
            plan.doc_number = re.sub(r"\s+", "", m.group(0))
        if plan.date is None and (m := DATE_LINE_RE.match(text)):
            plan.date = _iso_date(m)
            previous = paras[i - 1].text if i else ""
            if not plan.issuer and previous and _is_signature(previous):
                plan.issuer = previous
        if (m := _ISSUER_HEADER_RE.match(text)) and i != title_at:
            plan.issuer = re.sub(r"\s+", " ", m.group(1)).strip()
    if not plan.issuer and plan.title:
        # 中共南昌市委教育工委 南昌市教育局 2023 年工作要点 names its issuers before the year.
        m = re.match(r"^(.+?)\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年", plan.title)
        if m and not _NOTICE_RE.search(m.group(1)):
            plan.issuer = m.group(1).strip()
    year = _year_of(plan.title)
    if year is None and plan.doc_number:
        year = _year_of(plan.doc_number.replace("〔", "").replace("〕", "年"))
    if year is None and plan.date:
        year = int(plan.date[:4])
    plan.year = year


def _finish_point(draft: _PointDraft) -> Point:
    title, title_resp = extract_responsibility(draft.title)
    body, resp = extract_responsibility("\n".join(draft.lines))
    merged = Responsibility(
        lead=title_resp.lead + resp.lead,
        co=title_resp.co + resp.co,
        responsible=title_resp.responsible + resp.responsible,
    )
    title = title.strip().rstrip("。：:；;，, ")
    if not title and body:
        # "1." alone on a line: the title is the next paragraph's first sentence.
        first, _, remainder = body.partition("\n")
        cut = next((i for i, ch in enumerate(first) if ch in _TITLE_END), len(first))
        title = first[:cut].strip()
        body = (first[cut + 1 :] + "\n" + remainder).strip()
    lead, co = merged.resolve()
    targets = extract_targets(title) + extract_targets(body)
    return Point(
        number=draft.marker.number,
        title=title,
        body=body,
        lead_units=lead,
        co_units=co,
        targets=targets,
        # Units were already collected from the body, which holds the same lines.
        items=[SubItem(i.number, extract_responsibility(i.text)[0]) for i in draft.items],
        line=draft.line,
    )


def _check_numbering(plan: Plan) -> None:
    expected_area = 1
    last_point = 0
    for area in plan.areas:
        if area.number and area.number != expected_area:
            plan.warnings.append(f"领域编号不连续：应为{expected_area}，实为{area.number}")
        expected_area = area.number + 1
        for point in area.points:
            # Points either run on through the whole plan or restart in each area.
            if point.number not in (last_point + 1, 1):
                plan.warnings.append(
                    f"要点编号不连续：第{last_point}点之后是第{point.number}点（领域“{area.title}”）"
                )
            last_point = point.number
            if not point.body:
                plan.warnings.append(f"第{point.number}点“{point.title}”没有正文")
    if not plan.areas:
        plan.warnings.append("没有识别出任何工作领域或要点")


def _closing_block_start(paras: Sequence[Para], markers: Sequence[Marker | None]) -> int:
    """Index where the closing signature/date (落款) or 版记 starts, or len(paras).

    A plan issued on its own ends with the issuer and date after the last point; they
    must not become part of that point's body.
    """
    end = len(paras)
    for i in range(len(paras) - 1, max(len(paras) - 8, -1), -1):
        text = paras[i].text
        if markers[i]:
            break
        if text.startswith(("抄送", "主送", "印发")) or DATE_LINE_RE.match(text):
            end = i
            previous = paras[i - 1].text if i else ""
            if i and not markers[i - 1] and _is_signature(previous):
                end = i - 1
    return end


def _is_metadata_line(text: str) -> bool:
    return bool(
        DOC_NUMBER_RE.match(text) or DATE_LINE_RE.match(text) or _ISSUER_HEADER_RE.match(text)
    )


def _is_signature(text: str) -> bool:
    return len(text) <= 40 and not any(ch in text for ch in "。，；：,;:、")


def build_plan(raw: Sequence[Para]) -> Plan:
    """Parse paragraphs (from any reader) into a :class:`Plan`."""
    paras = repair(raw)
    markers = [find_marker(p.text) for p in paras]
    body_from = _attachment_start(paras, markers)
    area_style, point_style = _detect_styles(markers[body_from:])
    first_structural = next(
        (
            i
            for i in range(body_from, len(paras))
            if markers[i] and markers[i].style in (area_style, point_style)
        ),
        len(paras),
    )
    plan = Plan()
    title_at = _find_title(paras, body_from, first_structural)
    end = _closing_block_start(paras, markers)
    _read_metadata(plan, paras, title_at, first_structural)
    if end < len(paras) and (plan.date is None or not plan.issuer):
        tail = Plan(issuer=plan.issuer)
        _read_metadata(tail, paras[end:], None, len(paras) - end)
        plan.date = plan.date or tail.date
        plan.issuer = plan.issuer or tail.issuer

    start = title_at + 1 if title_at is not None else body_from
    preamble: list[str] = []
    intro: list[str] = []
    area: Area | None = None
    draft: _PointDraft | None = None

    def close_point() -> None:
        nonlocal draft
        if draft is not None and area is not None:
            area.points.append(_finish_point(draft))
        draft = None

    def close_area() -> None:
        if area is not None:
            area.intro = "\n".join(intro)
            intro.clear()

    for para, marker in zip(paras[start:end], markers[start:end], strict=True):
        if marker and marker.style == area_style:
            close_point()
            close_area()
            title, rest = _split_title(para, marker.end)
            area = Area(number=marker.number, title=title, line=para.line)
            plan.areas.append(area)
            if rest:
                intro.append(rest)
        elif marker and marker.style == point_style and (area is not None or area_style is None):
            close_point()
            if area is None:
                # A plan with points but no areas still gets one (unnamed) area.
                area = Area(number=0, title="", line=para.line)
                plan.areas.append(area)
            title, rest = _split_title(para, marker.end)
            draft = _PointDraft(
                marker=marker, title=title, lines=[rest] if rest else [], line=para.line
            )
        elif draft is not None:
            draft.lines.append(para.text)
            if marker and point_style is not None and marker.style > point_style:
                draft.items.append(SubItem(marker.number, para.text[marker.end :].strip()))
        elif area is not None:
            intro.append(para.text)
        elif not _is_metadata_line(para.text):
            preamble.append(para.text)
    close_point()
    close_area()
    plan.preamble = "\n".join(preamble)
    _check_numbering(plan)
    return plan
