"""Quantitative targets inside a work point's text.

A target is a number with a unit (22所, 58%, 2.18亿元), the comparator the prose wraps
around it (达到…以上, 不少于, 控制在…以内, 余) and the thing being counted, which in
Chinese plans is the noun phrase just before the number (新增公办幼儿园22所) or, less
often, just after it (培育1所美丽乡镇幼儿园).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Target
from .numerals import to_ascii_digits

# Longest first so 个百分点 wins over 个 and 万人次 splits as 万 + 人次.
_UNITS = (
    "个百分点",
    "百分点",
    "平方米",
    "人次",
    "学时",
    "课时",
    "小时",
    "分钟",
    "公里",
    "千米",
    "亩",
    "%",
    "‰",
    "㎡",
    "所",
    "个",
    "项",
    "人",
    "名",
    "校",
    "家",
    "元",
    "次",
    "场",
    "期",
    "批",
    "支",
    "套",
    "台",
    "间",
    "门",
    "节",
    "篇",
    "部",
    "件",
    "本",
    "册",
    "座",
    "栋",
    "处",
    "张",
    "条",
    "类",
    "种",
    "班",
    "园",
    "户",
    "位",
    "倍",
    "天",
)
_MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "千": Decimal(10) ** 3,
}
_UNIT_ALIASES = {"百分点": "个百分点"}

_QUANTITY_RE = re.compile(
    r"(?<![0-9A-Za-z.])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![0-9.])"
    r"\s*(?P<mult>万亿|千万|百万|十万|万|亿|千)?"
    r"\s*(?P<approx>余|多)?"
    r"\s*(?P<unit>" + "|".join(re.escape(u) for u in _UNITS) + r")?"
    r"(?P<suffix>以上|以下|以内|左右)?"
)

# Words between the subject and the number, longest first; the value is their reading.
_PREFIX_COMPARATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "不少于": "≥",
            "不低于": "≥",
            "不小于": "≥",
            "至少": "≥",
            "超过": ">",
            "高于": ">",
            "多于": ">",
            "大于": ">",
            "不超过": "≤",
            "不高于": "≤",
            "不多于": "≤",
            "最多": "≤",
            "控制在": "≤",
            "低于": "<",
            "少于": "<",
            "小于": "<",
            "提高到": "≥",
            "提高至": "≥",
            "提升到": "≥",
            "提升至": "≥",
            "增加到": "≥",
            "增加至": "≥",
            "增长到": "≥",
            "增至": "≥",
            "达到": "≥",
            "达": "≥",
            "降低到": "≤",
            "降低至": "≤",
            "降至": "≤",
            "减少到": "≤",
            "减少至": "≤",
            "保持在": "=",
            "保持": "=",
            "稳定在": "=",
            "维持在": "=",
            "约": "=",
            "为": "=",
            "在": "=",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_SUFFIX_COMPARATORS = {"以上": "≥", "以下": "≤", "以内": "≤", "左右": "="}

# Words that open a clause without being part of what is counted.
_LEADING_FILLER_RE = re.compile(
    r"^(?:力争|确保|争取|努力|力求|计划|预计|原则上|进一步|继续|全年|今年|年内|当年|"
    r"年底前|年底|全市|全省|全区|全县|全国|各地|共计|总计|累计|合计|其中|同时|"
    r"(?:到|至|在|于)?\d{4}\s*年(?:底|末|度)?(?:前|内)?|[“”\"'《》、\s]|"
    r"[（(]\d{1,3}[）)]|[①-⑳]|\d{1,3}[.、．](?!\d))"
)
# Generic action verbs, dropped when a real noun phrase remains (实施项目 stays as is).
_LEADING_VERB_RE = re.compile(r"^(?:实施|启动|投入|安排|开展)")
_TRAILING_FILLER_RE = re.compile(
    r"(?:均|都|分别|必须|须|应|需|要|力争|确保|争取|总数|总量|\s|(?:每[\u4e00-\u9fff]){1,2})$"
)

_ADVERB_BEFORE_VERB_RE = re.compile(r"(至少|不少于|不低于|超过|不超过|最多)([\u4e00-\u9fff]{1,3})$")

_CLAUSE_BREAK = "，,；;。！？!?：:\n"
_SENTENCE_BREAK = "。！？!?；;\n"
_TAIL_STOP = _CLAUSE_BREAK + "并和及与且、（("
# Characters that join two numbers into a range (1-2项, 2021-2025年): not a target.
_RANGE_CHARS = "-—–~～至到"
_ENCLOSURES = (("《", "》"), ("“", "”"), ("〔", "〕"), ("「", "」"))


def _enclosed_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside book-title marks and quotes: numbers there are names, not targets
    (《…三年行动计划（2021年-2023年）》, “3+2”贯通)."""
    spans = []
    for open_, close in _ENCLOSURES:
        start = 0
        while (i := text.find(open_, start)) != -1:
            j = text.find(close, i + 1)
            if j == -1:
                break
            spans.append((i, j))
            start = j + 1
    return spans


