from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path(
        "statistics/import/",
        views.StatisticsWorkbookImport.as_view(),
        name="statistics_import",
    ),
]
