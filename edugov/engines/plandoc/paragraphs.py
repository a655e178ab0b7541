"""The intermediate form both readers produce: a list of paragraphs with bold spans.

Markdown/plain text and .docx differ only in how they mark headings and bold; once
both are turned into :class:`Para` lists, one set of rules repairs page-break debris
and one parser builds the plan, so a .docx and its text export parse identically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .numerals import find_marker, to_ascii_digits


@dataclass(slots=True)
class Para:
    """One paragraph: its text, which characters were bold, and its heading level."""

    text: str
    bold: list[bool] = field(default_factory=list)  # one flag per character of text
    heading: int = 0  # 0 for body text, 1–6 for a heading
    line: int = 0  # 1-based source line (text) or paragraph (.docx), for the review screen

    def __post_init__(self) -> None:
        if len(self.bold) != len(self.text):
            self.bold = [False] * len(self.text)

    @classmethod
    def from_spans(cls, spans: Iterable[tuple[str, bool]], heading: int = 0, line: int = 0) -> Para:
        text_parts: list[str] = []
        bold: list[bool] = []
        for text, is_bold in spans:
            text_parts.append(text)
            bold.extend([is_bold] * len(text))
        return cls("".join(text_parts), bold, heading, line)

    def bold_run_end(self, start: int) -> int:
        """End offset of the bold run beginning at ``start`` (after spaces); ``start``
        itself when the text there is not bold."""
        i = start
        while i < len(self.text) and self.text[i].isspace():
            i += 1
        if i >= len(self.text) or not self.bold[i]:
            return start
        while i < len(self.text) and (self.bold[i] or self.text[i].isspace()):
            i += 1
        return i

    def strip(self) -> Para:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return Para(self.text[left:right], self.bold[left:right], self.heading, self.line)


# ---------------------------------------------------------------------------
# Reading Markdown / plain text

_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_SPACES_RE = re.compile("[\u3000\xa0\t]")


def clean_text(text: str) -> str:
    """Normalise spacing and digits, dropping zero-width characters."""
    text = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", text))
    return to_ascii_digits(text)


def clean_line(line: str) -> str:
    """``clean_text`` and trim one raw line."""
    return clean_text(line).strip()


def markdown_line_to_para(line: str, number: int = 0) -> Para:
    """Turn one Markdown line into a Para, reading ``#`` headings and ``**bold**``."""
    heading = 0
    m = _HEADING_RE.match(line)
    if m:
        heading = len(m.group(1))
        line = m.group(2)
    spans: list[tuple[str, bool]] = []
    for i, piece in enumerate(line.split("**")):
        # Odd pieces sit between a pair of ** markers; an unpaired trailing ** leaves a
        # final odd piece, which we still treat as bold — that is what the author meant.
        if piece:
            spans.append((piece, i % 2 == 1))
    return Para.from_spans(spans, heading, number).strip()


def text_to_paras(text: str) -> list[Para]:
    """Split text into one Para per non-empty line (joining happens later)."""
    paras = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw)
        if line:
            paras.append(markdown_line_to_para(line, number))
    return [p for p in paras if p.text]


# ---------------------------------------------------------------------------
# Page-break debris

_DEBRIS_RES = (
    re.compile(r"^[-*_=—]{3,}$"),  # Markdown rules and scanned separators
    re.compile(r"^[（(]\s*此页无正文\s*[）)]$"),
    re.compile(r"^[-—–－]+\s*\d{1,3}\s*[-—–－]+$"),  # page numbers such as — 3 —
    re.compile(r"^第\s*\d+\s*页(\s*[，,]?\s*共\s*\d+\s*页)?$"),
)

DATE_LINE_RE = re.compile(
    r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*([\d一二三四五六七八九十]{1,3})\s*日\s*(印发|发布)?$"
)
ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")
DOC_NUMBER_RE = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(第?\s*\d+\s*号)"
)
RESPONSIBILITY_LINE_RE = re.compile(
    r"^(?:牵头|责任|配合|协办|参与|主责|协同)(?:单位|科室|部门|处室)\s*[:：]"
)

# A line ending in these closes a sentence (or an enumeration heading), so the next
# line is a new paragraph rather than the continuation of a broken one.
_CLOSING = "。！？；：!?;:…"
_CLAUSE_MARKS = "，。、；：,;:"
_TRAILING_QUOTES = "”’」』》】\"'"


def is_debris(text: str) -> bool:
    return any(p.match(text) for p in _DEBRIS_RES)


def ends_sentence(text: str) -> bool:
    t = text.rstrip(_TRAILING_QUOTES)
    if not t:
        return True
    # A closing bracket usually ends an annotation such as （责任科室：…）.
    return t[-1] in _CLOSING or t[-1] in "）)"


def _is_title_only(para: Para) -> bool:
    """A numbered/heading line that carries only a title, so the next line is its body."""
    marker = find_marker(para.text)
    start = marker.end if marker else 0
    if para.bold_run_end(start) >= len(para.text) and para.bold_run_end(start) > start:
        return True
    rest = para.text[start:]
    return len(rest) <= 40 and not any(ch in rest for ch in "。！？；，,")


def _starts_block(para: Para) -> bool:
    """True when ``para`` must begin a new paragraph, whatever precedes it."""
    text = para.text
    return bool(
        para.heading
        or find_marker(text)
        or DATE_LINE_RE.match(text)
        or ATTACHMENT_RE.match(text)
        or RESPONSIBILITY_LINE_RE.match(text)
        or DOC_NUMBER_RE.match(text)
        or (para.bold and para.bold_run_end(0) >= len(text))
    )


def _accepts_continuation(para: Para, in_body: bool) -> bool:
    """True when text may be appended to ``para`` (it is body text cut short)."""
    if para.heading or ends_sentence(para.text):
        return False
    if DATE_LINE_RE.match(para.text) or ATTACHMENT_RE.match(para.text):
        return False
    if DOC_NUMBER_RE.match(para.text):
        return False
    if not in_body and not any(ch in para.text for ch in _CLAUSE_MARKS) and len(para.text) <= 60:
        # Before the first numbered line, letterheads, notice titles and signatures
        # carry no clause punctuation; a sentence cut by a page break almost always does.
        return False
    if find_marker(para.text) or (para.bold and para.bold[0]):
        return not _is_title_only(para)
    return True


def _join(left: Para, right: Para) -> Para:
    # CJK text has no spaces between words; only Latin words/digits need one back.
    sep = ""
    if left.text and right.text:
        a, b = left.text[-1], right.text[0]
        if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
            sep = " "
    return Para(
        left.text + sep + right.text, left.bold + [False] * len(sep) + right.bold, 0, left.line
    )


def repair(paras: Sequence[Para]) -> list[Para]:
    """Drop page debris and re-join paragraphs split mid-sentence by page breaks.

    A paragraph is glued to the previous one when it does not open a new block
    (number, heading, date, annotation…) and the previous one stops mid-sentence —
    the shape a page break leaves in the Nanchang file (统一意 / 志、统一行动).
    """
    out: list[Para] = []
    in_body = False
    for para in paras:
        if not para.text or is_debris(para.text):
            continue
        if out and not _starts_block(para) and _accepts_continuation(out[-1], in_body):
            out[-1] = _join(out[-1], para)
        else:
            out.append(para)
        in_body = in_body or find_marker(para.text) is not None
    return out
