"""Operations endpoints: health for the load balancer, metrics for Prometheus. Both
answer without a session (settings.EDUGOV_PUBLIC_URL_NAMES) and guard themselves:
edugov/ops/health.py, edugov/ops/metrics.py."""

from django.urls import path

from . import health, metrics

app_name = "ops"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("metrics", metrics.metrics, name="metrics"),
]
