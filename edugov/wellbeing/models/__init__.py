from .appointments import Appointment, DutyShift, HotlineCall, Slot
from .cases import CaseFile, CaseNote, NoteKind, Referral
from .screening import AnswerCode, Campaign, Consent, ConsentMethod, Submission, Tier, TierCount
from .setup import Center, Hospital, Staffing

__all__ = [
    "AnswerCode",
    "Appointment",
    "Campaign",
    "CaseFile",
    "CaseNote",
    "Center",
    "Consent",
    "ConsentMethod",
    "DutyShift",
    "Hospital",
    "HotlineCall",
    "NoteKind",
    "Referral",
    "Slot",
    "Staffing",
    "Submission",
    "Tier",
    "TierCount",
]
