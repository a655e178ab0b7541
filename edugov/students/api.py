"""REST API for students: the page's scope and filter, personal fields masked on the way
out (write them in clear; they are never read back in clear), ``no-store``."""

from rest_framework import serializers
from rest_framework.exceptions import Throttled

from edugov.core.api import ScopedModelSerializer, ScopedModelViewSet
from edugov.core.privacy import NoStoreMixin

from .filters import StudentFilter
from .models import Student
from .services import (
    DUPLICATE_LIMIT_MESSAGE,
    TooManyDuplicates,
    student_create,
    student_duplicates,
    student_update,
)


class MaskedStudentSerializer(ScopedModelSerializer):
    under_14 = serializers.BooleanField(source="is_minor_under_14", read_only=True)

    class Meta:
        model = Student
        fields = [
            "id",
            "school",
            "student_number",
            "name",
            "id_number",
            "birth_date",
            "sex",
            "grade",
            "class_name",
            "guardian_name",
            "guardian_phone",
            "home_address",
            "status",
            "under_14",
        ]

    def validate(self, attrs):
        # The same audited, rate-limited duplicate check as the form, before the save's
        # transaction (whose rollback would take the audit event with it).
        attrs = super().validate(attrs)
        instance = self.instance

        def value(name: str) -> str:
            return attrs.get(name, getattr(instance, name, "") if instance else "") or ""

        try:
            hits = student_duplicates(
                user=self.context["request"].user,
                student_number=value("student_number"),
                id_number=value("id_number"),
                exclude_pk=instance.pk if instance else None,
            )
        except TooManyDuplicates:
            raise Throttled(detail=str(DUPLICATE_LIMIT_MESSAGE))
        if hits:
            raise serializers.ValidationError(hits)
        return attrs


class StudentViewSet(NoStoreMixin, ScopedModelViewSet):
    """Students on the rolls of schools in the caller's scope (masked)."""

    queryset = Student.objects.select_related("school")
    serializer_class = MaskedStudentSerializer
    filterset_class = StudentFilter
    ordering_fields = ["grade", "class_name", "id"]
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        if before is None:
            return student_create(student=instance)
        return student_update(student=instance, before=before)
