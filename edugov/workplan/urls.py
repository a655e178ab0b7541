from django.urls import path

from edugov.core.scoping import scoped_view
from edugov.jobs.models import Job

from .views import plans, tasks

app_name = "workplan"
urlpatterns = [
    path("", plans.PlanList.as_view(), name="plan_list"),
    path("plans/upload/", plans.PlanUpload.as_view(), name="plan_upload"),
    path(
        "plans/<int:pk>/review/",
        plans.plan_review,
        name="plan_review",
    ),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/settings/", plans.PlanSettings.as_view(), name="plan_settings"),
    path(
        "plans/<int:pk>/report/<str:kind>/",
        plans.plan_report_start,
        name="plan_report",
    ),
    # Not an object_view: the owner-or-scope lookup of a Job, as in jobs.views.job_detail.
    path("report-jobs/<int:pk>/", scoped_view(Job, "view")(plans.report_job), name="report_job"),
    path("areas/<int:pk>/", plans.AreaDetail.as_view(), name="area_detail"),
    path("points/<int:pk>/", plans.PointDetail.as_view(), name="point_detail"),
    path("tasks/", tasks.TaskList.as_view(), name="task_list"),
    path("tasks/export/", tasks.TaskExport.as_view(), name="task_export"),
    path("tasks/import/", tasks.TaskImport.as_view(), name="task_import"),
    path("tasks/new/", tasks.TaskEdit.as_view(), name="task_create"),
    path("tasks/<int:pk>/", tasks.TaskDetail.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.TaskEdit.as_view(), name="task_edit"),
    path("tasks/<int:pk>/done/", tasks.task_done, name="task_done"),
    path(
        "tasks/<int:pk>/strike-off/",
        tasks.task_strike_off,
        name="task_strike_off",
    ),
    path(
        "tasks/<int:pk>/add/<str:what>/",
        tasks.task_add_item,
        name="task_add_item",
    ),
    path("tasks/<int:pk>/report/", tasks.task_report, name="task_report"),
    path(
        "tasks/<int:pk>/notice/",
        tasks.notice_issue_view,
        name="notice_issue",
    ),
    path("reports/", tasks.ReportList.as_view(), name="report_list"),
    path("reports/export/", tasks.ReportExport.as_view(), name="report_export"),
    path("reports/<int:pk>/", tasks.ReportDetail.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/review/",
        tasks.report_review_view,
        name="report_review",
    ),
    path(
        "evidence/<int:pk>/",
        tasks.evidence_download,
        name="evidence_download",
    ),
    path("notices/", tasks.NoticeList.as_view(), name="notice_list"),
    path("notices/export/", tasks.NoticeExport.as_view(), name="notice_export"),
    path("notices/<int:pk>/", tasks.NoticeDetail.as_view(), name="notice_detail"),
    path("notices/<int:pk>/respond/", tasks.notice_respond_view, name="notice_respond"),
    path("notices/<int:pk>/close/", tasks.notice_close_view, name="notice_close"),
]
