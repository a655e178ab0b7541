"""The 教育统计 workbook as the registry's statistics import.

A school's 教基 workbook is read in the sandbox (every sheet), translated through the
layout of its 学年 into the one row the registry's own template would have held, and
handed to the registry's ``StatisticsImporter``: the same two phases, scope checks,
"approved figures are final" rule, consistency checks, spool and audit event. What the
layout finds wrong (a missing table, a 合计 that does not add up, a header that is not
the declared one) is refused before any of that, each problem named by sheet, row and
column; nothing is written unless the whole workbook passes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.io.importer import Column
from edugov.core.io.readers import Sheet, open_workbook
from edugov.core.io.registry import register_importer
from edugov.core.scoping import units_for_new
from edugov.org.models import Unit, UnitKind
from edugov.registry.importers import STAT_FIELDS_AMOUNT, StatisticsImporter
from edugov.registry.models import AnnualStatistics

from .workbook import Sheets, StatisticsReader, at, read_cover


def read_statistics_workbook(sheets: Sheets, school_type: Any) -> tuple[Any, list[str]]:
    """(reading, errors) of a workbook's sheets. ``school_type(code)`` gives the
    institution type of the school its cover names, or None when the reader may not
    write that school's figures (the same words whether it exists or not)."""
    reading = read_cover(sheets)
    if reading.errors:
        return reading, reading.errors
    itype = school_type(reading.school_code)
    if itype is None:
        reading.errors.append(
            _("%(cell)s: the school %(code)s is not one whose statistics you may import.")
            % {"cell": reading.cover_cells["school_code"], "code": reading.school_code}
        )
        return reading, reading.errors
    StatisticsReader(sheets, reading, itype, set(STAT_FIELDS_AMOUNT)).read()
    return reading, reading.errors


@register_importer("exchange.statistics")
class WorkbookStatisticsImporter(StatisticsImporter):
    """One school's 教基 workbook → its ``AnnualStatistics`` row for the cover's 学年."""

    title = gettext_lazy("教育统计 workbook (教基 tables)")

    def _school_type(self, code: str) -> str | None:
        schools = Unit.objects.filter(kind=UnitKind.SCHOOL, code=code)
        unit = units_for_new(self.user, AnnualStatistics, schools).first()
        if unit is None:
            # Correcting a stored year needs "change" on that row, not "add".
            stored = (
                AnnualStatistics.objects.visible_to(self.user, "change")
                .filter(school__in=schools)
                .select_related("school")
                .first()
            )
            unit = stored.school if stored else None
        return unit.institution_type if unit else None

    def open(self, fh, name: str, size: int) -> Sheet:
        if not name.lower().endswith(".xlsx"):
            problem = _("The national system exports an .xlsx workbook; upload that file.")
            return Sheet(header=[], rows=(r for r in ()), total_rows=0, problems=[problem])
        sheets = open_workbook(fh, name, size)
        reading, errors = read_statistics_workbook(sheets, self._school_type)
        if errors:
            return Sheet(header=[], rows=(r for r in ()), total_rows=0, problems=errors)
        sources = {
            **reading.sources,
            "school_code": reading.cover_cells["school_code"],
            "year": reading.cover_cells["year"],
        }
        # The row's columns carry the cell each value came from, so that the registry's
        # own checks (classes × largest class ≥ students …) name the workbook's cells.
        self.columns = [
            Column(c.field, sources.get(c.field, c.label), False, c.parse)
            for c in StatisticsImporter.columns
        ]
        row = {"school_code": reading.school_code, "year": str(reading.year)}
        for field, value in reading.values.items():
            row[field] = _cell_text(value)
        header = [c.field for c in self.columns]
        return Sheet(
            header=header,
            rows=(r for r in [[row.get(h, "") for h in header]]),
            total_rows=1,
        )

    @staticmethod
    def _field_error(number, name, message, index, label) -> str:
        # One row per workbook: the cell is in the label, the row number would mislead.
        return at(str(label[name]), message) if name in label else message


def _cell_text(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral() else str(value)
