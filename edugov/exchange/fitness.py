"""The 体质健康 upload file: the national 成绩模板, written from fitness results and read
back, every value checked against the national accepted ranges before anything is
written (``layouts/fitness-upload.toml``, DATA-EXCHANGE.md §3).

The results come in as ``FitnessResult`` rows in the units the standard measures in
(cm, kg, ml, seconds, counts): the fitness module hands them over when it exists; until
then any caller with the figures does (issue 26 asks for the writer first). The file
shows them as the national system expects: 年级编号 11–16 / 21–24 / 31–34 / 41–45, 性别
1/2, the long runs as 分′秒.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import IO, Any

from django.utils.translation import gettext as _

from edugov.engines import codes

from .layouts import LAYOUT_DIR

_MINSEC = re.compile(r"^(\d{1,2})[′’'](\d{2})″?$")


@dataclass(frozen=True)
class Item:
    key: str
    header: str
    kind: str  # decimal, integer, minsec, vision, code
    unit: str = ""
    places: int = 0
    min: Decimal | None = None
    max: Decimal | None = None
    values: tuple[int, ...] = ()
    secondary_sex: int | None = None
    unconfirmed: bool = False


@dataclass(frozen=True)
class UploadLayout:
    id: str
    title: str
    sheet: str
    run_format: str
    grade_codes: frozenset[int]
    student: tuple[tuple[str, str], ...]  # (key, header)
    items: tuple[Item, ...]

    @property
    def headers(self) -> list[str]:
        return [h for _k, h in self.student] + [i.header for i in self.items]

    def run_text(self, seconds: int) -> str:
        return self.run_format.format(minutes=seconds // 60, seconds=seconds % 60)


@cache
def upload_layout() -> UploadLayout:
    with (LAYOUT_DIR / "fitness-upload.toml").open("rb") as fh:
        raw = tomllib.load(fh)

    def dec(v: Any) -> Decimal | None:
        return None if v is None else Decimal(str(v))

    items = tuple(
        Item(
            key=i["key"],
            header=i["header"],
            kind=i["kind"],
            unit=i.get("unit", ""),
            places=i.get("places", 0),
            min=dec(i.get("min")),
            max=dec(i.get("max")),
            values=tuple(i.get("values", ())),
            secondary_sex=i.get("secondary_sex"),
            unconfirmed=i.get("unconfirmed", False),
        )
        for i in raw["items"]
    )
    return UploadLayout(
        id=raw["id"],
        title=raw["title"],
        sheet=raw["sheet"],
        run_format=raw["run_format"],
        grade_codes=frozenset(raw["grade_codes"]),
        student=tuple((s["key"], s["header"]) for s in raw["student"]),
        items=items,
    )


@dataclass
class FitnessResult:
    """One student's results for the upload. Measurements in the standard's units;
    the long runs (and 50米×8往返跑, 400米) in whole seconds; absent items are absent."""

    grade_code: int
    class_code: str
    class_name: str
    student_number: str
    ethnicity: str
    name: str
    sex: int
    birth_date: dt.date
    address: str = ""
    results: dict[str, Decimal | int] = field(default_factory=dict)


class UploadInvalid(Exception):
    """Values outside what the national system accepts; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(errors[0] if errors else "")
        self.errors = errors


def _error(row: int, header: str, message: str) -> str:
    return _("Row %(row)s (%(header)s): %(msg)s") % {"row": row, "header": header, "msg": message}


def _range_text(item: Item, layout: UploadLayout) -> str:
    if item.kind == "minsec":
        return f"{layout.run_text(int(item.min))}–{layout.run_text(int(item.max))}"
    return f"{item.min}–{item.max}"


