import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.core.views import ScopedListView

from .models import AuditEvent, Outcome
from .services import audit_record


class AuditFilter(django_filters.FilterSet):
    actor_username = django_filters.CharFilter(label=_("username"), lookup_expr="iexact")
    event_type = django_filters.CharFilter(label=_("event"), lookup_expr="startswith")
    object_type = django_filters.CharFilter(label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    request_id = django_filters.CharFilter(label=_("request id"))
    after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("from")
    )
    before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("to")
    )

    class Meta:
        model = AuditEvent
        fields = [
            "actor_username",
            "event_type",
            "object_type",
            "object_id",
            "outcome",
            "request_id",
            "after",
            "before",
        ]


class AuditTable(tables.Table):
    class Meta:
        model = AuditEvent
        fields = (
            "seq",
            "occurred_at",
            "actor_username",
            "actor_roles",
            "actor_unit",
            "ip",
            "event_type",
            "object_type",
            "object_id",
            "object_repr",
            "outcome",
            "changes",
            "request_id",
        )
        attrs = {"class": "table table-sm table-hover align-middle small"}
        order_by = ("-seq",)


class AuditList(ScopedListView):
    model = AuditEvent
    empty_hint = _("Every change and access writes an event here.")
    table_class = AuditTable
    filterset_class = AuditFilter
    title = _("Audit log")
    export_url_name = "audit:export"

    def get(self, request, *args, **kwargs):
        # Reading the audit log is itself audited (等保 2.0 §8.1.4.3).
        audit_record(
            "audit.query",
            object_type="audit.auditevent",
            changes={"filter": request.GET.urlencode()},
        )
        return super().get(request, *args, **kwargs)


AuditExport = AuditList.export_view("audit")
