"""Writes of the programme registry: a programme saved (the audited save), its evidence
kept, its 认定; a school's party organization saved. Every write asks ``can``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.core.files import read_evidence
from edugov.core.scoping import can

from .models import PartyOrganization, Programme, ProgrammeEvidence, State


def programme_save(
    *,
    programme: Programme,
    user: Any,
    schools: Sequence[Any] | None = None,
    audit: bool = True,
) -> Programme:
    """Create or change a programme (validated, saved and audited in one transaction);
    ``schools``, when given, replaces the participating schools. A confirmed programme
    stays confirmed when changed; the audit trail shows what changed."""
    action = "change" if programme.pk else "add"
    if not can(user, programme, action):
        raise PermissionDenied(_("You cannot record programmes for this unit."))
    with transaction.atomic():
        audited_save(programme, audit=audit)
        if schools is not None:
            programme.schools.set(schools)
    return programme


def programme_confirm(*, programme: Programme, user: Any, today: dt.date) -> Programme:
    """认定 by a unit above the owner (``Programme.actions["confirm"]``)."""
    if not can(user, programme, "confirm"):
        raise PermissionDenied(_("Only a unit above the owner confirms a programme."))
    if programme.state == State.CONFIRMED:
        raise ValidationError(_("The programme is already confirmed."))
    with transaction.atomic():
        programme.state = State.CONFIRMED
        programme.confirmed_on = today
        programme.save(update_fields=["state", "confirmed_on"])
        audit_record(
            "programmes.confirm",
            obj=programme,
            changes={"state": [State.FILED, State.CONFIRMED], "confirmed_on": str(today)},
        )
    return programme


def evidence_add(
    *, programme: Programme, user: Any, uploads: Sequence[Any]
) -> list[ProgrammeEvidence]:
    """Files proving a programme, each checked (``core.files.read_evidence``: size, type,
    first bytes) before any is kept; one bad file keeps none, and the error names it."""
    if not can(user, programme, "change"):
        raise PermissionDenied
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, read_evidence(upload)))
        except ValidationError as exc:
            errors.append(f"{upload.name}: {'；'.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    stored: list[ProgrammeEvidence] = []
    try:
        with transaction.atomic():
            for upload, digest in checked:
                data = upload.read()
                row = ProgrammeEvidence(
                    programme=programme, name=upload.name[:200], size=len(data), sha256=digest
                )
                row.file.save(upload.name, ContentFile(data), save=False)
                row.save()
                stored.append(row)
            audit_record(
                "programmes.evidence",
                obj=programme,
                changes={"files": [r.sha256 for r in stored]},
            )
    except BaseException:
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise
    return stored


def party_organization_save(
    *, organization: PartyOrganization, user: Any, audit: bool = True
) -> PartyOrganization:
    """Create or change a school's party organization (the audited save)."""
    action = "change" if organization.pk else "add"
    if not can(user, organization, action):
        raise PermissionDenied(_("You cannot record the party organization of this school."))
    return audited_save(organization, audit=audit)
