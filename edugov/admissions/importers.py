"""Two-phase imports of a session's inputs and of lottery applications.

Every file is validated whole before anything is written (core.io.importer): a score out
of range, an unknown school, a programme listed twice on one list, or more than K
choices is reported with its row and nothing is written. Messages never repeat a
candidate's name.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.core.crypto import blind_index
from edugov.core.io.cells import parse_bool, parse_count
from edugov.core.io.importer import CellError, Column, ColumnError, Importer
from edugov.core.io.registry import register_importer
from edugov.engines.codes import normalise_id_number
from edugov.org.models import Unit, UnitKind
from edugov.students.models import Student

from .models import (
    DEFAULT_SUBJECTS,
    PREFERENCE_LISTS,
    AdmissionSession,
    Candidate,
    DrawStatus,
    LotteryApplicant,
    LotteryDraw,
    Preference,
    Programme,
    Sector,
)
from .services import applicant_save, candidate_save, preference_save, programme_save


def _sector(text: str) -> str:
    key = text.strip().lower()
    found = {
        "public": Sector.PUBLIC,
        "公办": Sector.PUBLIC,
        "private": Sector.PRIVATE,
        "民办": Sector.PRIVATE,
    }
    if key not in found:
        raise CellError(_("expected 公办 or 民办"))
    return found[key]


def _list_name(text: str) -> str:
    names = {value for value, _label in PREFERENCE_LISTS}
    if text.strip() not in names:
        raise CellError(_("unknown list; expected 提前批, 指标到校, 统招 or 征集"))
    return text.strip()


class _SessionMixin:
    """Resolves the ``year`` column to the session of the importing user's city (the
    city their scope lies in: a district officer imports into her city's session),
    refusing a locked one."""

    def _session(self, year: int) -> AdmissionSession:
        cache = self.__dict__.setdefault("_sessions", {})
        if year not in cache:
            root = self.user.scope_root()
            # The session of the city above the importer: the one whose city is an
            # ancestor of (or is) her scope root.
            session = (
                AdmissionSession.objects.filter(year=year, city_id__in=root.ancestor_ids())
                .select_related("city")
                .first()
                if root is not None
                else None
            )
            cache[year] = (session, session is not None and session.is_locked())
        session, locked = cache[year]
        if session is None:
            raise ColumnError("year", _("no admission session for this year"))
        if locked:
            raise ColumnError("year", _("this session has a published run; its inputs are locked"))
        return session

    def _school(self, code: str, field: str) -> Unit:
        schools = self.__dict__.setdefault("_schools", None)
        if schools is None:
            schools = {u.code: u for u in Unit.objects.filter(kind=UnitKind.SCHOOL)}
            self._schools = schools
        unit = schools.get(code)
        if unit is None:
            raise ColumnError(field, _("unknown school"))
        return unit


def _number_index(values: dict[str, Any], *, pop: bool = False) -> str:
    """The blind index of a row's 学籍号, "" when the row has none."""
    raw = values.pop("student_number", "") if pop else values.get("student_number", "")
    number = normalise_id_number(str(raw or ""))
    return blind_index(number, "student_number") if number else ""


