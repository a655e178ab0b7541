"""Writes of casework: typed functions that check, save and audit in one transaction."""

from .calendar import adjustment_delete, adjustment_save
from .cases import case_comment, case_open, number_for
from .moves import case_move

__all__ = [
    "adjustment_delete",
    "adjustment_save",
    "case_comment",
    "case_move",
    "case_open",
    "number_for",
]
