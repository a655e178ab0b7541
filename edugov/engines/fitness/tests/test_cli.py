"""``python -m edugov.engines.fitness score``: scored file written; a bad file writes nothing."""

from edugov.engines.fitness.cli import EXIT_BAD_INPUT, main


def test_score_writes_one_row_per_student_and_refuses_a_bad_file(tmp_path, capsys):
    src = tmp_path / "results.csv"
    out = tmp_path / "scored.csv"
    src.write_text(
        "student_id,grade,sex,height_cm,weight_kg,vital_capacity_ml,run_50m_s,sit_and_reach_cm,"
        "standing_long_jump_cm,sit_ups,run_800m_s,exempt\n"
        "s1,11,F,160,70,2000,9.4,3.4,150,60,3'58\",\n"
        "s2,8,F,,,,,,,,,免测\n",
        encoding="utf-8",
    )
    assert main(["score", str(src), "--out", str(out)]) == 0
    header, s1, s2 = out.read_text(encoding="utf-8").splitlines()
    row = dict(zip(header.split(","), s1.split(","), strict=True))
    assert (row["total"], row["bonus"], row["level"], row["run_800m_score"]) == (
        "70.5",
        "3",
        "及格",
        "76",
    )
    assert s2.endswith("免测")
    src.write_text("student_id,grade,sex,run_50m_s\nx,7,M,4.0\n", encoding="utf-8")
    out.unlink()
    assert main(["score", str(src), "--out", str(out)]) == EXIT_BAD_INPUT
    assert not out.exists() and "第 2 行（学生 x）" in capsys.readouterr().err
    assert main(["check-tables"]) == 0
