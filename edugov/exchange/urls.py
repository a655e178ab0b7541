from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path(
        "statistics/import/",
        views.StatisticsWorkbookImport.as_view(),
        name="statistics_import",
    ),
    path("roster/import/", views.RosterImport.as_view(), name="roster_import"),
]
