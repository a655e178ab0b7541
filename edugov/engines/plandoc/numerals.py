"""Chinese numerals and the numbering markers that official documents use.

Documents written to the 党政机关公文格式 convention (GB/T 9704) number their levels
一、 → （一） → 1. → （1）, but plans from different offices skip or reorder levels, so
the parser detects which styles a document actually uses instead of assuming one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS)

# Full-width digits turn up in Word documents typed with a Chinese IME; everything
# downstream matches on ASCII digits.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


_FULLWIDTH_RE = re.compile("[０-９．％]")


def to_ascii_digits(text: str) -> str:
    """Replace full-width digits, full-width full stop and ％ with their ASCII forms."""
    # str.translate walks every character through a dict; most text has nothing to do.
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def cn_to_int(text: str) -> int | None:
    """Convert a Chinese numeral (一, 十二, 二十一, 一百零五, 二〇二三) to an int.

    Returns None when ``text`` is not a numeral, so callers can treat "not a number" as
    "not a marker" without catching exceptions.
    """
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        # Years are written digit by digit (二〇二三), not with 千/百/十.
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            # A bare 十 at the start means 10, not 0 × 10.
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


class Style(IntEnum):
    """Numbering styles, in the conventional order from outermost to innermost."""

    CN = 0  # 一、
    CN_PAREN = 1  # （一）
    ARABIC = 2  # 1. / 1、 / 1．
    ARABIC_PAREN = 3  # （1） / (1) / 1）
    CIRCLED = 4  # ①


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker found at the start of a paragraph."""

    style: Style
    number: int
    end: int  # offset in the paragraph where the text after the marker starts


_CN = f"[{CN_NUMERAL_CHARS}]"
_MARKER_RES: tuple[tuple[Style, re.Pattern[str]], ...] = (
    # 一、 / 一. / 第一部分 — the delimiter is required, because 一是… and 一批… are
    # ordinary sentence openings in government prose.
    (
        Style.CN,
        re.compile(rf"\s*(?:第({_CN}{{1,4}})(?:部分|章|篇)[、：:.．\s]*|({_CN}{{1,4}})\s*[、．.])"),
    ),
    (Style.CN_PAREN, re.compile(rf"\s*[（(]\s*({_CN}{{1,4}})\s*[）)]\s*[、．.]?")),
    # (?![\d.]) keeps 2.18亿元 and 1.5倍 at a paragraph start from reading as point 2/1.
    (Style.ARABIC, re.compile(r"\s*(\d{1,3})\s*(?:、|[.．](?![\d.]))")),
    (Style.ARABIC_PAREN, re.compile(r"\s*(?:[（(]\s*(\d{1,3})\s*[）)]|(\d{1,3})[）)])")),
    (Style.CIRCLED, re.compile(r"\s*([①-⑳])")),
)


def find_marker(text: str) -> Marker | None:
    """Return the numbering marker at the start of ``text``, if there is one."""
    for style, pattern in _MARKER_RES:
        m = pattern.match(text)
        if not m:
            continue
        raw = next(g for g in m.groups() if g is not None)
        if style is Style.CIRCLED:
            number = ord(raw) - ord("①") + 1
        elif raw.isdigit():
            number = int(raw)
        else:
            parsed = cn_to_int(raw)
            if parsed is None:
                continue
            number = parsed
        return Marker(style=style, number=number, end=m.end())
    return None


_CN_DIGIT_CHARS = "零一二三四五六七八九"


def int_to_cn(number: int) -> str:
    """Write 1–9999 the way 公文 numbers its sections (十二, 二十一, 一百零五)."""
    if number <= 0 or number > 9999:
        return str(number)
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        # 十二, not 一十二, when the number starts at the tens.
        if not (digit == 1 and unit_char == "十" and not parts):
            parts.append(_CN_DIGIT_CHARS[digit])
        parts.append(unit_char)
    return "".join(parts)