def _is_range_or_ordinal(text: str, start: int, end: int) -> bool:
    # A short window is enough and keeps long bodies linear.
    before = text[max(start - 4, 0) : start].rstrip()
    if before.endswith("第"):
        return True
    if len(before) > 1 and before[-1] in _RANGE_CHARS and before[-2].isdigit():
        return True
    after = text[end : end + 4].lstrip()
    return len(after) > 1 and after[0] in _RANGE_CHARS and after[1].isdigit()


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


def _strip_subject(prefix: str) -> tuple[str, str, str]:
    """Split the text before a number into (subject, comparator word, its reading)."""
    subject = prefix.strip()
    word, reading = "", ""
    changed = True
    while changed:
        changed = False
        m = _TRAILING_FILLER_RE.search(subject)
        if m and m.start() > 0:
            subject = subject[: m.start()]
            changed = True
        if not word:
            for candidate, value in _PREFIX_COMPARATORS:
                if subject.endswith(candidate) and len(subject) > len(candidate):
                    word, reading = candidate, value
                    subject = subject[: -len(candidate)]
                    changed = True
                    break
    if not word:
        # 至少培育1所…: the comparator qualifies the verb in front of the number.
        m = _ADVERB_BEFORE_VERB_RE.search(subject)
        if m:
            word, reading = m.group(1), dict(_PREFIX_COMPARATORS)[m.group(1)]
            subject = subject[: m.start()] + m.group(2)
    changed = True
    while changed:
        changed = False
        m = _LEADING_FILLER_RE.match(subject)
        if m and m.end() < len(subject):
            subject = subject[m.end() :]
            changed = True
            continue
        m = _LEADING_VERB_RE.match(subject)
        if m and len(subject) - m.end() >= 3:
            subject = subject[m.end() :]
            changed = True
    return subject.strip(), word, reading


def _tidy(value: Decimal) -> Decimal:
    # 2.18 × 10^8 should read 218000000, not 2.18E+8 or 218000000.00.
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _comparator(prefix_reading: str, approx: str, suffix: str) -> str:
    # An explicit upper bound (以内/以下) or strict comparison in the prose outranks
    # the ≥ implied by 达到/以上/余.
    if suffix in ("以下", "以内"):
        return "≤"
    if prefix_reading in (">", "<", "≤"):
        return prefix_reading
    if suffix:
        return _SUFFIX_COMPARATORS[suffix]
    if approx:
        return "≥"
    return prefix_reading or "="


def _text_start(text: str, start: int, word: str) -> int:
    """Where the quoted target text begins: at its comparator when that sits right
    before the number (达到58%), else at the number (至少培育1所 quotes 1所)."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i - len(word) if word and text[i - len(word) : i] == word else start


def _sentence(text: str, start: int, end: int) -> str:
    i = start
    while i > 0 and text[i - 1] not in _SENTENCE_BREAK:
        i -= 1
    j = end
    while j < len(text) and text[j] not in _SENTENCE_BREAK:
        j += 1
    if j < len(text) and text[j] != "\n":
        j += 1
    return text[i:j].strip()


def extract_targets(text: str) -> list[Target]:
    """Every quantitative target in ``text``, in order of appearance.

    Numbers without a unit, years, dates, ordinals (第23个), ranges (1-2项) and numbers
    inside 《》 or quotes are not targets; a plan states its targets with units.
    """
    # Same-length translation, so offsets and the quoted sentence stay aligned.
    text = to_ascii_digits(text)
    targets: list[Target] = []
    enclosed = _enclosed_spans(text)
    floor = 0  # a subject never reaches back past the previous target
    for m in _QUANTITY_RE.finditer(text):
        mult, unit = m.group("mult") or "", m.group("unit") or ""
        if not unit and not mult:
            continue
        start, end = m.start(), m.end()
        if any(a < start < b for a, b in enclosed):
            continue
        if _is_range_or_ordinal(text, start, end):
            continue
        if unit == "个" and text[end : end + 1] in ("月", "工", "学", "年"):
            continue  # 3个月 / 5个工作日 are deadlines, not counts
        prefix = text[_clause_start(text, start, floor) : start]
        subject, word, reading = _strip_subject(prefix)
        tail_end = end
        while tail_end < len(text) and text[tail_end] not in _TAIL_STOP:
            tail_end += 1
        tail = text[end:tail_end].strip()
        # 达到90%的水平: a tail opening with 的 qualifies the number, it is not the noun.
        if tail and not tail.startswith("的"):
            # 培育1所美丽乡镇幼儿园: the counted noun follows the number.
            subject = subject + tail if len(subject) <= 4 else tail
        approx, suffix = m.group("approx") or "", m.group("suffix") or ""
        value = _tidy(Decimal(m.group("num").replace(",", "")))
        base = _UNIT_ALIASES.get(unit, unit).replace("㎡", "平方米")
        words = [w for w in (word, suffix or approx) if w]
        targets.append(
            Target(
                subject=subject,
                comparator=_comparator(reading, approx, suffix),
                comparator_text="…".join(words),
                value=value,
                unit=mult + unit,
                normalised_value=_tidy(value * _MULTIPLIERS[mult] if mult else value),
                normalised_unit=base,
                text=text[_text_start(text, start, word) : end].strip(),
                source_sentence=_sentence(text, start, end),
            )
        )
        floor = end
    return targets
