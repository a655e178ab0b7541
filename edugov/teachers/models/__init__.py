"""The teachers app's models, split by sub-domain."""

from .posts import ApprovedPost, SchoolSite
from .recruitment import Graduate, RecruitmentLine
from .registry import (
    Backbone,
    EventKind,
    Exemption,
    PostType,
    Qualification,
    Subject,
    Teacher,
    TeacherEvent,
    TeacherStatus,
    Title,
)
from .rotation import PlanStatus, RotationMove, RotationPlan, SchoolConfirmation
from .training import CYCLE_HOURS, CYCLE_YEARS, EthicsRecord, TrainingKind, TrainingRecord

__all__ = [
    "CYCLE_HOURS",
    "CYCLE_YEARS",
    "ApprovedPost",
    "Backbone",
    "EthicsRecord",
    "EventKind",
    "Exemption",
    "Graduate",
    "PlanStatus",
    "PostType",
    "Qualification",
    "RecruitmentLine",
    "RotationMove",
    "RotationPlan",
    "SchoolConfirmation",
    "SchoolSite",
    "Subject",
    "Teacher",
    "TeacherEvent",
    "TeacherStatus",
    "Title",
    "TrainingKind",
    "TrainingRecord",
]
