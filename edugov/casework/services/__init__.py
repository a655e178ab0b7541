"""Writes of casework: typed functions that check, save and audit in one transaction."""

from .bulk import PastCase, PastMove, cases_bulk_load
from .calendar import adjustment_delete, adjustment_save, year_delete, year_save
from .cases import case_comment, case_open, number_for
from .moves import case_move

__all__ = [
    "PastCase",
    "PastMove",
    "cases_bulk_load",
    "adjustment_delete",
    "adjustment_save",
    "case_comment",
    "case_move",
    "case_open",
    "number_for",
    "year_delete",
    "year_save",
]
