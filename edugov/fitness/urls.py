from django.urls import path

from . import views

app_name = "fitness"
urlpatterns = [
    path("", views.ResultList.as_view(), name="result_list"),
    path("export/", views.ResultExport.as_view(), name="result_export"),
    path("import/", views.ResultImport.as_view(), name="result_import"),
    path("<int:pk>/", views.ResultDetail.as_view(), name="result_detail"),
    path("report/", views.report, name="report"),
]
