"""Casework models, split by sub-domain: cases and their parts, the calendar, notifications."""

from .calendar import AdjustmentKind, CalendarAdjustment, CalendarYear
from .case import (
    Case,
    CaseComment,
    CaseCounter,
    CaseEvidence,
    CaseTransition,
    EntryKind,
    Satisfaction,
)
from .notify import Delivery, DeliveryStatus, EscalationNotice, Notification

__all__ = [
    "AdjustmentKind",
    "CalendarAdjustment",
    "CalendarYear",
    "Case",
    "CaseComment",
    "CaseCounter",
    "CaseEvidence",
    "CaseTransition",
    "Delivery",
    "DeliveryStatus",
    "EntryKind",
    "EscalationNotice",
    "Notification",
    "Satisfaction",
]
