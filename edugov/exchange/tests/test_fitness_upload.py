"""The 体质健康 upload file: written, read back (in the sandbox), the same values; every
value inside the national range (checked again with openpyxl, a reader of its own); a
value outside refused before anything is written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.core.io.readers import open_workbook
from edugov.engines import codes
from edugov.exchange.fitness import (
    FitnessResult,
    UploadInvalid,
    parse_minsec,
    read_upload,
    upload_layout,
    validate_results,
    write_upload,
)

LAYOUT = upload_layout()
ITEMS = {i.key: i for i in LAYOUT.items}


def _student_number(birth: dt.date, seq: int) -> str:
    first17 = f"360102{birth:%Y%m%d}{seq:03d}"
    return "G" + first17 + codes.id_check_char(first17)


def _value(item, draw):
    if item.kind == "minsec":
        return draw(st.integers(int(item.min), int(item.max)))
    if item.kind == "integer":
        return draw(st.integers(int(item.min), int(item.max)))
    if item.kind == "code":
        return draw(st.sampled_from(item.values))
    tenths = draw(st.integers(int(item.min * 10), int(item.max * 10)))
    return Decimal(tenths).scaleb(-1)


@st.composite
def results(draw, seq: int):
    grade = draw(st.sampled_from(sorted(LAYOUT.grade_codes)))
    sex = draw(st.sampled_from([1, 2]))
    birth = draw(st.dates(dt.date(1998, 1, 1), dt.date(2019, 12, 31)))
    values = {}
    for item in LAYOUT.items:
        if item.kind == "code" or not draw(st.booleans()):
            continue
        if item.secondary_sex and grade > 20 and sex != item.secondary_sex:
            continue
        values[item.key] = _value(item, draw)
    for eye in ("left", "right"):
        if draw(st.booleans()):
            vision = _value(ITEMS[f"vision_{eye}"], draw)
            values[f"vision_{eye}"] = vision
            values[f"lens_{eye}"] = 0 if vision >= 5 else draw(st.sampled_from([-1, 1, 2, 9]))
            values[f"refraction_{eye}"] = draw(st.sampled_from(ITEMS[f"refraction_{eye}"].values))
    return FitnessResult(
        grade_code=grade,
        class_code=f"20233{draw(st.integers(1, 20)):02d}",
        class_name=f"{draw(st.integers(1, 20))}班",
        student_number=_student_number(birth, seq),
        ethnicity=draw(st.sampled_from(["01", "02", "03", "56"])),
        name=draw(st.sampled_from(["张三", "李小明", "欧阳娜娜", "王"])),
        sex=sex,
        birth_date=birth,
        address=draw(st.sampled_from(["", "南昌市东湖区"])),
        results=values,
    )


@st.composite
def classes(draw):
    return [draw(results(seq)) for seq in range(draw(st.integers(1, 40)))]


def _in_range_by_openpyxl(content: bytes) -> int:
    """Every item cell of the file read by openpyxl and checked against the declared
    range on its own: the count of cells checked."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    checked = 0
    for row in rows[1:]:
        for item in LAYOUT.items:
            value = row[header.index(item.header)]
            if value is None:
                continue
            if item.kind == "minsec":
                assert isinstance(value, str)
                value = parse_minsec(value)
            if item.kind == "code":
                assert value in item.values
            elif not (item.kind == "vision" and value == 0):
                assert item.min <= Decimal(str(value)) <= item.max, (item.header, value)
            checked += 1
    return checked


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(classes())
def test_the_upload_file_round_trips_with_every_value_in_the_national_range(rows):
    assert validate_results(rows) == []
    buf = io.BytesIO()
    assert write_upload(rows, buf) == len(rows)
    content = buf.getvalue()
    back = read_upload(open_workbook(io.BytesIO(content), "upload.xlsx", len(content)))
    assert back == rows
    _in_range_by_openpyxl(content)


def test_the_file_shows_the_national_codes_and_formats():
    birth = dt.date(2011, 3, 9)
    row = FitnessResult(
        grade_code=23,
        class_code="2021301",
        class_name="初三(1)班",
        student_number=_student_number(birth, 17),
        ethnicity="01",
        name="张三",
        sex=1,
        birth_date=birth,
        results={"height": Decimal("165.25"), "run_1000m": 232, "pull_ups": 7},
    )
    buf = io.BytesIO()
    write_upload([row], buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    cells = {sheet.cell(1, c).value: sheet.cell(2, c).value for c in range(1, sheet.max_column + 1)}
    assert cells["年级编号"] == 23 and cells["性别"] == 1 and cells["民族代码"] == "01"
    assert cells["1000米跑"] == "3′52″" and cells["身高"] == 165.3  # half up, one decimal
    assert cells["出生日期"] == dt.datetime(2011, 3, 9)
    assert cells["800米跑"] is None


def test_a_value_outside_the_national_range_is_refused_and_nothing_is_written():
    birth = dt.date(2012, 5, 1)
    good = FitnessResult(
        21, "2023301", "初一(1)班", _student_number(birth, 1), "01", "李四", 2, birth
    )
    rows = [
        good,
        FitnessResult(
            21,
            "2023301",
            "初一(1)班",
            _student_number(birth, 2),
            "01",
            "王五",
            2,
            birth,
            results={"run_800m": 95, "pull_ups": 3, "vision_left": Decimal("4.6"), "lens_left": 0},
        ),
        FitnessResult(17, "x", "x", "G123", "1", "赵六", 3, birth),
    ]
    buf = io.BytesIO()
    with translation.override("en"), pytest.raises(UploadInvalid) as refused:
        write_upload(rows, buf)
    assert refused.value.errors == [
        "Row 3 (引体向上): not an item for this sex at this grade",
        "Row 3 (800米跑): outside the national range 2′00″–9′00″",
        "Row 3 (左眼串镜): does not agree with the unaided vision",
        "Row 4 (年级编号): not a national grade code",
        "Row 4 (性别): must be 1 (male) or 2 (female)",
        "Row 4 (学籍号): not a valid 学籍号",
        "Row 4 (民族代码): a two-digit code is expected",
    ]
    assert buf.getvalue() == b""
    # No message repeats a value (health and identity data).
    assert not any("95" in e or "G123" in e for e in refused.value.errors)