def normalise(item: Item, value: Any) -> Decimal | int:
    """The value as the file holds it: decimals rounded to the item's places
    (half up, as a tester's reading), counts and codes whole."""
    if item.kind in ("integer", "code", "minsec"):
        number = Decimal(str(value))
        if number != number.to_integral():
            raise ValueError("whole")
        return int(number)
    quantum = Decimal(1).scaleb(-item.places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def validate_results(rows: Iterable[FitnessResult]) -> list[str]:
    """Every value checked against the national accepted ranges and codes; the errors
    name the file's row and column, never the value (health and identity data)."""
    layout = upload_layout()
    errors: list[str] = []
    heads = dict(layout.student)
    for number, r in enumerate(rows, start=2):
        if r.grade_code not in layout.grade_codes:
            errors.append(_error(number, heads["grade_code"], _("not a national grade code")))
        if r.sex not in (1, 2):
            errors.append(_error(number, heads["sex"], _("must be 1 (male) or 2 (female)")))
        if codes.student_number_error(codes.normalise_id_number(r.student_number or "")):
            errors.append(_error(number, heads["student_number"], _("not a valid 学籍号")))
        if not (len(r.ethnicity) == 2 and r.ethnicity.isdigit()):
            errors.append(_error(number, heads["ethnicity"], _("a two-digit code is expected")))
        for key in ("name", "class_code", "class_name"):
            if not str(getattr(r, key) or "").strip():
                errors.append(_error(number, heads[key], _("a value is required")))
        if not isinstance(r.birth_date, dt.date):
            errors.append(_error(number, heads["birth_date"], _("a date is expected")))
        unknown = set(r.results) - {i.key for i in layout.items}
        for key in sorted(unknown):
            errors.append(_error(number, key, _("not an item of the national file")))
        for item in layout.items:
            if r.results.get(item.key) is not None:
                errors.extend(_item_errors(number, item, r, layout))
    return errors


def _item_errors(number: int, item: Item, r: FitnessResult, layout: UploadLayout) -> list[str]:
    try:
        value = normalise(item, r.results[item.key])
    except (ValueError, InvalidOperation, ArithmeticError):
        message = _("whole seconds are expected") if item.kind == "minsec" else _("not a number")
        return [_error(number, item.header, message)]
    if item.secondary_sex and r.grade_code > 20 and r.sex != item.secondary_sex:
        # From 初中 on, boys and girls take different items.
        return [_error(number, item.header, _("not an item for this sex at this grade"))]
    if item.kind == "code":
        if value not in item.values:
            return [_error(number, item.header, _("not one of the accepted codes"))]
        return _lens_errors(number, item, value, r)
    if item.kind == "vision" and value == 0:
        return []  # below 3.0 is written as 0
    if not item.min <= value <= item.max:
        return [
            _error(
                number,
                item.header,
                _("outside the national range %(range)s") % {"range": _range_text(item, layout)},
            )
        ]
    return []


def _lens_errors(number: int, item: Item, value: int, r: FitnessResult) -> list[str]:
    """串镜 is 0 when the eye sees 5.0 or better, and a finding (−1, 1, 2, 9) otherwise."""
    if not item.key.startswith("lens_"):
        return []
    vision = r.results.get("vision_" + item.key.removeprefix("lens_"))
    if vision is None:
        return []
    good = Decimal(str(vision)) >= 5
    if good != (value == 0):
        return [_error(number, item.header, _("does not agree with the unaided vision"))]
    return []


def write_upload(rows: list[FitnessResult], fh: IO[bytes]) -> int:
    """Write the upload file to ``fh``; the number of students. Raises ``UploadInvalid``
    (and writes nothing) when any value is outside what the national system takes."""
    import xlsxwriter

    errors = validate_results(rows)
    if errors:
        raise UploadInvalid(errors)
    layout = upload_layout()
    book = xlsxwriter.Workbook(fh, {"in_memory": True})
    sheet = book.add_worksheet(layout.sheet)
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, layout.headers)
    places = {1: book.add_format({"num_format": "0.0"})}
    for r, row in enumerate(rows, start=1):
        c = 0
        for key, _header in layout.student:
            value = getattr(row, key)
            if key == "birth_date":
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif key in ("grade_code", "sex"):
                sheet.write_number(r, c, value)
            else:
                # Codes keep their leading zeros ("01" 汉族) and 19 characters.
                sheet.write_string(r, c, str(value or "").strip(), text)
            c += 1
        for item in layout.items:
            raw = row.results.get(item.key)
            if raw is not None:
                value = normalise(item, raw)
                if item.kind == "minsec":
                    sheet.write_string(r, c, layout.run_text(value), text)
                elif item.places:
                    sheet.write_number(r, c, float(value), places[item.places])
                else:
                    sheet.write_number(r, c, int(value))
            c += 1
    book.close()
    return len(rows)


def parse_minsec(text: str) -> int:
    """ "3′52″" (or 3’52, 3'52) → 232 seconds."""
    m = _MINSEC.match(text.strip())
    if m is None:
        raise ValueError(text)
    return int(m.group(1)) * 60 + int(m.group(2))


def read_upload(sheets: dict[str, list[list[Any]]]) -> list[FitnessResult]:
    """The results an upload file holds (its first sheet, read in the sandbox by the
    caller), matched by header name as the national system does."""
    layout = upload_layout()
    rows = next(iter(sheets.values()))
    header = [str(h).strip() for h in rows[0]]
    at = {h: header.index(h) for h in layout.headers if h in header}
    out = []
    for raw in rows[1:]:
        if not any(v not in ("", None) for v in raw):
            continue
        padded = [*raw, *[""] * (len(header) - len(raw))]
        cell = {h: padded[i] for h, i in at.items()}
        student = {key: cell.get(h, "") for key, h in layout.student}
        results: dict[str, Decimal | int] = {}
        for item in layout.items:
            value = cell.get(item.header, "")
            if value in ("", None):
                continue
            if item.kind == "minsec":
                results[item.key] = parse_minsec(str(value))
            else:
                results[item.key] = normalise(item, value)
        out.append(
            FitnessResult(
                grade_code=int(student["grade_code"]),
                class_code=str(student["class_code"]),
                class_name=str(student["class_name"]),
                student_number=str(student["student_number"]),
                ethnicity=str(student["ethnicity"]),
                name=str(student["name"]),
                sex=int(student["sex"]),
                birth_date=dt.date.fromisoformat(str(student["birth_date"])[:10]),
                address=str(student["address"] or ""),
                results=results,
            )
        )
    return out
