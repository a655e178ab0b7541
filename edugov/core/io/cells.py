"""Cell parsers the modules' importers share: a yes/no, a date, a count, an amount in 元
and a year, each read the one way across the platform (a spreadsheet of one module reads
like another's), each raising ``CellError`` with a message the user can act on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .importer import CellError

#: What a 是/否 cell may hold: the Chinese words, the check marks people type, and what
#: an English sheet or a CSV from another system writes.
YES = {"是": True, "否": False, "1": True, "0": False, "true": True, "false": False}
YES.update({"√": True, "×": False, "y": True, "n": False, "yes": True, "no": False})


def parse_bool(text: str) -> bool:
    try:
        return YES[text.strip().lower()]
    except KeyError:
        raise CellError(_("expected 是 or 否"))


def bool_out(value) -> str:
    """How an export writes a yes/no, so that ``parse_bool`` reads it back."""
    return "是" if value else "否"


def parse_date(text: str) -> dt.date:
    # xlsx dates arrive as "2023-06-30 00:00:00"; sheets typed by hand use "2023/06/30".
    try:
        return dt.date.fromisoformat(text.strip()[:10].replace("/", "-"))
    except ValueError:
        raise CellError(_("expected a date like 2023-06-30"))


def parse_count(text: str) -> int:
    # A number cell of a sheet arrives as "45.0": whole, so read as 45.
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise CellError(_("expected a whole number from 0"))
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise CellError(_("expected a whole number from 0"))
    return int(value)


def parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(_("expected a number"))
    if not value.is_finite():
        raise CellError(_("expected a number"))
    if value < 0:
        raise CellError(_("expected a non-negative number"))
    return value.quantize(Decimal("0.01"))


def parse_year(text: str) -> int:
    text = text.strip().removesuffix(".0")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise CellError(_("expected a year like 2023"))
    return int(text)
