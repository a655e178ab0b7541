"""The 12345 API: work orders, read-only (they come in through the platform's import and
move on the casework loop), with the list page's filter and the same scoping. The caller's
name and number leave masked (``personal_fields``): unmasking is a page's audited action."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer
from edugov.core.privacy import NoStoreMixin

from .filters import OrderFilter
from .models import HotlineOrder


class OrderViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = HotlineOrder.objects.select_related("unit", "case")
    serializer_class = read_only_serializer(
        HotlineOrder,
        [
            "id",
            "unit",
            "case",
            "platform_no",
            "received_at",
            "order_type",
            "topic",
            "channel",
            "content",
            "area_text",
            "district",
            "school",
            "caller_name",
            "caller_phone",
        ],
    )
    filterset_class = OrderFilter


def register(router: BaseRouter) -> None:
    router.register("hotline/orders", OrderViewSet, basename="hotline-order")
