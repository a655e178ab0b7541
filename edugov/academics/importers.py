"""Score import: a streaming two-phase import built for a million rows.

The generic importer (``core.io.importer``) builds a model instance per row and keeps
every parsed row as a dict: fine for a school's roll, about 3 KB a row and a model
``full_clean`` each, far too much for a city exam. This one keeps the same contract —

1. read and validate the whole file, every error as "row N, column X: reason",
   nothing written if there is any;
2. only then write everything in one transaction with one audit event;
3. re-importing an unchanged file creates and updates nothing —

but holds the rows as packed int16 marks in ``array`` buffers (about 40 bytes a row)
and writes with ``bulk_create``. The file goes through the core reader's safety checks
(type sniffing, zip-bomb, DTD and formula refusal, encoding) and is then read row by
row: csv lazily, xlsx with calamine's row iterator.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import metrics
from edugov.core.crypto import blind_index
from edugov.core.io.importer import (
    ImportReport,
    cell_error,
    file_sha256,
    import_refused,
    row_error,
)
from edugov.core.io.readers import FileRefused, open_rows
from edugov.core.scoping import units_for_new
from edugov.engines import codes
from edugov.jobs.services import JobFailed, register
from edugov.org.models import Unit

from .models import MARK_DTYPE, Candidate, Exam, ExamStatus
from .storage import insert_candidates

Progress = Callable[[int, int, str], None]
ABSENT_WORDS = {"", "缺考", "缺", "absent", "-"}
#: A city exam file is larger than the generic import limit (50 MB ≈ 600k score rows).
MAX_BYTES = getattr(settings, "EDUGOV_SCORE_IMPORT_MAX_BYTES", 256 * 1024 * 1024)
MAX_ERRORS = 1000

EXAM_NO = ("考号", "exam number", "exam_no")
STUDENT = ("学籍号", "student number", "student_number")
SCHOOL = ("学校标识码", "学校代码", "school code", "school_code")
CLASS = ("班级", "class", "class_name")


#: The generic import's report: the same counts, errors and job result.
ScoreReport = ImportReport


def template_headers(exam: Exam) -> list[str]:
    """The header row of the import file for ``exam``."""
    heads = [EXAM_NO[0], STUDENT[0], SCHOOL[0], CLASS[0]]
    heads += [s.name for s in exam.subject_list()]
    heads += [it.column_label for it in exam.item_list()]
    return heads


def _rows(fh: IO[bytes], name: str, size: int) -> tuple[Iterator[list[Any]], int]:
    """(row iterator including the header, estimated row count), parsed in the core
    reader's sandbox (type sniffing, zip-bomb, DTD and formula refusal, encoding, and
    memory/CPU limits) and streamed, so a million rows never sit in memory at once."""
    return open_rows(fh, name, size, max_bytes=MAX_BYTES)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel's 3601020001.0 is the code 3601020001
    return str(value).strip()


class ScoreImport:
    """Validate (phase 1) and write (phase 2) one file of scores for one exam."""

    def __init__(self, exam: Exam, user: Any):
        self.exam = exam
        self.user = user
        self.subjects = exam.subject_list()
        self.items = exam.item_list()
        self.scale = exam.scale
        self.choice_items = [it for it in self.items if it.key]
        # Schools the user may add candidates for, inside the exam's area. A school
        # outside either is "unknown" to this import: the message does not say which.
        schools = units_for_new(
            user,
            Candidate,
            Unit.objects.filter(kind="school", path__startswith=exam.owner.path),
        )
        self.school_ids = dict(schools.values_list("code", "pk"))
        self.school_pks = set(self.school_ids.values())
        self.report = ScoreReport()
        self.exam_no: list[str] = []
        self.student: list[str] = []
        self.school: array = array("q")
        self.klass: list[str] = []
        self.marks: array = array("h")
        self.item_marks: array = array("h")
        self.answers: list[str] = []
        self.row_number: array = array("q")

    # Phase 1 -------------------------------------------------------------------

    def error(self, row: int, col: int | None, label: str, message: str) -> None:
        self.report.errors.append(
            row_error(row, message) if col is None else cell_error(row, col, label, message)
        )

    def _header(self, header: list[str]) -> dict[str, int] | None:
        lowered = [_cell(h).lower() for h in header]
        index: dict[str, int] = {}
        wanted = {"exam_no": EXAM_NO, "student": STUDENT, "school": SCHOOL, "class": CLASS}
        for key, names in wanted.items():
            found = [i for i, h in enumerate(lowered) if h in {n.lower() for n in names}]
            if found:
                index[key] = found[0]
            elif key != "student":
                self.error(1, None, "", _("missing column “%(label)s”") % {"label": names[0]})
        for s in self.subjects:
            if s.name.lower() in lowered:
                index[f"s:{s.pk}"] = lowered.index(s.name.lower())
            else:
                self.error(1, None, "", _("missing column “%(label)s”") % {"label": s.name})
        for it in self.items:
            label = it.column_label.lower()
            if label in lowered:
                index[f"i:{it.pk}"] = lowered.index(label)
        # Items come as a whole subject or not at all: a half-filled subject cannot be
        # analysed and is almost always a wrong template.
        for s in self.subjects:
            mine = [it for it in self.items if it.subject_id == s.pk]
            given = [it for it in mine if f"i:{it.pk}" in index]
            if given and len(given) != len(mine):
                missing = next(it for it in mine if f"i:{it.pk}" not in index)
                self.error(
                    1, None, "", _("missing column “%(label)s”") % {"label": missing.column_label}
                )
        return None if self.report.errors else index

    def _mark(self, text: str, full: Decimal, half: bool, row: int, col: int, label: str):
        """Scaled int mark, -1 for 缺考, or None after recording an error."""
        if text.lower() in ABSENT_WORDS:
            return -1
        try:
            value = Decimal(text)
        except ArithmeticError:
            self.error(row, col, label, _("not a number"))
            return None
        if not value.is_finite():
            self.error(row, col, label, _("not a number"))
            return None
        if value < 0:
            self.error(row, col, label, _("a mark cannot be below 0"))
            return None
        if value > full:
            self.error(
                row, col, label, _("above the full marks of %(full)s") % {"full": f"{full:g}"}
            )
            return None
        doubled = value * 2
        if doubled % 1 or (not half and value % 1):
            msg = _("only whole or half marks") if half else _("only whole marks")
            self.error(row, col, label, msg)
            return None
        return int(value * self.scale)

    def validate(self, rows: Iterator[list[Any]], estimate: int, progress: Progress) -> None:
        header = next(rows, None)
        if header is None:
            self.report.errors.append(_("The file has no header row."))
            return
        index = self._header(list(header))
        if index is None:
            return
        seen: dict[str, int] = {}
        items_given = any(k.startswith("i:") for k in index)
        n_items = len(self.items)
        for offset, raw in enumerate(rows):
            number = offset + 2
            cells = [_cell(v) for v in raw]
            if not any(cells):
                continue  # blank lines left by spreadsheet editors
            self.report.rows += 1
            if self.report.rows % 10_000 == 0:
                progress(self.report.rows, estimate, _("Validating"))
            errors_before = len(self.report.errors)

            def get(key: str, cells: list[str] = cells) -> str:
                i = index[key]
                return cells[i] if i < len(cells) else ""

            exam_no = get("exam_no")
            if not exam_no:
                self.error(number, index["exam_no"], EXAM_NO[0], _("a value is required"))
            elif len(exam_no) > 24:
                self.error(number, index["exam_no"], EXAM_NO[0], _("at most 24 characters"))
            elif exam_no in seen:
                self.error(
                    number,
                    index["exam_no"],
                    EXAM_NO[0],
                    _("duplicate exam number (row %(other)s)") % {"other": seen[exam_no]},
                )
            else:
                seen[exam_no] = number
            student = codes.normalise_id_number(get("student")) if "student" in index else ""
            if student:
                err = codes.student_number_error(student)
                if err:
                    # Never echo the value: it is personal data.
                    self.error(
                        number,
                        index["student"],
                        STUDENT[0],
                        _("not a valid student number (学籍号)"),
                    )
            school_id = self.school_ids.get(get("school"))
            if school_id is None:
                self.error(
                    number,
                    index["school"],
                    SCHOOL[0],
                    _("unknown school code, or a school outside this exam or your scope"),
                )
            klass = get("class")
            if not klass:
                self.error(number, index["class"], CLASS[0], _("a value is required"))
            elif len(klass) > 30:
                self.error(number, index["class"], CLASS[0], _("at most 30 characters"))
            marks = []
            for s in self.subjects:
                col = index[f"s:{s.pk}"]
                marks.append(
                    self._mark(get(f"s:{s.pk}"), s.full_marks, s.half_marks, number, col, s.name)
                )
            item_marks, answers = (
                self._items(get, index, marks, number) if items_given else ([], "")
            )
            if len(self.report.errors) > errors_before:
                if len(self.report.errors) >= MAX_ERRORS:
                    self.report.errors.append(_("Too many errors; checking stopped."))
                    return
                continue
            self.exam_no.append(exam_no)
            self.row_number.append(number)
            self.student.append(student)
            self.school.append(school_id)
            self.klass.append(klass)
            self.marks.extend(marks)
            self.item_marks.extend(item_marks if items_given else [-1] * n_items)
            self.answers.append(answers if items_given else "-" * len(self.choice_items))
        progress(self.report.rows, self.report.rows, _("Validating"))

    def _items(self, get, index, marks, number) -> tuple[list[int], str]:
        """Item marks (a multiple-choice item is marked from its key) and answer letters;
        the items of a subject must add up to its mark, and be empty when absent."""
        out: list[int] = []
        answers: list[str] = []
        for pos, s in enumerate(self.subjects):
            mine = [it for it in self.items if it.subject_id == s.pk]
            if not mine:
                continue
            absent = marks[pos] == -1
            total = 0
            ok = marks[pos] is not None
            for it in mine:
                key = f"i:{it.pk}"
                col, text = index[key], get(key)
                label = it.column_label
                if absent:
                    if text.lower() not in ABSENT_WORDS:
                        self.error(number, col, label, _("the subject is marked absent"))
                        ok = False
                    out.append(-1)
                    if it.key:
                        answers.append("-")
                    continue
                if it.key:
                    letter = text.upper()
                    if letter not in {"", "-"} and (len(letter) != 1 or letter not in "ABCDEFGH"):
                        self.error(number, col, label, _("an option letter A–H or empty"))
                        ok = False
                        continue
                    answers.append(letter if letter not in {"", "-"} else "-")
                    value = int(it.full_marks * self.scale) if letter == it.key else 0
                else:
                    if text.lower() in ABSENT_WORDS:
                        self.error(number, col, label, _("enter 0 for a blank answer"))
                        ok = False
                        continue
                    value = self._mark(text, it.full_marks, s.half_marks, number, col, label)
                    if value is None:
                        ok = False
                        continue
                out.append(value)
                total += value
            if ok and not absent and total != marks[pos]:
                self.error(
                    number,
                    index[f"s:{s.pk}"],
                    s.name,
                    _("the items add up to %(sum)s") % {"sum": f"{total / self.scale:g}"},
                )
        return out, "".join(answers)

    # Phase 2 -------------------------------------------------------------------

    def _values(self, i: int, marks: bytes, items: bytes, width: int, iwidth: int) -> dict:
        return {
            "school_id": self.school[i],
            "class_name": self.klass[i],
            "marks": marks[i * width : (i + 1) * width],
            "item_marks": items[i * iwidth : (i + 1) * iwidth],
            "answers": self.answers[i],
        }

    def commit(self, *, file_name: str, file_hash: str, progress: Progress) -> ScoreReport:
        """Everything in one transaction; the analysis follows in its own."""
        exam = self.exam
        k, n_items = len(self.subjects), len(self.items)
        width, iwidth = k * MARK_DTYPE.itemsize, n_items * MARK_DTYPE.itemsize
        # array("h") is native-endian; the stored layout is little-endian int16.
        marks = np.frombuffer(self.marks, dtype=np.int16).astype(MARK_DTYPE).tobytes()
        items = np.frombuffer(self.item_marks, dtype=np.int16).astype(MARK_DTYPE).tobytes()
        existing = {
            row[0]: row[1:]
            for row in Candidate.objects.filter(exam=exam).values_list(
                "exam_no", "pk", "school_id", "class_name", "marks", "item_marks", "answers"
            )
        }
        # First pass: updates and scope errors only. New rows are generated lazily
        # while inserting: a million prepared tuples would cost ~300 MB.
        new_rows: array = array("q")
        to_update: list[Candidate] = []
        for i, exam_no in enumerate(self.exam_no):
            old = existing.get(exam_no)
            if old is None:
                new_rows.append(i)
                continue
            values = self._values(i, marks, items, width, iwidth)
            pk, school_id, class_name, old_marks, old_items, old_answers = old
            if (school_id, class_name, bytes(old_marks), bytes(old_items), old_answers) == (
                values["school_id"],
                values["class_name"],
                values["marks"],
                values["item_marks"],
                values["answers"],
            ):
                self.report.unchanged += 1
                continue
            if school_id not in self.school_pks:
                # Another school's candidate, outside this user's scope.
                self.error(self.row_number[i], None, "", _("outside your scope"))
                continue
            to_update.append(Candidate(pk=pk, **values))

        def to_create():
            for i in new_rows:
                student = self.student[i]
                values = self._values(i, marks, items, width, iwidth)
                yield (
                    exam.pk,
                    self.exam_no[i],
                    student,
                    blind_index(student, "student_number") if student else "",
                    values["school_id"],
                    values["class_name"],
                    values["marks"],
                    values["item_marks"],
                    values["answers"],
                )

        if self.report.errors:
            return self.report
        total = len(new_rows) + len(to_update)
        progress(0, total, _("Writing"))
        with transaction.atomic():
            insert_candidates(to_create(), lambda done: progress(done, total, _("Writing")))
            Candidate.objects.bulk_update(
                to_update, ["school_id", "class_name", "marks", "item_marks", "answers"], 1000
            )
            exam.schools.add(*set(self.school))
            if new_rows or to_update:
                Exam.objects.filter(pk=exam.pk).update(
                    status=ExamStatus.IMPORTED,
                    candidate_count=Candidate.objects.filter(exam=exam).count(),
                )
            self.report.created, self.report.updated = len(new_rows), len(to_update)
            audit_record(
                "import",
                obj=exam,
                object_type=Candidate._meta.label_lower,
                object_repr=file_name,
                changes={
                    k: self.report.as_dict()[k] for k in ("rows", "created", "updated", "unchanged")
                },
                detail=f"sha256={file_hash}",
            )
        return self.report


def scores_import(
    *, exam: Exam, user: Any, fh: IO[bytes], name: str, size: int, progress: Progress | None = None
) -> ScoreReport:
    """Both phases on one file; any error leaves the database untouched."""
    step = progress or (lambda done, total, stage: None)
    job = ScoreImport(exam, user)
    try:
        rows, estimate = _rows(fh, name, size)
        file_hash = file_sha256(fh)
        job.validate(rows, estimate, step)
    except FileRefused as exc:
        # Refused up front or while the rows streamed in (a crash, a limit, a bad row).
        import_refused(
            obj=exam, object_type=Candidate._meta.label_lower, name=name, size=size, exc=exc
        )
        job.report.errors = [str(exc)]
        return job.report
    if not job.report.errors:
        job.commit(file_name=name, file_hash=file_hash, progress=step)
    if job.report.errors:
        audit_record(
            "import",
            obj=exam,
            object_type=Candidate._meta.label_lower,
            object_repr=name,
            outcome="failure",
            changes={"rows": job.report.rows, "errors": len(job.report.errors)},
        )
    metrics.count_import(Candidate._meta.label_lower, job.report.rows, not job.report.errors)
    return job.report


@register("academics.scores")
def run_score_import(job, progress) -> dict:
    """Job handler: import the file, then analyse the exam (its own transaction)."""
    from .analysis import exam_analyse

    exam = Exam.objects.select_related("owner", "prior").get(pk=job.params["exam"])
    with job.input_file.open("rb") as fh:
        report = scores_import(
            exam=exam,
            user=job.owner,
            fh=fh,
            name=job.params.get("file_name", job.input_file.name),
            size=job.input_file.size,
            progress=progress,
        )
    if report.errors:
        raise JobFailed(report.errors, report.as_dict())
    result = report.as_dict()
    if report.created or report.updated or exam.status != ExamStatus.READY:
        exam.refresh_from_db()
        result["analysis"] = exam_analyse(exam=exam, progress=progress)
    return result
