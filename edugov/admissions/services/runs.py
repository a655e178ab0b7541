"""Admission runs: configure, compute (a background job), publish (locks), replay.

A published run is read-only: every writing service here refuses it with
``RunLocked``, and a session with a published run refuses new input (its imports
check ``AdmissionSession.is_locked``).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.core.io.bulk import bulk_insert
from edugov.engines.admission import ConfigError, InputError
from edugov.jobs.services import JobFailed, job_create, register

from .. import engine_io
from ..models import CandidateResult, ProgrammeCutoff, Run, RunStatus

RUN_JOB = "admissions.run"


class RunLocked(ValidationError):
    """The run is published; it cannot change any more."""

    def __init__(self) -> None:
        super().__init__(_("This run is published and locked."))


def _check_config(run: Run) -> None:
    """Validate the configuration the way the engine will read it (unknown keys,
    mechanisms, ratio range, lottery seed), so a bad one fails on save, not in a job."""
    from edugov.engines.admission import parse_config

    try:
        parse_config(engine_io.engine_config(run.session, run.config, {"统招"}))
    except (ConfigError, ValueError, ArithmeticError) as exc:
        raise ValidationError({"config": str(exc)})


def run_save(*, run: Run, audit: bool = True) -> Run:
    """Create a run or change its name and configuration (not once published)."""
    created = run.pk is None
    before = None
    if not created:
        stored = Run.objects.get(pk=run.pk)
        if stored.is_locked:
            raise RunLocked()
        before = snapshot(stored)
    run.config = {**engine_io.DEFAULT_RUN_CONFIG, **(run.config or {})}
    run.full_clean()
    _check_config(run)
    if not created and run.has_results:
        # A changed configuration makes the stored results stale: back to draft.
        run.status = RunStatus.DRAFT
        run.result_sha256 = ""
    return audited_save(run, before=before, audit=audit)


def run_delete(*, run: Run) -> None:
    """Delete a run that was never published, with its results."""
    if Run.objects.get(pk=run.pk).is_locked:
        raise RunLocked()
    with transaction.atomic():
        audit_record("delete", obj=run)
        run.delete()


def run_start(*, run: Run, user: Any, inline: bool = False):
    """Queue the computation as a background job; returns the job (progress page)."""
    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=run.pk)
        if run.is_locked:
            raise RunLocked()
        if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
            raise ValidationError(_("This run is already being computed."))
        run.status = RunStatus.QUEUED
        run.error = ""
        run.save(update_fields=["status", "error"])
        audit_record("admissions.run.start", obj=run)
    job = job_create(
        kind=RUN_JOB,
        title=_("Admission run: %(name)s") % {"name": run.name},
        owner=user,
        params={"run": run.pk},
        inline=inline,
    )
    Run.objects.filter(pk=run.pk).update(job=job)
    return job


def run_compute(*, run: Run, progress=None) -> dict[str, Any]:
    """Load the inputs, match, store per-candidate results and per-programme cutoffs,
    record the audit hashes. Returns timings (seconds) per stage."""
    progress = progress or (lambda done, total, stage="": None)
    if Run.objects.get(pk=run.pk).is_locked:
        raise RunLocked()
    t0 = time.perf_counter()
    Run.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    progress(0, 4, _("Loading candidates"))
    inputs, config = engine_io.load_inputs(run.session, run.config)
    t1 = time.perf_counter()
    progress(1, 4, _("Matching"))
    result = engine_io.compute(inputs, config)
    t2 = time.perf_counter()
    progress(2, 4, _("Storing results"))
    batch_names = result.batch_names
    pks = inputs.programme_pks
    returned_names = {1: "returned", 2: "over_plan"}
    score = inputs.candidates.total + np.minimum(inputs.candidates.bonus, config.bonus_cap or 0)
    rows = list(
        zip(
            [run.pk] * len(inputs.candidate_pks),
            inputs.candidate_pks.tolist(),
            [pks[p] if p >= 0 else None for p in result.programme.tolist()],
            [batch_names[b] if b >= 0 else "" for b in result.batch.tolist()],
            result.quota.tolist(),
            [c + 1 if c >= 0 else None for c in result.choice.tolist()],
            score.tolist(),
            [
                f"{batch_names[b]} {returned_names.get(r, '')}" if b >= 0 else ""
                for b, r in zip(
                    result.returned_batch.tolist(), result.returned_reason.tolist(), strict=True
                )
            ],
            strict=True,
        )
    )
    with transaction.atomic():
        CandidateResult.objects.filter(run=run).delete()
        ProgrammeCutoff.objects.filter(run=run).delete()
        bulk_insert(
            CandidateResult,
            ["run", "candidate", "programme", "batch", "quota", "choice", "score", "returned"],
            rows,
        )
        t3 = time.perf_counter()
        progress(3, 4, _("Computing cutoffs"))
        ProgrammeCutoff.objects.bulk_create(
            [
                ProgrammeCutoff(
                    run_id=run.pk,
                    programme_id=c.pop("programme_pk"),
                    **c,
                )
                for c in engine_io.cutoff_rows(inputs, config, result)
            ]
        )
        record = result.record()
        run.engine_version = record["engine_version"]
        run.inputs_sha256 = record["inputs_sha256"]
        run.config_sha256 = record["config_sha256"]
        run.config_json = record["config_json"]
        run.result_sha256 = record["result_sha256"]
        run.summary = engine_io.summary(inputs, result)
        run.status = RunStatus.SUCCEEDED
        run.computed_at = timezone.now()
        run.error = ""
        run.save()
        audit_record(
            "admissions.run.computed",
            obj=run,
            changes={k: v for k, v in record.items() if k != "config_json"},
        )
    t4 = time.perf_counter()
    progress(4, 4, _("Done"))
    return {
        "load": round(t1 - t0, 3),
        "match": round(t2 - t1, 3),
        "store": round(t3 - t2, 3),
        "cutoffs": round(t4 - t3, 3),
        "total": round(t4 - t0, 3),
    }


@register(RUN_JOB)
def _run_job(job, progress) -> dict[str, Any]:
    run = Run.objects.select_related("session").get(pk=job.params["run"])
    try:
        timings = run_compute(run=run, progress=progress)
    except (InputError, ConfigError, ValueError) as exc:
        Run.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc))
        raise JobFailed([str(exc)])
    except Exception:
        Run.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        raise
    run.refresh_from_db()
    # stable keys: the job page labels them in the reader's language (jobs/results.py)
    return {
        "placed": run.summary["placed"],
        "unplaced": run.summary["unplaced"],
        "seconds": timings["total"],
        "result_sha256": run.result_sha256,
        "url": run.get_absolute_url(),
    }


def run_publish(*, run: Run, user: Any) -> Run:
    """Publish a computed run; from now on it is locked."""
    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=run.pk)
        if run.is_locked:
            raise RunLocked()
        if run.status != RunStatus.SUCCEEDED:
            raise ValidationError(_("Only a computed run can be published."))
        run.status = RunStatus.PUBLISHED
        run.published_at = timezone.now()
        run.published_by = user
        run.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            "admissions.run.publish", obj=run, changes={"result_sha256": run.result_sha256}
        )
    return run


def run_replay(*, run: Run) -> dict[str, Any]:
    """Recompute the run from the stored inputs without writing anything, and compare
    every hash with the recorded ones: the proof that the result is reproducible."""
    inputs, config = engine_io.load_inputs(run.session, run.config)
    result = engine_io.compute(inputs, config)
    record = result.record()
    checks = {
        key: {"recorded": getattr(run, key), "replayed": record[key]}
        for key in ("engine_version", "inputs_sha256", "config_sha256", "result_sha256")
    }
    ok = all(v["recorded"] == v["replayed"] for v in checks.values())
    audit_record(
        "admissions.run.replay",
        obj=run,
        outcome="success" if ok else "failure",
        changes={"identical": ok},
    )
    return {"identical": ok, "checks": checks}


def run_compare(*, a: Run, b: Run) -> dict[str, Any]:
    """Two computed runs of one session side by side (the policy what-if): how many
    candidates change school and how many are placed in one run only. Matched by
    candidate, like the engine's ``compare_runs``, but on the stored rows so that a
    published run is compared as published."""
    if a.session_id != b.session_id:
        raise ValidationError(_("Only runs of the same session can be compared."))
    ra = dict(CandidateResult.objects.filter(run=a).values_list("candidate_id", "programme_id"))
    rb = dict(CandidateResult.objects.filter(run=b).values_list("candidate_id", "programme_id"))
    keys = sorted(ra)
    pa = np.array([ra[k] or -1 for k in keys], np.int64)
    pb = np.array([rb.get(k) or -1 for k in keys], np.int64)
    both = (pa >= 0) & (pb >= 0)
    return {
        "changed_school": int((both & (pa != pb)).sum()),
        "placed_only_a": int(((pa >= 0) & (pb < 0)).sum()),
        "placed_only_b": int(((pa < 0) & (pb >= 0)).sum()),
    }