@register_importer("admissions.candidate")
class CandidateImporter(_SessionMixin, Importer):
    """One row per candidate, keyed by (year, exam number)."""

    model = Candidate
    key = ("exam_number", "session")
    title = gettext_lazy("中考 candidates")
    columns = [
        Column("year", gettext_lazy("year"), parse=parse_count, example="2026"),
        Column("exam_number", gettext_lazy("exam number"), example="2026010001"),
        Column("name", pgettext_lazy("person", "name"), required=False, example="张小明"),
        Column("junior_school_code", gettext_lazy("junior school code"), example="3136000002"),
        Column("total", gettext_lazy("total score"), parse=parse_count, example="612"),
        *[Column(s, s, required=False, parse=parse_count, example="90") for s in DEFAULT_SUBJECTS],
        Column(
            "bonus", gettext_lazy("bonus points"), required=False, parse=parse_count, example="0"
        ),
        Column(
            "flags",
            gettext_lazy("eligibility flags"),
            required=False,
            example="本市户籍",
            help=gettext_lazy("Separated by ;"),
        ),
        # 中考报名 carries the 学籍号: it links the candidate to the roll's student, whose
        # records derived flags read (综评达标, admissions/flag_sources.py).
        Column(
            "student_number",
            gettext_lazy("student number (学籍号)"),
            required=False,
            example="G360102200805040011",
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._students: dict[str, Student] = {}

    def resolve_chunk(self, values):
        # The roll's students by the 学籍号's blind index, a chunk at a time and among
        # those the importer may see (the number itself is encrypted).
        wanted = {_number_index(v) for v in values} - {""} - self._students.keys()
        if wanted:
            for s in Student.objects.visible_to(self.user, "view").filter(
                student_number_index__in=wanted
            ):
                self._students[s.student_number_index] = s

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        index = _number_index(values, pop=True)
        student = self._students.get(index) if index else None
        if index and student is None:
            raise ColumnError("student_number", _("no student with this number in your schools"))
        session = self._session(values["year"])
        junior = self._school(values["junior_school_code"], "junior_school_code")
        if junior.institution_type not in ("junior", "nine_year", "complete_secondary"):
            raise ColumnError("junior_school_code", _("not a school with junior grades"))
        scores = []
        for subject, top in zip(session.subjects, session.subject_max, strict=True):
            value = values.get(subject)
            if value is None:
                raise ColumnError(subject, _("a value is required"))
            if value > top:
                raise ColumnError(subject, _("out of range (0–%(max)s)") % {"max": top})
            scores.append(value)
        if values["total"] > session.max_total:
            raise ColumnError("total", _("out of range (0–%(max)s)") % {"max": session.max_total})
        if values["total"] != sum(scores):
            raise ColumnError("total", _("does not equal the sum of the subject scores"))
        bonus = values.get("bonus") or 0
        if bonus > session.max_bonus:
            raise ColumnError("bonus", _("out of range (0–%(max)s)") % {"max": session.max_bonus})
        bits = 0
        for name in filter(None, (f.strip() for f in (values.get("flags") or "").split(";"))):
            if name not in session.flags:
                raise ColumnError("flags", _("unknown flag"))
            bits |= 1 << session.flags.index(name)
        return {
            "session": session,
            "exam_number": values["exam_number"],
            "name": values.get("name") or "",
            "junior_school": junior,
            "total": values["total"],
            "scores": scores,
            "bonus": bonus,
            "flag_bits": bits,
            # A file without the column leaves a candidate's link as it was.
            **({"student": student} if student is not None else {}),
        }

    def save(self, instance: Candidate, created: bool) -> None:
        candidate_save(candidate=instance, audit=False)


@register_importer("admissions.programme")
class ProgrammeImporter(_SessionMixin, Importer):
    """One row per programme with its plan; 指标到校 allocations as
    ``junior school code:seats`` separated by ``;``."""

    model = Programme
    key = ("code", "session")
    title = gettext_lazy("Programmes and plans")
    columns = [
        Column("year", gettext_lazy("year"), parse=parse_count, example="2026"),
        Column("code", gettext_lazy("programme code"), example="3436000001"),
        Column("name", gettext_lazy("name"), example="南昌市第二中学"),
        Column("school_code", gettext_lazy("high school code"), example="3436000001"),
        Column("sector", gettext_lazy("sector"), parse=_sector, example="公办"),
        Column("category", gettext_lazy("category"), required=False, example="general"),
        Column(
            "is_key", gettext_lazy("key school"), required=False, parse=parse_bool, example="是"
        ),
        Column("open_seats", gettext_lazy("open seats"), parse=parse_count, example="400"),
        Column(
            "min_score",
            gettext_lazy("own minimum line"),
            required=False,
            parse=parse_count,
            example="",
        ),
        Column(
            "quotas",
            gettext_lazy("quota seats"),
            required=False,
            example="3136000002:5;3136000004:3",
            help=gettext_lazy("junior school code:seats, separated by ;"),
        ),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._quotas: dict[tuple[int, str], dict[Unit, int]] = {}

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        session = self._session(values["year"])
        school = self._school(values["school_code"], "school_code")
        quotas: dict[Unit, int] = {}
        for part in filter(None, (p.strip() for p in (values.get("quotas") or "").split(";"))):
            code, _sep, seats = part.partition(":")
            try:
                n = int(seats)
            except ValueError:
                raise ColumnError("quotas", _("expected junior school code:seats"))
            unit = self._school(code.strip(), "quotas")
            if unit in quotas or n < 0:
                raise ColumnError("quotas", _("a junior school is listed twice"))
            quotas[unit] = n
        self._quotas[(session.pk, values["code"])] = quotas
        return {
            "session": session,
            "code": values["code"],
            "name": values["name"],
            "school": school,
            "sector": values["sector"],
            "category": values.get("category") or "general",
            "is_key": bool(values.get("is_key")),
            "open_seats": values["open_seats"],
            "min_score": values.get("min_score") or 0,
        }

    def save(self, instance: Programme, created: bool) -> None:
        programme_save(programme=instance, audit=False)

    def write_chunk(self, rows):
        super().write_chunk(rows)
        # Quotas are rows of their own: apply them for unchanged programmes too.
        for row in rows:
            p = row.instance
            programme_save(
                programme=p, quotas=self._quotas.pop((p.session_id, p.code)), audit=False
            )


@register_importer("admissions.preference")
class PreferenceImporter(_SessionMixin, Importer):
    """One row per choice: (year, exam number, list, rank) → programme code."""

    model = Preference
    key = ("candidate", "batch", "rank")
    title = gettext_lazy("Preferences")
    columns = [
        Column("year", gettext_lazy("year"), parse=parse_count, example="2026"),
        Column("exam_number", gettext_lazy("exam number"), example="2026010001"),
        Column("batch", gettext_lazy("list"), parse=_list_name, example="统招"),
        Column("rank", gettext_lazy("rank"), parse=parse_count, example="1"),
        Column("programme_code", gettext_lazy("programme code"), example="3436000001"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._candidates: dict[int, dict[str, Candidate]] = {}
        self._programmes: dict[int, dict[str, Programme]] = {}
        self._listed: dict[tuple[int, str, int], int] = {}  # (candidate, list, programme) → row
        self._stored: dict[int, dict[tuple[int, str, int], int]] = {}  # per session

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        session = self._session(values["year"])
        if session.pk not in self._candidates:
            self._candidates[session.pk] = {
                c.exam_number: c
                for c in Candidate.objects.filter(session=session).select_related("session")
            }
            self._programmes[session.pk] = {
                p.code: p for p in Programme.objects.filter(session=session)
            }
        candidate = self._candidates[session.pk].get(values["exam_number"])
        if candidate is None:
            raise ColumnError("exam_number", _("unknown candidate"))
        programme = self._programmes[session.pk].get(values["programme_code"])
        if programme is None:
            raise ColumnError("programme_code", _("unknown programme"))
        if not 1 <= values["rank"] <= session.max_choices:
            raise ColumnError(
                "rank",
                _("more than %(k)s choices on one list") % {"k": session.max_choices},
            )
        key = (candidate.pk, values["batch"], programme.pk)
        if key in self._listed:
            raise ColumnError(
                "programme_code",
                _("duplicate preference: the same programme is on row %(row)s")
                % {"row": self._listed[key]},
            )
        self._listed[key] = row
        stored = self._stored_choices(session)
        if stored.get(key, values["rank"]) != values["rank"]:
            raise ColumnError(
                "programme_code", _("duplicate preference: already listed at another rank")
            )
        return {
            "candidate": candidate,
            "batch": values["batch"],
            "rank": values["rank"],
            "programme": programme,
        }

    def _stored_choices(self, session: AdmissionSession) -> dict[tuple[int, str, int], int]:
        # Per session: a file may hold several years, and a choice stored in one year's
        # session must not hide (or stand in for) another's.
        if session.pk not in self._stored:
            self._stored[session.pk] = {
                (c, b, p): r
                for c, b, p, r in Preference.objects.filter(candidate__session=session).values_list(
                    "candidate_id", "batch", "programme_id", "rank"
                )
            }
        return self._stored[session.pk]

    def save(self, instance: Preference, created: bool) -> None:
        preference_save(preference=instance, audit=False)


@register_importer("admissions.lotteryapplicant")
class LotteryApplicantImporter(Importer):
    """Applications to an oversubscribed school: (year, school code, application number,
    priority class). Only while the school's draw is open."""

    model = LotteryApplicant
    key = ("application_number", "draw")
    title = gettext_lazy("Lottery applications")
    columns = [
        Column("year", gettext_lazy("year"), parse=parse_count, example="2026"),
        Column("school_code", gettext_lazy("school code"), example="3136000010"),
        Column("application_number", gettext_lazy("application number"), example="A0001"),
        Column("priority_class", gettext_lazy("priority class"), parse=parse_count, example="1"),
    ]

    def __init__(self, user):
        super().__init__(user)
        self._draws: dict[tuple[int, str], LotteryDraw | None] = {}

    def resolve(self, values: dict[str, Any], row: int) -> dict[str, Any]:
        # One query per (year, school) of the file, not one per application.
        key = (values["year"], values["school_code"])
        if key not in self._draws:
            self._draws[key] = LotteryDraw.objects.filter(year=key[0], school__code=key[1]).first()
        draw = self._draws[key]
        if draw is None:
            raise ColumnError("school_code", _("no lottery draw for this school and year"))
        if draw.status != DrawStatus.OPEN:
            raise ColumnError("school_code", _("applications to this draw are closed"))
        return {
            "draw": draw,
            "application_number": values["application_number"],
            "priority_class": values["priority_class"],
        }

    def save(self, instance: LotteryApplicant, created: bool) -> None:
        applicant_save(applicant=instance, audit=False)
