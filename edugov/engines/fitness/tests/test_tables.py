"""The transcription, checked: shape rules, coverage, and cells read in the printed standard."""

import pytest

from edugov.engines.fitness.tables import GRADES, SEXES, check_tables, load

STD = load()


def test_tables_have_the_standards_shape():
    # monotonic columns, every grade × sex of every band, weights = 100, BMI bands contiguous
    assert check_tables() == []


def test_check_tables_catches_a_swapped_cell():
    import dataclasses

    table = STD.tables[("run_1000m", "9", "M")]
    rows = list(table.rows)
    rows[3], rows[4] = (rows[3][0], rows[4][1]), (rows[4][0], rows[3][1])
    broken = dataclasses.replace(
        STD,
        tables={
            **STD.tables,
            ("run_1000m", "9", "M"): dataclasses.replace(table, rows=tuple(rows)),
        },
    )
    assert any("run_1000m 9M" in p for p in check_tables(broken))


def test_every_grade_and_sex_has_five_to_seven_weighted_items():
    for grade in GRADES:
        for sex in SEXES:
            items = STD.items_for(grade, sex)
            assert sum(items.values()) == 100
            assert set(items) >= {"bmi", "vital_capacity", "run_50m", "sit_and_reach"}


# Cells read in the printed standard (教体艺〔2014〕5号 附件), one or more per table, chosen
# at the ends of columns where a transcription slip is most likely to stand out.
PUBLISHED = [
    ("vital_capacity", "1", "M", 100, 1700),
    ("vital_capacity", "U12", "M", 100, 5040),
    ("vital_capacity", "U12", "F", 100, 3400),
    ("vital_capacity", "U12", "M", 60, 3100),
    ("run_50m", "1", "M", 100, 10.2),
    ("run_50m", "U12", "M", 60, 9.1),
    ("run_50m", "U12", "F", 100, 7.5),
    ("sit_and_reach", "U12", "M", 100, 24.9),
    ("sit_and_reach", "U12", "M", 10, -1.3),
    ("sit_and_reach", "U12", "F", 60, 6.0),
    ("sit_and_reach", "1", "F", 100, 18.6),
    ("rope_skipping", "1", "M", 100, 109),
    ("rope_skipping", "1", "F", 100, 117),
    ("rope_skipping", "6", "F", 100, 166),
    ("sit_ups", "3", "M", 100, 48),
    ("sit_ups", "U12", "F", 100, 56),
    ("sit_ups", "U12", "F", 60, 26),
    ("shuttle_50x8", "5", "M", 100, 96),
    ("shuttle_50x8", "6", "F", 100, 97),
    ("standing_long_jump", "U12", "M", 100, 273),
    ("standing_long_jump", "U12", "F", 60, 151),
    ("pull_ups", "U12", "M", 100, 19),
    ("pull_ups", "U12", "M", 60, 10),
    ("pull_ups", "7", "M", 100, 13),
    ("run_1000m", "U12", "M", 100, 197),
    ("run_1000m", "U12", "M", 60, 272),
    ("run_1000m", "7", "M", 100, 235),
    ("run_800m", "U12", "F", 100, 198),
    ("run_800m", "U12", "F", 60, 274),
    ("run_800m", "U12", "F", 10, 324),
]


@pytest.mark.parametrize("item,grade,sex,score,threshold", PUBLISHED)
def test_published_cells(item, grade, sex, score, threshold):
    assert STD.table(item, grade, sex).threshold(score) == threshold


def test_published_bmi_and_bonus():
    u = STD.bmi[("U", "M")]
    assert (u.under, u.normal, u.over) == (178, 239, 279)
    g1 = STD.bmi[("1", "F")]
    assert (g1.under, g1.normal, g1.over) == (132, 173, 192)
    assert STD.bonuses["sit_ups"].points(7) == 4 and STD.bonuses["sit_ups"].points(13) == 10
    assert STD.bonuses["run_1000m"].points(35) == 10 and STD.bonuses["run_1000m"].points(19) == 4
    assert (
        STD.bonuses["run_800m"].points(50) == 10 and STD.bonuses["rope_skipping"].points(40) == 20
    )
