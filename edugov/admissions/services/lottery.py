"""The compulsory-school lottery in the app, step by step (docs/engines/lottery.md §1).

The order is enforced here: commitments only while applications are open; closing
freezes the list and records its hash H; reveals only after closing; the draw only
when every committed party has revealed. The draw itself, σ and the bundle come from
``edugov.engines.lottery`` — never a library RNG stream.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.engines.lottery import (
    Applicant,
    Commitment,
    LotteryError,
    Reveal,
    applicant_list_hash,
    bundle_json,
    commit,
    make_bundle,
)

from ..models import DrawStatus, LotteryApplicant, LotteryDraw, LotteryParty


def _locked(draw: LotteryDraw, allowed: DrawStatus, message: str) -> LotteryDraw:
    draw = LotteryDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.status != allowed:
        raise ValidationError(message)
    return draw


def draw_save(*, draw: LotteryDraw, audit: bool = True) -> LotteryDraw:
    """Create a draw, or change it while applications are open."""
    created = draw.pk is None
    before = None
    if not created:
        stored = LotteryDraw.objects.get(pk=draw.pk)
        if stored.status != DrawStatus.OPEN:
            raise ValidationError(_("The applicant list is frozen."))
        before = snapshot(stored)
    return audited_save(draw, before=before, audit=audit)


def applicant_save(*, applicant: LotteryApplicant, audit: bool = True) -> LotteryApplicant:
    """Add or change an application while the draw is open."""
    with transaction.atomic():
        # Locked first: the list cannot freeze between the check and the save.
        _locked(applicant.draw, DrawStatus.OPEN, _("The applicant list is frozen."))
        return audited_save(applicant, audit=audit)


def party_commit(*, draw: LotteryDraw, party: str, commitment: str) -> LotteryParty:
    """Record a party's commitment C = SHA-256(secret). Only before the list is frozen:
    a commitment made after could be chosen knowing the list."""
    row = LotteryParty(draw=draw, party=party.strip(), commitment=commitment.strip().lower())
    row.full_clean()
    with transaction.atomic():
        _locked(draw, DrawStatus.OPEN, _("Commitments close with the applications."))
        row.save()
        audit_record("admissions.lottery.commit", obj=row, changes={"commitment": row.commitment})
    return row


def draw_close(*, draw: LotteryDraw) -> LotteryDraw:
    """Close applications: freeze the list and record H, the applicant-list hash that is
    published now. Needs at least one commitment already."""
    with transaction.atomic():
        draw = _locked(draw, DrawStatus.OPEN, _("Applications are already closed."))
        if not draw.parties.exists():
            raise ValidationError(_("At least one party must commit before applications close."))
        applicants = [
            Applicant(a, c)
            for a, c in draw.applicants.values_list("application_number", "priority_class")
        ]
        try:
            draw.applicant_list_sha256 = applicant_list_hash(draw.draw_name, draw.seats, applicants)
        except LotteryError as exc:
            raise ValidationError(str(exc))
        draw.status = DrawStatus.CLOSED
        draw.closed_at = timezone.now()
        draw.save(update_fields=["applicant_list_sha256", "status", "closed_at"])
        audit_record(
            "admissions.lottery.close",
            obj=draw,
            changes={"applicants": len(applicants), "sha256": draw.applicant_list_sha256},
        )
    return draw


def party_reveal(*, party: LotteryParty, secret: str) -> LotteryParty:
    """A party reveals its secret after the list is frozen; it must open its commitment."""
    with transaction.atomic():
        _locked(party.draw, DrawStatus.CLOSED, _("Secrets are revealed after applications close."))
        party = LotteryParty.objects.select_for_update().get(pk=party.pk)
        if party.secret:
            raise ValidationError(_("This party has already revealed."))
        if commit(secret) != party.commitment:
            raise ValidationError(_("The secret does not match the commitment."))
        party.secret = secret
        party.revealed_at = timezone.now()
        party.save(update_fields=["secret", "revealed_at"])
        audit_record("admissions.lottery.reveal", obj=party)
    return party


def draw_run(*, draw: LotteryDraw, public_number: str) -> LotteryDraw:
    """Read out the public number, compute σ, the keys and the result; store the bundle
    and each applicant's rank. Refused while a committed party has not revealed."""
    with transaction.atomic():
        draw = _locked(draw, DrawStatus.CLOSED, _("The draw needs a closed applicant list."))
        parties = list(draw.parties.all())
        if any(not p.secret for p in parties):
            raise ValidationError(_("Every committed party must reveal before the draw."))
        applicants = list(draw.applicants.all())
        try:
            bundle = make_bundle(
                school=draw.draw_name,
                seats=draw.seats,
                applicants=[Applicant(a.application_number, a.priority_class) for a in applicants],
                commitments=[Commitment(p.party, p.commitment) for p in parties],
                reveals=[Reveal(p.party, p.secret) for p in parties],
                public_number=public_number.strip(),
            )
        except LotteryError as exc:
            raise ValidationError(str(exc))
        if bundle["applicant_list_sha256"] != draw.applicant_list_sha256:
            raise ValidationError(_("The applicant list changed after it was frozen."))
        by_number = {a.application_number: a for a in applicants}
        for admitted, entries in (
            (True, bundle["result"]["admitted"]),
            (False, bundle["result"]["waitlist"]),
        ):
            for e in entries:
                a = by_number[e["id"]]
                a.rank, a.admitted = e["rank"], admitted
        LotteryApplicant.objects.bulk_update(applicants, ["rank", "admitted"], batch_size=1000)
        draw.public_number = public_number.strip()
        draw.seed_hex = bundle["seed"]
        draw.bundle = bundle_json(bundle)
        draw.status = DrawStatus.DRAWN
        draw.drawn_at = timezone.now()
        draw.save(update_fields=["public_number", "seed_hex", "bundle", "status", "drawn_at"])
        audit_record(
            "admissions.lottery.draw",
            obj=draw,
            changes={"seed": draw.seed_hex, "admitted": len(bundle["result"]["admitted"])},
        )
    return draw


def draw_verify(*, draw: LotteryDraw) -> dict[str, Any]:
    """Re-verify the stored bundle with the engine's verifier."""
    import json

    from edugov.engines.lottery import verify_bundle

    report = verify_bundle(json.loads(draw.bundle))
    return {"ok": report.ok, "mismatches": [f"{m.code}: {m.message_zh}" for m in report.mismatches]}
