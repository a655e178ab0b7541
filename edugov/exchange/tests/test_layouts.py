"""The layout declarations: each 学年 has exactly one, and a declaration that names a
cell it does not declare is refused when it is loaded, not read as 0 at an import."""

from __future__ import annotations

import tomllib

import pytest

from edugov.exchange.layouts import (
    LAYOUT_DIR,
    LayoutError,
    parse_layout,
    statistics_layout_for,
    statistics_layouts,
)


def test_every_school_year_from_2018_has_one_layout():
    ids = {year: statistics_layout_for(year).id for year in range(2018, 2031)}
    assert {ids[2018], ids[2020]} == {"statistics-2018"}
    assert ids[2021] == "statistics-2021" and ids[2022] == ids[2030] == "statistics-2022"
    assert statistics_layout_for(2017) is None
    # Every registry field a layout fills is one the registry has.
    from edugov.registry.models import AnnualStatistics

    names = {f.name for f in AnnualStatistics._meta.fields}
    for layout in statistics_layouts():
        for table in layout.tables:
            assert set(table.fields) | set(table.bands) <= names, table.code


def test_a_declaration_naming_an_undeclared_cell_is_refused():
    with (LAYOUT_DIR / "statistics-2022.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    raw["tables"][0]["fields"]["g1"] = ["total.grade_one"]
    with pytest.raises(LayoutError, match="教基3112: unknown cell total.grade_one"):
        parse_layout(raw)
