"""The academics API: read-only viewsets on the project router (see edugov/urls.py).

Exams are written through the pages (the subject layout fixes the packed marks), scores
through the import job; the API reads what the user's scope allows. Candidates'
学籍号 are masked and their responses are ``no-store``."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from edugov.core.privacy import NoStoreMixin
from edugov.engines.codes import mask_value

from .filters import CandidateFilter, ExamFilter, ResultFilter, ValueAddedFilter
from .models import Candidate, Exam, UnitResult, ValueAddedResult
from .reports import candidate_view


class SubjectSerializer(serializers.Serializer):
    name = serializers.CharField()
    full_marks = serializers.DecimalField(max_digits=5, decimal_places=1)
    half_marks = serializers.BooleanField()


class ExamSerializer(ScopedModelSerializer):
    subjects = SubjectSerializer(many=True, read_only=True)

    class Meta:
        model = Exam
        fields = [
            "id",
            "name",
            "date",
            "grade",
            "owner",
            "status",
            "candidate_count",
            "pass_fraction",
            "excellent_fraction",
            "total_policy",
            "prior",
            "analysed_at",
            "subjects",
        ]


class ResultSerializer(ScopedModelSerializer):
    columns = serializers.SerializerMethodField()

    class Meta:
        model = UnitResult
        fields = [
            "id",
            "exam",
            "level",
            "unit",
            "class_name",
            "candidates",
            "mean_total",
            "city_rank",
            "district_rank",
            "columns",
            "stats",
        ]

    def get_columns(self, obj) -> list[str]:
        return obj.exam.columns()


class ValueAddedSerializer(ScopedModelSerializer):
    class Meta:
        model = ValueAddedResult
        fields = [
            "id",
            "exam",
            "prior",
            "level",
            "unit",
            "class_name",
            "n",
            "mean",
            "ci_low",
            "ci_high",
            "slope",
            "intercept",
            "r2",
        ]


class CandidateSerializer(ScopedModelSerializer):
    results = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = ["id", "exam", "exam_no", "student_number", "school", "class_name", "results"]

    def get_results(self, obj) -> list[dict]:
        return candidate_view(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["student_number"] = mask_value("id", data["student_number"])
        return data


class ExamViewSet(ScopedReadOnlyViewSet):
    queryset = Exam.objects.select_related("owner").prefetch_related("subjects")
    serializer_class = ExamSerializer
    filterset_class = ExamFilter


class ResultViewSet(ScopedReadOnlyViewSet):
    queryset = UnitResult.objects.select_related("exam").prefetch_related("exam__subjects")
    serializer_class = ResultSerializer
    filterset_class = ResultFilter


class ValueAddedViewSet(ScopedReadOnlyViewSet):
    queryset = ValueAddedResult.objects.all()
    serializer_class = ValueAddedSerializer
    filterset_class = ValueAddedFilter


class CandidateViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = Candidate.objects.select_related("exam").prefetch_related("exam__subjects")
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("academics/exams", ExamViewSet, basename="academics-exam")
    router.register("academics/results", ResultViewSet, basename="academics-result")
    router.register("academics/value-added", ValueAddedViewSet, basename="academics-valueadded")
    router.register("academics/candidates", CandidateViewSet, basename="academics-candidate")
