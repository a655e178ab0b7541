"""Writing a session's inputs (session, candidates, programmes and quotas, preferences).

A session with a published run is locked: its inputs are what the published result was
computed from, and a replay must still reproduce it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audited_save

from ..models import AdmissionSession, Candidate, Preference, Programme


def _check_open(session: AdmissionSession) -> None:
    if session.is_locked():
        raise ValidationError(_("This session has a published run; its inputs are locked."))


def session_save(*, session: AdmissionSession, audit: bool = True) -> AdmissionSession:
    """Create a session or change its settings (not once a run is published)."""
    if session.pk is not None:
        _check_open(session)
    return audited_save(session, audit=audit)


def candidate_save(*, candidate: Candidate, audit: bool = True) -> Candidate:
    """Create or change a candidate; the name is masked in the audit diff."""
    _check_open(candidate.session)
    return audited_save(candidate, audit=audit)


def programme_save(
    *, programme: Programme, quotas: dict | None = None, audit: bool = True
) -> Programme:
    """Create or change a programme; ``quotas`` (junior school unit → seats), when given,
    replaces its 指标到校 allocation."""
    from ..models import ProgrammeQuota

    _check_open(programme.session)
    with transaction.atomic():
        audited_save(programme, audit=audit)
        if quotas is not None:
            current = {q.junior_school_id: q for q in programme.quotas.all()}
            wanted = {unit.pk: seats for unit, seats in quotas.items()}
            programme.quotas.exclude(junior_school_id__in=list(wanted)).delete()
            for unit_pk, seats in wanted.items():
                q = current.get(unit_pk)
                if q is None:
                    ProgrammeQuota.objects.create(
                        programme=programme, junior_school_id=unit_pk, seats=seats
                    )
                elif q.seats != seats:
                    q.seats = seats
                    q.save(update_fields=["seats"])
    return programme


def preference_save(*, preference: Preference, audit: bool = True) -> Preference:
    """Create or change one choice (at most K per list, a programme once per list)."""
    session = preference.candidate.session
    _check_open(session)
    if preference.rank > session.max_choices:
        raise ValidationError(
            {"rank": _("At most %(k)s choices per list.") % {"k": session.max_choices}}
        )
    if preference.programme.session_id != session.pk:
        raise ValidationError({"programme": _("The programme belongs to another session.")})
    return audited_save(preference, audit=audit)
