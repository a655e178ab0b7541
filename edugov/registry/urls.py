from django.urls import path

from edugov.core.scoping import scoped_view
from edugov.org.models import Unit

from . import views, views_eval

app_name = "registry"
urlpatterns = [
    path("statistics/", views.StatisticsList.as_view(), name="stats_list"),
    path("statistics/export/", views.StatisticsExport.as_view(), name="stats_export"),
    path("statistics/import/", views.StatisticsImport.as_view(), name="stats_import"),
    path("statistics/new/", views.StatisticsEdit.as_view(), name="stats_create"),
    path(
        "statistics/open/<int:pk>/",
        views.statistics_open_year_view,
        name="stats_open_year",
    ),
    path("statistics/<int:pk>/", views.StatisticsDetail.as_view(), name="stats_detail"),
    path("statistics/<int:pk>/edit/", views.StatisticsEdit.as_view(), name="stats_edit"),
    path(
        "statistics/<int:pk>/submit/",
        views.statistics_submit_view,
        name="stats_submit",
    ),
    path(
        "statistics/<int:pk>/approve/",
        views.statistics_approve_view,
        name="stats_approve",
    ),
    path(
        "statistics/<int:pk>/return/",
        views.statistics_return_view,
        name="stats_return",
    ),
    path("status/", views.StatusList.as_view(), name="status_list"),
    path("status/export/", views.StatusExport.as_view(), name="status_export"),
    path("status/new/", views.StatusEdit.as_view(), name="status_create"),
    path("status/<int:pk>/edit/", views.StatusEdit.as_view(), name="status_edit"),
    path("alliances/", views.AllianceList.as_view(), name="alliance_list"),
    path("alliances/export/", views.AllianceExport.as_view(), name="alliance_export"),
    path("alliances/new/", views.AllianceEdit.as_view(), name="alliance_create"),
    path("alliances/<int:pk>/edit/", views.AllianceEdit.as_view(), name="alliance_edit"),
    path("population/", views.PopulationList.as_view(), name="population_list"),
    path("population/export/", views.PopulationExport.as_view(), name="population_export"),
    path("population/import/", views.PopulationImport.as_view(), name="population_import"),
    path("population/new/", views.PopulationEdit.as_view(), name="population_create"),
    path("population/<int:pk>/edit/", views.PopulationEdit.as_view(), name="population_edit"),
    path("targets/", views.TargetList.as_view(), name="target_list"),
    path("targets/export/", views.TargetExport.as_view(), name="target_export"),
    path("targets/new/", views.TargetEdit.as_view(), name="target_create"),
    path("targets/<int:pk>/edit/", views.TargetEdit.as_view(), name="target_edit"),
    # No row in the URL, so not an object_view; scoped_view puts it in the matrix.
    path(
        "evaluations/",
        scoped_view(Unit, "view")(views_eval.evaluation_index),
        name="evaluations",
    ),
    path(
        "evaluations/<int:pk>/kindergarten/",
        views_eval.KindergartenView.as_view(),
        name="kindergarten",
    ),
    path("evaluations/<int:pk>/youzhi/", views_eval.YouzhiView.as_view(), name="youzhi"),
    path("evaluations/<int:pk>/class-size/", views_eval.ClassSizeView.as_view(), name="classsize"),
    path("evaluations/<int:pk>/report/", views_eval.ReportView.as_view(), name="report"),
]
