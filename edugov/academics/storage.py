"""Writing candidates in bulk through :func:`edugov.core.io.bulk.bulk_insert`, with the
学籍号 encrypted by the model field itself (so the envelope and its associated data are
exactly what the ORM would write)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from edugov.core.io.bulk import bulk_insert

from .models import Candidate

#: (exam_id, exam_no, student_number in clear, its blind index, school_id, class_name,
#:  marks, item_marks, answers)
Row = tuple[int, str, str, str, int, str, bytes, bytes, str]
COLUMNS = (
    "exam_id",
    "exam_no",
    "student_number",
    "student_number_index",
    "school_id",
    "class_name",
    "marks",
    "item_marks",
    "answers",
)


def insert_candidates(rows: Iterable[Row], progress: Callable[[int], None] | None = None) -> int:
    """Insert new candidates; returns the count."""
    encrypt = Candidate._meta.get_field("student_number").get_prep_value
    prepared = ((*row[:2], encrypt(row[2]), *row[3:]) for row in rows)
    return bulk_insert(Candidate, COLUMNS, prepared, progress)
