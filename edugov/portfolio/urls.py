from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.RecordList.as_view(), name="record_list"),
    path("export/", views.RecordExport.as_view(), name="record_export"),
    path("import/", views.RecordImport.as_view(), name="record_import"),
    path("new/", views.RecordCreate.as_view(), name="record_create"),
    path("counts/", views.record_counts, name="counts"),
    path("<int:pk>/", views.RecordDetail.as_view(), name="record_detail"),
    path("<int:pk>/edit/", views.RecordEdit.as_view(), name="record_edit"),
    path("<int:pk>/publish/", views.record_publish, name="record_publish"),
    path("<int:pk>/sign-off/", views.record_sign_off, name="record_sign_off"),
    path("<int:pk>/object/", views.record_object, name="record_object"),
    path("<int:pk>/withdraw/", views.record_withdraw, name="record_withdraw"),
    path("<int:pk>/summary.docx", views.summary_docx, name="summary_docx"),
    path("activities/", views.ActivityList.as_view(), name="activity_list"),
    path("activities/export/", views.ActivityExport.as_view(), name="activity_export"),
    path("activities/import/", views.ActivityImport.as_view(), name="activity_import"),
    path("activities/new/", views.ActivityCreate.as_view(), name="activity_create"),
    path("activities/<int:pk>/edit/", views.ActivityEdit.as_view(), name="activity_edit"),
]
