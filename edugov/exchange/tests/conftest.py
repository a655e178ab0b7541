"""Exchange fixtures: schools of the types the 教基 layouts know, under the cast's
东湖区, and a school's facts that satisfy both the form's 合计 and the registry's checks."""

from __future__ import annotations

import io
import itertools

import pytest
import xlsxwriter

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.registry.importers import StatisticsImporter

from .workbooks import Facts

_seq = itertools.count(700)
CATEGORY = {"kindergarten": "11", "primary": "21", "junior": "31", "nine_year": "31"}


@pytest.fixture
def school(cast):
    def make(itype: str = "primary", parent=None):
        code = f"{CATEGORY[itype]}36{next(_seq):06d}"
        with acting(None):
            return make_school(parent or cast.donghu, code, f"交换测试学校{code}", itype)

    return make


def primary_facts(code: str, year: int = 2023) -> Facts:
    # Largest class 45: the upper end of its 41-45 band (the 教基 gives bands only).
    return Facts(
        code,
        "primary",
        year,
        grades={"g1": 90, "g2": 88, "g3": 86, "g4": 90, "g5": 84, "g6": 80},
        class_sizes={"primary": [45, 45, 44, 44, 43, 45, 42, 42, 42, 44, 40, 41]},
        teachers={"primary": 31},
        postgraduate=2,
        bachelor=21,
        associate=7,
        pe=3,
        music=2,
        art=2,
        backbone=4,
        floor_area=2450.5,
        sports_hall_area=320,
        sports_ground_area=5200,
        equipment_value=1_380_000,
        multimedia=13,
    )


def junior_facts(code: str, year: int = 2023) -> Facts:
    return Facts(
        code,
        "junior",
        year,
        grades={"g7": 300, "g8": 296, "g9": 290},
        class_sizes={"junior": [50] * 6 + [49] * 6 + [48] * 6},
        teachers={"junior": 70},
        postgraduate=9,
        bachelor=58,
        associate=3,
        pe=5,
        music=2,
        art=2,
        backbone=11,
        floor_area=6100,
        sports_hall_area=900,
        sports_ground_area=9800.25,
        equipment_value=4_250_000,
        multimedia=20,
    )


def kindergarten_facts(code: str, year: int = 2023) -> Facts:
    # Classes of 30: the 教基 has no size bands for kindergartens, so the largest class
    # read is the smallest the counts allow (⌈children ÷ classes⌉).
    return Facts(
        code,
        "kindergarten",
        year,
        grades={"k1": 90, "k2": 90, "k3": 60},
        class_sizes={"kg": [30] * 8},
        teachers={"kg": 17},
        floor_area=1600,
        sports_hall_area=0,
    )


def template_xlsx(rows: list[dict[str, str]]) -> bytes:
    header = [c.field for c in StatisticsImporter.columns]
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, [row.get(h, "") for h in header])
    book.close()
    return buf.getvalue()


def run(importer_cls, user, content: bytes, name: str = "workbook.xlsx"):
    with acting(user):
        return importer_cls(user).run(io.BytesIO(content), name, len(content))
