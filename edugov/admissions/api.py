"""The admissions API: read-only viewsets on the page's scope and filters; candidates'
names masked on the way out, ``no-store``. Runs are written through the pages, where the
batch configuration, the background job and publishing live."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelViewSet
from edugov.core.privacy import NoStoreMixin
from edugov.engines.codes import mask_value

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


class ReadOnlyScoped(ScopedModelViewSet):
    http_method_names = ["get", "head", "options"]


class AdmissionCandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "session",
            "exam_number",
            "name",
            "junior_school",
            "total",
            "scores",
            "bonus",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["name"] = mask_value("name", data["name"]) if data["name"] else ""
        return data


class CandidateViewSet(NoStoreMixin, ReadOnlyScoped):
    """中考 candidates of junior schools in the caller's scope (names masked)."""

    queryset = Candidate.objects.all()
    serializer_class = AdmissionCandidateSerializer
    filterset_class = CandidateFilter


class AdmissionProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "session",
            "school",
            "code",
            "name",
            "sector",
            "category",
            "is_key",
            "open_seats",
            "min_score",
            "ratio_permille",
        ]


class ProgrammeViewSet(ReadOnlyScoped):
    queryset = Programme.objects.all()
    filterset_class = ProgrammeFilter
    serializer_class = AdmissionProgrammeSerializer


class AdmissionRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = Run
        fields = [
            "id",
            "session",
            "name",
            "status",
            "config",
            "engine_version",
            "inputs_sha256",
            "config_sha256",
            "result_sha256",
            "summary",
            "computed_at",
            "published_at",
        ]


class RunViewSet(ReadOnlyScoped):
    """Admission runs with their audit record and summary."""

    queryset = Run.objects.all()
    filterset_class = RunFilter
    serializer_class = AdmissionRunSerializer


class AdmissionResultSerializer(serializers.ModelSerializer):
    exam_number = serializers.CharField(source="candidate.exam_number", read_only=True)

    class Meta:
        model = CandidateResult
        fields = ["id", "run", "exam_number", "programme", "batch", "quota", "choice", "score"]


class ResultViewSet(NoStoreMixin, ReadOnlyScoped):
    queryset = CandidateResult.objects.select_related("candidate")
    filterset_class = ResultFilter
    serializer_class = AdmissionResultSerializer


class AdmissionCutoffSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeCutoff
        fields = [
            "id",
            "run",
            "batch",
            "programme",
            "quota",
            "seats",
            "admitted",
            "cutoff_score",
            "cutoff_exam_number",
            "tie_break",
        ]


class CutoffViewSet(ReadOnlyScoped):
    queryset = ProgrammeCutoff.objects.all()
    filterset_class = CutoffFilter
    serializer_class = AdmissionCutoffSerializer


class LotteryDrawSerializer(serializers.ModelSerializer):
    class Meta:
        model = LotteryDraw
        fields = [
            "id",
            "school",
            "year",
            "draw_name",
            "seats",
            "status",
            "applicant_list_sha256",
            "public_number",
            "seed_hex",
        ]


class DrawViewSet(ReadOnlyScoped):
    queryset = LotteryDraw.objects.all()
    filterset_class = DrawFilter
    serializer_class = LotteryDrawSerializer


class LotteryApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = LotteryApplicant
        fields = ["id", "draw", "application_number", "priority_class", "rank", "admitted"]


class ApplicantViewSet(ReadOnlyScoped):
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
