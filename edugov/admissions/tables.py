"""Tables of the admissions pages; the xlsx/CSV exports write the same columns (the
candidate's name masked through ``Candidate.personal_fields``)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.engines.codes import mask_value

from .models import (
    AdmissionSession,
    Candidate,
    CandidateResult,
    LotteryApplicant,
    LotteryDraw,
    Programme,
    ProgrammeCutoff,
    Run,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class MaskedColumn(tables.Column):
    """A personal column: masked, never sortable (ciphertext in the database)."""

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self.kind = kind

    def render(self, value):
        return mask_value(self.kind, value)


class PercentColumn(tables.Column):
    def render(self, value):
        return f"{value:.1%}"


class SessionTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = AdmissionSession
        fields = ("name", "year", "max_total", "bonus_cap", "max_choices")
        attrs = ATTRS


class CandidateTable(tables.Table):
    exam_number = tables.Column(linkify=True, verbose_name=_("exam number"))
    name = MaskedColumn("name", verbose_name=pgettext_lazy("person", "name"))
    junior_school = tables.Column(
        verbose_name=_("junior school"), order_by=("junior_school__code",)
    )

    class Meta:
        model = Candidate
        fields = ("exam_number", "name", "junior_school", "total", "bonus")
        attrs = ATTRS


class ProgrammeTable(tables.Table):
    class Meta:
        model = Programme
        fields = (
            "code",
            "name",
            "school",
            "sector",
            "category",
            "is_key",
            "open_seats",
            "min_score",
            "session",
        )
        attrs = ATTRS


class RunTable(tables.Table):
    name = tables.Column(linkify=True)
    placed = tables.Column(accessor="summary__placed", verbose_name=_("placed"), orderable=False)
    unplaced = tables.Column(
        accessor="summary__unplaced", verbose_name=_("unplaced"), orderable=False
    )

    class Meta:
        model = Run
        fields = ("name", "session", "status", "placed", "unplaced", "computed_at", "result_sha256")
        attrs = ATTRS


class ResultTable(tables.Table):
    exam_number = tables.Column(
        accessor="candidate__exam_number",
        verbose_name=_("exam number"),
        order_by=("candidate__exam_number",),
    )
    name = MaskedColumn(
        "name", accessor="candidate__name", verbose_name=pgettext_lazy("person", "name")
    )
    junior_school = tables.Column(
        accessor="candidate__junior_school",
        verbose_name=_("junior school"),
        order_by=("candidate__junior_school__code",),
    )
    programme = tables.Column(verbose_name=_("admitted to"), order_by=("programme__code",))

    class Meta:
        model = CandidateResult
        fields = (
            "run",
            "exam_number",
            "name",
            "junior_school",
            "score",
            "programme",
            "batch",
            "quota",
            "choice",
            "returned",
        )
        attrs = ATTRS
        order_by = ("-score",)


class CutoffTable(tables.Table):
    programme = tables.Column(verbose_name=_("programme"), order_by=("programme__code",))
    sector = tables.Column(accessor="programme__sector", verbose_name=_("sector"))
    fill_rate = PercentColumn(accessor="fill_rate", verbose_name=_("fill rate"), orderable=False)
    tie_break = tables.Column(
        accessor="tie_break_text", verbose_name=_("tie-break detail"), orderable=False
    )

    class Meta:
        model = ProgrammeCutoff
        fields = (
            "run",
            "batch",
            "programme",
            "sector",
            "quota",
            "seats",
            "admitted",
            "fill_rate",
            "cutoff_score",
            "tie_break",
            "cutoff_exam_number",
            "sent",
            "returned",
        )
        attrs = {**ATTRS, "data-testid": "cutoff-table"}

    def render_sector(self, record):
        return record.programme.get_sector_display()


class DrawTable(tables.Table):
    draw_name = tables.Column(linkify=True)

    class Meta:
        model = LotteryDraw
        fields = ("draw_name", "school", "year", "seats", "status", "applicant_list_sha256")
        attrs = ATTRS


class ApplicantTable(tables.Table):
    class Meta:
        model = LotteryApplicant
        fields = ("draw", "application_number", "priority_class", "rank", "admitted")
        attrs = ATTRS
