"""The admissions API: read-only viewsets on the page's scope and filters; candidates'
names masked on the way out (``personal_fields``, by the base serializer), ``no-store``. Runs are written through the pages, where the
batch configuration, the background job and publishing live."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer
from edugov.core.privacy import NoStoreMixin

from .filters import (
    ApplicantFilter,
    CandidateFilter,
    CutoffFilter,
    DrawFilter,
    ProgrammeFilter,
    ResultFilter,
    RunFilter,
)
from .models import (
    Candidate,
    CandidateResult,
    LotteryApplicant,
    LotteryDraw,
    Programme,
    ProgrammeCutoff,
    Run,
)

AdmissionCandidateSerializer = read_only_serializer(
    Candidate,
    ["id", "session", "exam_number", "name", "junior_school", "total", "scores", "bonus"],
    name="AdmissionCandidateSerializer",
)
AdmissionProgrammeSerializer = read_only_serializer(
    Programme,
    ["id", "session", "school", "code", "name", "sector", "category", "is_key", "open_seats",
     "min_score", "ratio_permille"],
    name="AdmissionProgrammeSerializer",
)  # fmt: skip
AdmissionRunSerializer = read_only_serializer(
    Run,
    ["id", "session", "name", "status", "config", "engine_version", "inputs_sha256",
     "config_sha256", "result_sha256", "summary", "computed_at", "published_at"],
    name="AdmissionRunSerializer",
)  # fmt: skip
AdmissionResultSerializer = read_only_serializer(
    CandidateResult,
    ["id", "run", "exam_number", "programme", "batch", "quota", "choice", "score"],
    exam_number=serializers.CharField(source="candidate.exam_number", read_only=True),
    name="AdmissionResultSerializer",
)
AdmissionCutoffSerializer = read_only_serializer(
    ProgrammeCutoff,
    ["id", "run", "batch", "programme", "quota", "seats", "admitted", "cutoff_score",
     "cutoff_exam_number", "tie_break"],
    name="AdmissionCutoffSerializer",
)  # fmt: skip
LotteryDrawSerializer = read_only_serializer(
    LotteryDraw,
    ["id", "school", "year", "draw_name", "seats", "status", "applicant_list_sha256",
     "public_number", "seed_hex"],
    name="LotteryDrawSerializer",
)  # fmt: skip
LotteryApplicantSerializer = read_only_serializer(
    LotteryApplicant,
    ["id", "draw", "application_number", "priority_class", "rank", "admitted"],
    name="LotteryApplicantSerializer",
)


class CandidateViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    """中考 candidates of junior schools in the caller's scope (names masked)."""

    queryset = Candidate.objects.all()
    serializer_class = AdmissionCandidateSerializer
    filterset_class = CandidateFilter


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    queryset = Programme.objects.all()
    filterset_class = ProgrammeFilter
    serializer_class = AdmissionProgrammeSerializer


class RunViewSet(ScopedReadOnlyViewSet):
    """Admission runs with their audit record and summary."""

    queryset = Run.objects.all()
    filterset_class = RunFilter
    serializer_class = AdmissionRunSerializer


class ResultViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = CandidateResult.objects.select_related("candidate")
    filterset_class = ResultFilter
    serializer_class = AdmissionResultSerializer


class CutoffViewSet(ScopedReadOnlyViewSet):
    queryset = ProgrammeCutoff.objects.all()
    filterset_class = CutoffFilter
    serializer_class = AdmissionCutoffSerializer


class DrawViewSet(ScopedReadOnlyViewSet):
    queryset = LotteryDraw.objects.all()
    filterset_class = DrawFilter
    serializer_class = LotteryDrawSerializer


class ApplicantViewSet(ScopedReadOnlyViewSet):
    queryset = LotteryApplicant.objects.all()
    filterset_class = ApplicantFilter
    serializer_class = LotteryApplicantSerializer


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("admissions/candidates", CandidateViewSet, basename="admissions-candidate")
    router.register("admissions/programmes", ProgrammeViewSet, basename="admissions-programme")
    router.register("admissions/runs", RunViewSet, basename="admissions-run")
    router.register("admissions/results", ResultViewSet, basename="admissions-result")
    router.register("admissions/cutoffs", CutoffViewSet, basename="admissions-cutoff")
    router.register("admissions/lottery-draws", DrawViewSet, basename="admissions-draw")
    router.register(
        "admissions/lottery-applicants", ApplicantViewSet, basename="admissions-applicant"
    )
