"""The shared cell parsers read what sheets hold and refuse the rest with a message."""

import datetime as dt
from decimal import Decimal

import pytest

from edugov.core.io.cells import (
    bool_out,
    parse_amount,
    parse_bool,
    parse_count,
    parse_date,
    parse_year,
)
from edugov.core.io.importer import CellError


@pytest.mark.parametrize(
    ("text", "value"), [("是", True), (" 否 ", False), ("√", True), ("N", False)]
)
def test_yes_no(text, value):
    assert parse_bool(text) is value
    assert parse_bool(bool_out(value)) is value


def test_dates_counts_amounts_and_years():
    assert parse_date("2023/06/30") == parse_date("2023-06-30 00:00:00") == dt.date(2023, 6, 30)
    assert parse_count("45.0") == 45 and parse_count("0") == 0
    assert parse_amount("1,280.5") == Decimal("1280.50")
    assert parse_year("2023") == parse_year("2023.0") == 2023


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_bool, "也许"),
        (parse_date, "2023-02-30"),
        (parse_count, "-1"),
        (parse_count, "2.5"),
        (parse_count, "abc"),
        (parse_count, "Infinity"),
        (parse_amount, "-3"),
        (parse_amount, "NaN"),
        (parse_amount, "三百"),
        (parse_year, "1999"),
        (parse_year, "二〇二三"),
    ],
)
def test_what_is_not_a_value_is_a_cell_error(parse, text):
    with pytest.raises(CellError):
        parse(text)
