"""Writing students and export approvals: validation, save and audit in one transaction.

Audit diffs of personal fields are masked (``Student.personal_fields``); the blind
index columns are not editable and so never reach a snapshot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.core.scoping import can
from edugov.engines.codes import mask_value

from .models import DUPLICATE_MESSAGES, ApprovalStatus, ExportApproval, Student, derived_fields

FULL_VIEW_EVENT = "personal_data.view_full"


DUPLICATE_EVENT = "student.duplicate_id"
# A clerk mistyping now and then stays far below this; a script probing which ID
# numbers are registered anywhere in the city does not.
DUPLICATE_LIMIT = 10
DUPLICATE_WINDOW = dt.timedelta(hours=1)


DUPLICATE_LIMIT_MESSAGE = gettext_lazy(
    "Too many ID numbers that cannot be registered were entered in the last hour. "
    "Please try again later or contact the education bureau above you."
)


class TooManyDuplicates(Exception):
    """The user hit too many registered ID numbers or 学籍号 within the window."""


class RowsChanged(Exception):
    """The rows a download would write are not the rows that were approved."""

    def __init__(self, approved: int, found: int):
        super().__init__(f"approved {approved} rows, the download would hold {found}")
        self.approved, self.found = approved, found


def student_create(*, student: Student, audit: bool = True) -> Student:
    """Register a new student (derives birth date and sex from the ID, checks duplicates
    through the blind index)."""
    if student.pk is not None:
        raise ValueError("student_create is for new students")
    return audited_save(student, before=None, audit=audit)


def student_update(
    *, student: Student, before: dict[str, Any] | None = None, audit: bool = True
) -> Student:
    """Save changes to a student; ``before`` is the snapshot taken when it was loaded."""
    if student.pk is None:
        raise ValueError("student_update needs a saved student")
    if before is None:
        before = snapshot(Student.objects.get(pk=student.pk))
    return audited_save(student, before=before, audit=audit)


def student_duplicates(
    *, user: Any, student_number: str, id_number: str, exclude_pk: int | None = None
) -> dict[str, str]:
    """The fields of a would-be student whose ID number or 学籍号 is already on a roll
    anywhere in the city, each with its message (the same words in or out of scope).

    Each hit writes a ``student.duplicate_id`` event with the value masked. A user with
    ``DUPLICATE_LIMIT`` hits within ``DUPLICATE_WINDOW`` gets ``TooManyDuplicates``
    before any lookup: the count is read from the audit log, so it holds across
    processes. Call it outside a transaction that may roll back, or the event is lost.
    """
    from edugov.audit.models import AuditEvent

    values = {"student_number": student_number or "", "id_number": id_number or ""}
    derived, errors = derived_fields(
        student_number=values["student_number"],
        id_number=values["id_number"],
        birth_date=None,
        sex="",
    )
    own = (
        Student.objects.filter(pk=exclude_pk).values("student_number_index", "id_number_index")
        if exclude_pk
        else []
    )
    stored = own[0] if own else {}
    # Only values the student does not already hold are looked up (and counted).
    lookups = {
        name: derived[f"{name}_index"]
        for name in values
        if name not in errors
        and derived.get(f"{name}_index")
        and derived[f"{name}_index"] != stored.get(f"{name}_index")
    }
    if not lookups:
        return {}
    since = timezone.now() - DUPLICATE_WINDOW
    recent = AuditEvent.objects.filter(
        actor_id=user.pk, event_type=DUPLICATE_EVENT, occurred_at__gte=since
    ).count()
    if recent >= DUPLICATE_LIMIT:
        raise TooManyDuplicates
    others = Student.objects.exclude(pk=exclude_pk) if exclude_pk else Student.objects.all()
    hits = [
        name
        for name, index in lookups.items()
        if others.filter(**{f"{name}_index": index}).exists()
    ]
    if hits:
        audit_record(
            DUPLICATE_EVENT,
            object_type="students.student",
            outcome="failure",
            actor=user,
            changes={
                name: mask_value(
                    Student.personal_fields[name], values[name] or derived.get(name, "")
                )
                for name in hits
            },
        )
    return {name: str(DUPLICATE_MESSAGES[name]) for name in hits}


def student_view_full(*, student: Student, user: Any) -> dict[str, str]:
    """The full personal values of one student, for a user holding the permission;
    every call writes one ``personal_data.view_full`` audit event."""
    if not can(user, student, "view_full"):
        raise PermissionDenied
    values = {name: getattr(student, name) for name in Student.personal_fields}
    with transaction.atomic():
        audit_record(
            FULL_VIEW_EVENT,
            obj=student,
            changes={"fields": sorted(k for k, v in values.items() if v)},
        )
    return values


def student_search(*, user: Any, kind: str, value: str) -> Student | None:
    """Exact lookup by ID number or 学籍号 through the blind index, inside the scope.
    Audited without the value (only whether something was found)."""
    from edugov.core.crypto import blind_index

    field = {"id": "id_number_index", "student_number": "student_number_index"}[kind]
    found = (
        Student.objects.visible_to(user, "view")
        .filter(**{field: blind_index(value, kind)})
        .select_related("school")
        .first()
    )
    audit_record(
        "students.search",
        object_type="students.student",
        object_id=found.pk if found else "",
        outcome="success" if found else "failure",
        changes={"by": kind},
    )
    return found


# Export approvals (minors' data) ------------------------------------------------------


def rows_digest(qs: QuerySet[Student]) -> tuple[int, str]:
    """The number of rows in ``qs`` and a SHA-256 over their ids in order, streamed so a
    city-wide export does not hold its ids in memory."""
    digest = hashlib.sha256()
    count = 0
    for pk in qs.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000):
        digest.update(f"{pk},".encode())
        count += 1
    return count, digest.hexdigest()


def approval_request(
    *,
    user: Any,
    query: str,
    file_format: str,
    full: bool,
    rows: QuerySet[Student],
    minor_count: int,
    reason: str = "",
) -> ExportApproval:
    """Record a pending request for an export that contains students under 14, with the
    count and digest of exactly the rows the approver is asked to release."""
    row_count, digest = rows_digest(rows)
    approval = ExportApproval(
        requested_by=user,
        unit=user.unit,
        query=query,
        file_format=file_format,
        full=full,
        row_count=row_count,
        row_digest=digest,
        minor_count=minor_count,
        reason=reason,
    )
    with transaction.atomic():
        approval.save()
        audit_record(
            "export.approval_requested",
            obj=approval,
            changes={
                "rows": row_count,
                "digest": digest,
                "minors": minor_count,
                "format": file_format,
                "full": full,
                "filter": query,
            },
        )
    return approval


def approval_decide(*, approval: ExportApproval, user: Any, approve: bool) -> ExportApproval:
    """Approve or reject a pending request. Self-approval and approvals from outside the
    scope are refused, and the refusal is audited too."""
    event = "export.approved" if approve else "export.rejected"
    refused = ""
    with transaction.atomic():
        locked = ExportApproval.objects.select_for_update().get(pk=approval.pk)
        if user.pk == locked.requested_by_id:
            refused = "self-approval"
        elif locked.status != ApprovalStatus.PENDING:
            refused = "not pending"
        elif not can(user, locked, "approve"):
            refused = "not allowed"
        else:
            locked.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
            locked.decided_by = user
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
            audit_record(
                event, obj=locked, changes={"status": [ApprovalStatus.PENDING, locked.status]}
            )
    if refused:
        # Outside the (rolled-back) decision: the refusal itself stays on the record.
        audit_record(event, obj=locked, outcome="failure", detail=refused)
        raise PermissionDenied(refused)
    return locked


def approval_consume(
    *, approval: ExportApproval, user: Any, rows: QuerySet[Student]
) -> ExportApproval:
    """Mark an approved request downloaded: one conditional UPDATE, so two concurrent
    downloads cannot both succeed. ``rows`` is what the download would write; it must be
    the very rows approved (same count, same ids), else nothing is released."""
    if user.pk != approval.requested_by_id:
        raise PermissionDenied("not the requester")
    row_count, digest = rows_digest(rows)
    if not approval.row_digest or (row_count, digest) != (approval.row_count, approval.row_digest):
        raise RowsChanged(approval.row_count, row_count)
    now = timezone.now()
    done = ExportApproval.objects.filter(
        pk=approval.pk, status=ApprovalStatus.APPROVED, requested_by=user
    ).update(status=ApprovalStatus.DOWNLOADED, downloaded_at=now)
    if not done:
        raise ValidationError(_("This export is not approved or was already downloaded."))
    approval.status, approval.downloaded_at = ApprovalStatus.DOWNLOADED, now
    return approval
