"""Who teaches which class: the school records it (the principal), the scoping mechanism
reads it (``core.scoping.assigned_classes``). Services and the one selector of the page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.core.scoping import assert_still_visible, can

from .models import ClassAssignment


def assignable_users(user: Any) -> QuerySet:
    """The accounts ``user`` may assign to a class, in the form and the import alike:
    active users of a school in her scope. Naming a teacher needs names, not the right to
    manage accounts (as a task's owner: ``workplan.selectors.assignable_owners``)."""
    from edugov.accounts.models import User

    root = user.scope_root()
    if root is None:
        return User._base_manager.none()
    return User._base_manager.filter(
        is_active=True, unit__kind="school", unit__path__startswith=root.path
    ).order_by("unit__path", "username")


def class_assignment_save(
    *, user: Any, assignment: ClassAssignment, audit: bool = True
) -> ClassAssignment:
    """Record or correct who teaches a class; the school is the teacher's own."""
    action = "change" if assignment.pk else "add"
    if assignment.user_id and not assignment.school_id:
        assignment.school_id = assignment.user.unit_id
    if not can(user, assignment, action):
        raise PermissionDenied(_("You cannot assign classes in this school."))
    with transaction.atomic():
        audited_save(assignment, audit=audit)
        assert_still_visible(assignment, user, action)
    return assignment


def class_assignment_delete(*, user: Any, assignment: ClassAssignment) -> None:
    """Take a teacher off a class: she no longer sees its students from now on."""
    if not can(user, assignment, "delete"):
        raise PermissionDenied(_("You cannot assign classes in this school."))
    with transaction.atomic():
        audit_record(
            "delete",
            obj=assignment,
            changes={
                "user": assignment.user.username,
                "grade": assignment.grade,
                "class_name": assignment.class_name,
                "role": assignment.role,
            },
        )
        assignment.delete()
