"""The enrolment API: applications, read-only, on the page's scope and filter (a school
its own, a district its schools', the city all; a parent, who has no ``view``, none:
they read their own on their pages). The child's name and ID number are masked on the
way out, the date of birth and the parent's account are left out; ``no-store``."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from edugov.core.privacy import NoStoreMixin

from .filters import ApplicationFilter
from .models import Application


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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for field in Application.personal_fields:
            data[field] = instance.masked(field)
        return data


class ApplicationViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = Application.objects.all()
    serializer_class = EnrolmentApplicationSerializer
    filterset_class = ApplicationFilter


def register(router: BaseRouter) -> None:
    router.register("enrolment/applications", ApplicationViewSet, basename="enrolment-application")
