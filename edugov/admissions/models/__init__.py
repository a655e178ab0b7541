"""Admissions models: the 中考 session and its inputs, runs and their results, and the
compulsory-school lottery. Split by sub-domain (STYLE.md)."""

from .lottery import DrawStatus, LotteryApplicant, LotteryDraw, LotteryParty, PriorityClass
from .runs import CandidateResult, ProgrammeCutoff, Run, RunStatus
from .session import (
    DEFAULT_FLAGS,
    DEFAULT_SUBJECT_MAX,
    DEFAULT_SUBJECTS,
    PREFERENCE_LISTS,
    AdmissionSession,
    Candidate,
    Preference,
    Programme,
    ProgrammeQuota,
    Sector,
)

__all__ = [
    "DEFAULT_FLAGS",
    "DEFAULT_SUBJECT_MAX",
    "DEFAULT_SUBJECTS",
    "PREFERENCE_LISTS",
    "AdmissionSession",
    "Candidate",
    "CandidateResult",
    "DrawStatus",
    "LotteryApplicant",
    "LotteryDraw",
    "LotteryParty",
    "PriorityClass",
    "Preference",
    "Programme",
    "ProgrammeCutoff",
    "ProgrammeQuota",
    "Run",
    "RunStatus",
    "Sector",
]
