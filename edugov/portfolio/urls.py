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
]
