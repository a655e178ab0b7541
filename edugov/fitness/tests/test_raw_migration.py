"""The migration that encrypts the raw measurements: rows written as plain JSON before
it read back whole after it, and the column holds no measurement in clear."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from edugov.fitness.models import FitnessResult
from edugov.students.tests.conftest import make_student

BEFORE = [("fitness", "0001_initial")]
AFTER = [("fitness", "0002_encrypt_raw")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_plain_measurements_are_encrypted_in_place(cast):
    student = make_student(cast.donghu_school, id_number="", sex="female", grade=7)
    raw = {"height_cm": 158.5, "weight_kg": 47, "run_800m_s": 235}
    try:
        old = migrate(BEFORE)
        Old = old.get_model("fitness", "FitnessResult")
        Old.objects.create(
            school_id=cast.donghu_school.pk,
            student_id=student.pk,
            school_year=2023,
            grade="7",
            sex="F",
            raw=raw,
            scores={"bmi": 100},
            level=2,
        )
    finally:
        migrate(AFTER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw FROM fitness_fitnessresult")
        (stored,) = cursor.fetchone()
    assert "158.5" not in stored and "height_cm" not in stored
    assert FitnessResult.objects.get().raw == raw
