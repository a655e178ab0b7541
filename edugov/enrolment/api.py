"""The enrolment API, read-only, on the pages' scope (``visible_to(user, "view")``: a
school its own, a district its schools', the city all; a parent, who has no ``view``,
none: they read their own on their pages):

- applications: the child's name and ID number masked, the date of birth and the
  parent's account left out; ``no-store``;
- catchments (by district: a school reads none, as on the import page), with their
  communities and schools;
- school plans, with their paired primaries and the results' publication;
- application documents' metadata: kind, size, time and the file name masked (it often
  holds the family's name); never the file or where it is stored; ``no-store``."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from edugov.core.privacy import NoStoreMixin
from edugov.engines.codes import mask_value

from .filters import ApplicationFilter, CatchmentFilter, DocumentFilter, SchoolPlanFilter
from .models import Application, ApplicationDocument, Catchment, SchoolPlan


class EnrolmentApplicationSerializer(ScopedModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "year",
            "stage",
            "school",
            "private",
            "catchment",
            "community",
            "child_name",
            "child_id",
            "category",
            "category_label",
            "status",
            "status_label",
            "reason",
            "placed_school",
            "assigned_at",
            "submitted_at",
        ]
        read_only_fields = fields


class ApplicationViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = Application.objects.all()
    serializer_class = EnrolmentApplicationSerializer
    filterset_class = ApplicationFilter


class CatchmentSerializer(ScopedModelSerializer):
    communities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Catchment
        fields = [
            "id",
            "district",
            "year",
            "name",
            "version",
            "published_at",
            "polygon",
            "schools",
            "communities",
        ]
        read_only_fields = fields


class CatchmentViewSet(ScopedReadOnlyViewSet):
    queryset = Catchment.objects.prefetch_related("schools", "communities")
    serializer_class = CatchmentSerializer
    filterset_class = CatchmentFilter


class SchoolPlanSerializer(ScopedModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = SchoolPlan
        fields = [
            "id",
            "school",
            "year",
            "stage",
            "stage_label",
            "seats",
            "private",
            "feeders",
            "draw",
            "results_published_at",
        ]
        read_only_fields = fields


class SchoolPlanViewSet(ScopedReadOnlyViewSet):
    queryset = SchoolPlan.objects.prefetch_related("feeders")
    serializer_class = SchoolPlanSerializer
    filterset_class = SchoolPlanFilter


class DocumentSerializer(ScopedModelSerializer):
    application_number = serializers.CharField(source="application.number", read_only=True)

    class Meta:
        model = ApplicationDocument
        fields = ["id", "application", "application_number", "kind", "name", "size", "uploaded_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["name"] = mask_value("text", instance.name)
        return data


class DocumentViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = ApplicationDocument.objects.select_related("application")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter


def register(router: BaseRouter) -> None:
    router.register("enrolment/applications", ApplicationViewSet, basename="enrolment-application")
    router.register("enrolment/catchments", CatchmentViewSet, basename="enrolment-catchment")
    router.register("enrolment/plans", SchoolPlanViewSet, basename="enrolment-plan")
    router.register("enrolment/documents", DocumentViewSet, basename="enrolment-document")
