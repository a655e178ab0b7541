"""URL conf: each app keeps its own explicit urls.py; the API router lists viewsets."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from edugov.academics import api as academics_api
from edugov.accounts.token_views import ObtainToken
from edugov.admissions import api as admissions_api
from edugov.casework import api as casework_api
from edugov.enrolment import api as enrolment_api
from edugov.org.api import UnitViewSet
from edugov.projects import api as projects_api
from edugov.registry import api as registry_api
from edugov.students.api import StudentViewSet
from edugov.training import api as training_api
from edugov.wellbeing import api as wellbeing_api
from edugov.workplan import api as workplan_api

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("students", StudentViewSet, basename="student")
for module in (
    registry_api,
    workplan_api,
    admissions_api,
    academics_api,
    casework_api,
    training_api,
    wellbeing_api,
    enrolment_api,
    projects_api,
):
    module.register(router)

# 教师队伍 (issue 21)
from edugov.teachers import api as teachers_api  # noqa: E402

teachers_api.register(router)

# The modules built on the casework loop, and fitness (their APIs, read-only).
from edugov.fitness import api as fitness_api  # noqa: E402
from edugov.hotline import api as hotline_api  # noqa: E402
from edugov.inspection import api as inspection_api  # noqa: E402
from edugov.private import api as private_api  # noqa: E402
from edugov.proposals import api as proposals_api  # noqa: E402
from edugov.safety import api as safety_api  # noqa: E402

for module in (private_api, safety_api, hotline_api, proposals_api, inspection_api, fitness_api):
    module.register(router)

# 项目/活动 registry and 党建 (issue 23 §3)
from edugov.programmes import api as programmes_api  # noqa: E402

programmes_api.register(router)

urlpatterns = [
    path("", include("edugov.core.urls")),
    path("accounts/", include("edugov.accounts.urls")),
    path("org/", include("edugov.org.urls")),
    path("students/", include("edugov.students.urls")),
    path("registry/", include("edugov.registry.urls")),
    path("workplan/", include("edugov.workplan.urls")),
    path("admissions/", include("edugov.admissions.urls")),
    path("academics/", include("edugov.academics.urls")),
    path("audit/", include("edugov.audit.urls")),
    path("jobs/", include("edugov.jobs.urls")),
    path("casework/", include("edugov.casework.urls")),
    path("proposals/", include("edugov.proposals.urls")),
    path("hotline/", include("edugov.hotline.urls")),
    path("inspection/", include("edugov.inspection.urls")),
    path("exchange/", include("edugov.exchange.urls")),
    path("training/", include("edugov.training.urls")),
    path("private/", include("edugov.private.urls")),
    path("safety/", include("edugov.safety.urls")),
    path("wellbeing/", include("edugov.wellbeing.urls")),
    path("enrolment/", include("edugov.enrolment.urls")),
    path("fitness/", include("edugov.fitness.urls")),
    path("projects/", include("edugov.projects.urls")),
    path("teachers/", include("edugov.teachers.urls")),
    path("portfolio/", include("edugov.portfolio.urls")),
    path("programmes/", include("edugov.programmes.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/token/", ObtainToken.as_view(), name="api-token"),
    path("api/openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("api/docs", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(router.urls)),
]

# Operations (issue 25): health for the load balancer, metrics for Prometheus; both
# public to the login middleware and guarded in edugov/ops (docs/security.md).
urlpatterns += [path("ops/", include("edugov.ops.urls"))]
