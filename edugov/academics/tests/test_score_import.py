"""The score import: two-phase, every bad row named, nothing written on an error,
缺考 distinct from 0, multiple-choice items marked from the key, re-import a no-op."""

import numpy as np
import pytest

from edugov.academics.importers import template_headers
from edugov.academics.models import Candidate
from edugov.audit.models import AuditEvent

from .conftest import make_exam, rows_for, run_import, student_number

pytestmark = pytest.mark.django_db


def test_it_imports_the_file_and_a_reimport_changes_nothing(cast, world):
    exam = world.exam
    assert Candidate.objects.filter(exam=exam).count() == 12
    again = run_import(
        exam, cast.city_admin, rows_for([world.junior, world.junior2, world.jinxian_junior])
    )
    assert not again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)


def test_absent_is_stored_apart_from_zero(world):
    absent = Candidate.objects.get(exam=world.exam, exam_no="900005")
    zero = Candidate.objects.get(exam=world.exam, exam_no="900006")
    # 语文 allows half marks, so the exam's scale is 2.
    assert absent.scaled_marks().tolist()[1] == -1
    assert zero.scaled_marks().tolist()[1] == 0
    items = np.frombuffer(bytes(zero.item_marks), dtype="<i2").tolist()
    assert items == [0, 0, 0]


def test_a_multiple_choice_item_is_marked_from_its_key(world):
    c = Candidate.objects.get(exam=world.exam, exam_no="900001")  # i = 1: A and C
    assert c.answers == "AC"
    assert np.frombuffer(bytes(c.item_marks), dtype="<i2").tolist() == [10, 10, 2]


def test_the_student_number_is_encrypted_and_indexed(world):
    c = Candidate.objects.get(exam=world.exam, exam_no="900001")
    assert c.student_number == student_number(1)
    assert len(c.student_number_index) == 64
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT student_number FROM academics_candidate WHERE id = %s", [c.pk])
        assert "J3601" not in cur.fetchone()[0]


def _one_bad(cast, exam, mutate):
    rows = rows_for([cast.donghu_junior])
    mutate(rows)
    report = run_import(exam, cast.city_admin, rows)
    assert Candidate.objects.filter(exam=exam).count() == 0
    return report.errors


def test_a_mark_above_full_marks_is_rejected_with_its_row_and_column(cast):
    exam = make_exam(cast.city)

    def bad(rows):
        rows[2][4] = "121"

    errors = _one_bad(cast, exam, bad)
    assert len(errors) == 1
    assert "4" in errors[0] and "E" in errors[0] and "120" in errors[0]


def test_an_unknown_school_is_rejected_with_its_row(cast):
    exam = make_exam(cast.city)

    def bad(rows):
        rows[1][2] = "3136999999"

    errors = _one_bad(cast, exam, bad)
    assert len(errors) == 1 and errors[0].startswith(("第 3 行", "Row 3"))


def test_a_duplicate_exam_number_is_rejected_naming_both_rows(cast):
    exam = make_exam(cast.city)

    def bad(rows):
        rows[3][0] = rows[0][0]

    errors = _one_bad(cast, exam, bad)
    assert len(errors) == 1 and "5" in errors[0] and "2" in errors[0]


def test_items_that_do_not_add_up_to_the_subject_are_rejected(cast):
    exam = make_exam(cast.city)

    def bad(rows):
        rows[0][5] = int(rows[0][5]) + 1

    errors = _one_bad(cast, exam, bad)
    assert len(errors) == 1


def test_a_half_mark_where_only_whole_marks_are_allowed_is_rejected(cast):
    exam = make_exam(cast.city)

    def bad(rows):
        rows[0][8] = "2.5"

    errors = _one_bad(cast, exam, bad)
    assert len(errors) == 1 and "I" in errors[0]  # the item; its sum is not checked then


def test_a_principal_cannot_import_for_another_school(cast, world):
    exam = make_exam(cast.city, name="另一场")
    rows = rows_for([world.junior2])
    report = run_import(exam, world.junior_principal, rows)
    assert len(report.errors) == 4
    assert Candidate.objects.filter(exam=exam).count() == 0


def test_a_missing_subject_column_is_reported_once(cast):
    exam = make_exam(cast.city)
    headers = [h for h in template_headers(exam) if h != "语文"]
    rows = [r[:4] + r[5:] for r in rows_for([cast.donghu_junior])]
    report = run_import(exam, cast.city_admin, rows, headers)
    assert len(report.errors) == 1 and "语文" in report.errors[0]


def test_every_import_is_audited(cast, world):
    assert AuditEvent.objects.filter(
        event_type="import", object_type="academics.candidate"
    ).exists()


def test_an_xlsx_file_imports_like_a_csv(cast):
    import io

    import xlsxwriter

    from edugov.academics.importers import scores_import
    from edugov.core.context import acting

    exam = make_exam(cast.city)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, template_headers(exam))
    for r, row in enumerate(rows_for([cast.donghu_junior]), start=1):
        # Spreadsheets hold numbers as numbers: 学校标识码 and marks as floats.
        ws.write_row(r, 0, [float(v) if str(v).replace(".", "").isdigit() else v for v in row])
    wb.close()
    data = buf.getvalue()
    with acting(cast.city_admin):
        report = scores_import(
            exam=exam, user=cast.city_admin, fh=io.BytesIO(data), name="s.xlsx", size=len(data)
        )
    assert not report.errors, report.errors
    assert report.created == 4
    assert Candidate.objects.get(exam=exam, exam_no="900001").school == cast.donghu_junior


def test_a_corrected_mark_updates_only_that_candidate(cast, world):
    rows = rows_for([world.junior, world.junior2, world.jinxian_junior])
    rows[0][4] = "61.5"
    report = run_import(world.exam, cast.city_admin, rows)
    assert not report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 1, 11)
    c = Candidate.objects.get(exam=world.exam, exam_no="900000")
    assert c.scaled_marks().tolist()[0] == 123


def test_a_principal_cannot_change_another_schools_candidate(cast, world):
    rows = rows_for([world.junior2])
    rows[0][2] = world.junior.code  # moves 东湖区第二中学's candidate into her school
    rows[0][4] = "1"
    report = run_import(world.exam, world.junior_principal, rows[:1])
    assert len(report.errors) == 1 and report.errors[0].startswith(("第 2 行", "Row 2"))
