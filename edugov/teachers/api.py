"""The teachers API, read-only: the registry (personal fields masked on the way out,
``no-store``), approved posts and rotation plans, with the list pages' filters and the
same scoping. Writes come in through the importers and the services."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from edugov.core.privacy import NoStoreMixin
from edugov.engines.codes import mask_value

from .filters import PlanFilter, PostFilter, TeacherFilter
from .models import ApprovedPost, RotationPlan, Teacher
from .selectors import posts_with_balance


class TeacherSerializer(ScopedModelSerializer):
    years = serializers.IntegerField(read_only=True)

    class Meta:
        model = Teacher
        fields = [
            "id",
            "school",
            "name",
            "id_number",
            "sex",
            "post_type",
            "subject",
            "other_subjects",
            "title",
            "backbone",
            "qualification",
            "joined_school_on",
            "years",
            "status",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name, kind in Teacher.personal_fields.items():
            data[name] = mask_value(kind, data[name])
        return data


class TeacherViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    """Teachers of the schools in the caller's scope (masked)."""

    queryset = Teacher.objects.select_related("school")
    serializer_class = TeacherSerializer
    filterset_class = TeacherFilter


class ApprovedPostSerializer(ScopedModelSerializer):
    teachers = serializers.IntegerField(read_only=True)

    class Meta:
        model = ApprovedPost
        fields = ["id", "school", "year", "subject", "posts", "teachers"]
        read_only_fields = fields


class ApprovedPostViewSet(ScopedReadOnlyViewSet):
    queryset = ApprovedPost.objects.all()
    serializer_class = ApprovedPostSerializer
    filterset_class = PostFilter

    def get_queryset(self):
        return posts_with_balance(super().get_queryset())


class RotationPlanSerializer(ScopedModelSerializer):
    class Meta:
        model = RotationPlan
        fields = [
            "id",
            "district",
            "year",
            "status",
            "min_years",
            "quota_percent",
            "backbone_percent",
            "max_km",
            "report",
            "published_at",
        ]
        read_only_fields = fields


class RotationPlanViewSet(ScopedReadOnlyViewSet):
    queryset = RotationPlan.objects.all()
    serializer_class = RotationPlanSerializer
    filterset_class = PlanFilter


def register(router: BaseRouter) -> None:
    router.register("teachers/teachers", TeacherViewSet, basename="teachers-teacher")
    router.register("teachers/posts", ApprovedPostViewSet, basename="teachers-post")
    router.register("teachers/plans", RotationPlanViewSet, basename="teachers-plan")
