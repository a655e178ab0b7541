from django.urls import path

from . import report_views, views

app_name = "academics"
urlpatterns = [
    path("", views.ExamList.as_view(), name="exam_list"),
    path("export/", views.ExamExport.as_view(), name="exam_export"),
    path("new/", views.ExamEdit.as_view(), name="exam_create"),
    path("<int:pk>/", views.ExamDetail.as_view(), name="exam_detail"),
    path("<int:pk>/edit/", views.ExamEdit.as_view(), name="exam_edit"),
    path(
        "<int:pk>/import/",
        views.exam_import,
        name="exam_import",
    ),
    path(
        "<int:pk>/analyse/",
        views.exam_analyse_start,
        name="exam_analyse",
    ),
    path(
        "<int:pk>/clear/",
        views.exam_clear,
        name="exam_clear",
    ),
    path(
        "<int:pk>/value-added/",
        report_views.exam_value_added,
        name="exam_value_added",
    ),
    path("results/", report_views.ResultList.as_view(), name="result_list"),
    path("results/export/", report_views.ResultExport.as_view(), name="result_export"),
    path("results/<int:pk>/", report_views.ResultDetail.as_view(), name="result_detail"),
    path(
        "results/<int:pk>/bands/",
        report_views.result_bands,
        name="result_bands",
    ),
    path(
        "results/<int:pk>/items/",
        report_views.result_items,
        name="result_items",
    ),
    path(
        "results/<int:pk>/trend/",
        report_views.result_trend,
        name="result_trend",
    ),
    path("value-added/", report_views.ValueAddedList.as_view(), name="value_added_list"),
    path(
        "value-added/export/",
        report_views.ValueAddedExport.as_view(),
        name="value_added_export",
    ),
    path("candidates/", views.CandidateList.as_view(), name="candidate_list"),
    path("candidates/export/", views.CandidateExport.as_view(), name="candidate_export"),
    path("candidates/<int:pk>/", views.CandidateDetail.as_view(), name="candidate_detail"),
]
