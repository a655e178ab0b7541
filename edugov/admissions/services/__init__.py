"""Writing admissions data: typed services, validation, save and audit in one
transaction (STYLE.md). Split by sub-domain."""

from .inputs import candidate_save, preference_save, programme_save, session_save
from .lottery import (
    applicant_save,
    draw_close,
    draw_run,
    draw_save,
    draw_verify,
    party_commit,
    party_reveal,
)
from .runs import (
    RUN_JOB,
    RunLocked,
    run_compare,
    run_compute,
    run_delete,
    run_publish,
    run_replay,
    run_save,
    run_start,
)

__all__ = [
    "RUN_JOB",
    "RunLocked",
    "applicant_save",
    "candidate_save",
    "draw_close",
    "draw_run",
    "draw_save",
    "draw_verify",
    "party_commit",
    "party_reveal",
    "preference_save",
    "programme_save",
    "run_compare",
    "run_compute",
    "run_delete",
    "run_publish",
    "run_replay",
    "run_save",
    "run_start",
    "session_save",
]
