"""Read a .docx into the same paragraph form the text reader produces.

Bureau originals carry their structure in Word formatting rather than characters:
bold runs for point titles, heading styles for areas, and sometimes automatic list
numbering whose "1." or "一、" never appears in the paragraph text. All three are
turned back into text + bold flags here, so the parser needs no Word knowledge.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike
from typing import Any, BinaryIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles.style import StyleFactory

from .numerals import int_to_cn
from .paragraphs import Para, clean_text

_HEADING_STYLE_RE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_W_P, _W_R, _W_T = qn("w:p"), qn("w:r"), qn("w:t")
_W_TAB, _W_BR, _W_CR = qn("w:tab"), qn("w:br"), qn("w:cr")
_W_PPR, _W_RPR, _W_B = qn("w:pPr"), qn("w:rPr"), qn("w:b")
_W_NUMPR, _W_VAL, _W_TYPE = qn("w:numPr"), qn("w:val"), qn("w:type")
_W_SDT, _W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_INLINE_CONTAINERS = frozenset(
    qn(f"w:{tag}")
    for tag in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml")
)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(value)
    if fmt.startswith("chinese") or fmt in ("taiwaneseCounting", "japaneseCounting"):
        return int_to_cn(value)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= value <= 20:
        return chr(ord("①") + value - 1)
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return _TIANGAN[value - 1]
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


class _ListNumbering:
    """Renders Word's automatic list labels (w:numPr) as the text Word would show."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = _val(lvl, "w:numFmt") or "decimal"
                text = _val(lvl, "w:lvlText") or ""
                start = int(_val(lvl, "w:start") or "1")
                self._levels[(abstract_id, ilvl)] = (fmt, text, start)
        for num in root.findall(qn("w:num")):
            abstract_id = _val(num, "w:abstractNumId")
            if abstract_id is not None:
                self._abstract_of[num.get(qn("w:numId"))] = abstract_id

    def label(self, num_id: str, ilvl: int) -> str:
        abstract_id = self._abstract_of.get(num_id)
        if abstract_id is None or (abstract_id, ilvl) not in self._levels:
            return ""
        fmt, template, start = self._levels[(abstract_id, ilvl)]
        if fmt in ("bullet", "none"):
            return ""
        # Word continues a list across every num that shares an abstractNum.
        counters = self._counters.setdefault(abstract_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def render(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            level_fmt, _, level_start = self._levels.get((abstract_id, level), ("decimal", "", 1))
            return _format_number(counters.get(level, level_start), level_fmt)

        return re.sub(r"%(\d)", render, template)


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    heading: int
    bold: bool | None
    num_pr: tuple[str, int] | None  # (numId, ilvl); numId "0" switches numbering off
    outline: int


_NO_STYLE = _StyleInfo(heading=0, bold=None, num_pr=None, outline=0)


def _bool_prop(rpr: Any) -> bool | None:
    b = rpr.find(_W_B) if rpr is not None else None
    if b is None:
        return None
    return b.get(_W_VAL, "true").lower() not in ("0", "false", "off", "none")


def _num_pr_of(ppr: Any) -> tuple[str, int] | None:
    num_pr = ppr.find(_W_NUMPR) if ppr is not None else None
    if num_pr is None:
        return None
    num_id = _val(num_pr, "w:numId")
    return (num_id, int(_val(num_pr, "w:ilvl") or "0")) if num_id is not None else None


class _Styles:
    """What a paragraph or character style contributes, resolved once per style.

    python-docx's ``Paragraph.style`` rescans the styles part on every call (half a
    second for a 30-point plan), and a plan uses only a handful of styles.
    """

    def __init__(self, document: Any) -> None:
        self._styles = document.styles
        self._cache: dict[tuple[str, str | None], _StyleInfo] = {}

    def _resolve(self, kind: str, style_id: str | None) -> _StyleInfo:
        style_type = WD_STYLE_TYPE.PARAGRAPH if kind == "p" else WD_STYLE_TYPE.CHARACTER
        element = self._styles.element.get_by_id(style_id) if style_id else None
        style = StyleFactory(element) if element is not None else None
        if style is None and kind == "p":
            style = self._styles.default(style_type)
        heading, bold, num_pr, outline = 0, None, None, 0
        depth = 0
        while style is not None and depth < 20:  # guards against a basedOn cycle
            m = _HEADING_STYLE_RE.search(style.name or "")
            if not heading and m:
                heading = int(m.group(1))
            elif not heading and style.name == "Title":
                heading = 1
            element = style.element
            if bold is None:
                bold = _bool_prop(element.find(_W_RPR))
            ppr = element.find(_W_PPR)
            if num_pr is None:
                num_pr = _num_pr_of(ppr)
            level = _val(ppr, "w:outlineLvl")
            if not outline and level is not None and level.isdigit() and int(level) < 9:
                outline = int(level) + 1
            style = style.base_style
            depth += 1
        return _StyleInfo(heading=heading, bold=bold, num_pr=num_pr, outline=outline)

    def get(self, kind: str, style_id: str | None) -> _StyleInfo:
        key = (kind, style_id)
        if key not in self._cache:
            self._cache[key] = self._resolve(kind, style_id)
        return self._cache[key]


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag == _W_TAB:
            parts.append(" ")
        elif tag == _W_CR or (tag == _W_BR and child.get(_W_TYPE) in (None, "textWrapping")):
            parts.append("\n")
    return "".join(parts)


def _inline_runs(parent: Any) -> Iterator[Any]:
    """Runs shown inline in a paragraph, including those inside hyperlinks, tracked
    insertions, fields and content controls (python-docx's ``paragraph.runs`` skips
    them), but not runs of text boxes anchored in it, which are separate text."""
    for child in parent:
        if child.tag == _W_R:
            yield child
        elif child.tag in _INLINE_CONTAINERS:
            yield from _inline_runs(child)


def _paragraph_to_paras(
    p: Any, numbering: _ListNumbering, styles: _Styles, number: int
) -> list[Para]:
    ppr = p.find(_W_PPR)
    style_id = _val(ppr, "w:pStyle")
    info = styles.get("p", style_id)
    heading = info.heading
    if not heading:
        level = _val(ppr, "w:outlineLvl")
        heading = (
            int(level) + 1
            if level is not None and level.isdigit() and int(level) < 9
            else info.outline
        )
    spans: list[tuple[str, bool]] = []
    for run in _inline_runs(p):
        text = _run_text(run)
        if not text:
            continue
        rpr = run.find(_W_RPR)
        bold = _bool_prop(rpr)
        if bold is None and rpr is not None and (char_style := _val(rpr, "w:rStyle")):
            bold = styles.get("r", char_style).bold
        if bold is None:
            bold = info.bold
        spans.append((text, bool(bold)))
    num = _num_pr_of(ppr) or info.num_pr
    if num is not None and num[0] != "0":
        label = numbering.label(*num)
        if label:
            spans.insert(0, (label, bool(spans and spans[0][1])))
    # A soft line break (Shift+Enter) becomes its own line, exactly as in the text reader.
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, bold in spans:
        for k, piece in enumerate(text.replace("\r", "\n").split("\n")):
            if k:
                lines.append([])
            if piece:
                lines[-1].append((piece, bold))
    paras = []
    for line in lines:
        para = Para.from_spans([(clean_text(t), b) for t, b in line], heading, number).strip()
        if para.text:
            paras.append(para)
    return paras


def _body_paragraphs(body: Any) -> Iterator[Any]:
    # Content controls (w:sdt) wrap whole paragraphs in some templates; tables are
    # skipped on purpose (see docx_to_paras).
    for child in body:
        if child.tag == _W_P:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _body_paragraphs(content)


def docx_to_paras(source: str | PathLike[str] | bytes | BinaryIO) -> list[Para]:
    """Read the body paragraphs of a .docx (path, bytes or binary file) as Paras.

    Tables, headers and footers are not read: plans keep their points in the body.
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    document = Document(source)
    numbering = _ListNumbering(document)
    styles = _Styles(document)
    paras: list[Para] = []
    for number, p in enumerate(_body_paragraphs(document.element.body), start=1):
        paras.extend(_paragraph_to_paras(p, numbering, styles, number))
    return paras
