"""民办学校: the school's file (licence, founders, fees, tuition account, 关联交易, history,
student placements at closure), the annual inspection (年检) and the risk tier."""

from .inspection import AnnualInspection, InspectionItem, InspectionRound, ItemAnswer, Result
from .notice import Notice
from .risk import AuditOpinion, PublicHit, RiskAssessment
from .school import (
    FeeFiling,
    FileChange,
    Founder,
    Placement,
    PrivateSchool,
    ProfitType,
    RelatedPartyTransaction,
    SchoolStatus,
)

__all__ = [
    "AnnualInspection",
    "AuditOpinion",
    "FeeFiling",
    "FileChange",
    "Founder",
    "InspectionItem",
    "InspectionRound",
    "ItemAnswer",
    "Notice",
    "Placement",
    "PrivateSchool",
    "ProfitType",
    "PublicHit",
    "RelatedPartyTransaction",
    "Result",
    "RiskAssessment",
    "SchoolStatus",
]
