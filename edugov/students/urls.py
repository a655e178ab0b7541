from django.urls import path

from . import autocomplete, class_views, views

app_name = "students"
urlpatterns = [
    # The student picker (issue 25): core/autocomplete.py
    path("autocomplete/", autocomplete.StudentAutocomplete.as_view(), name="autocomplete"),
    path("", views.StudentList.as_view(), name="student_list"),
    path("export/", views.StudentExport.as_view(), name="student_export"),
    path("import/", views.StudentImport.as_view(), name="student_import"),
    path("new/", views.StudentEdit.as_view(), name="student_create"),
    path("<int:pk>/", views.StudentDetail.as_view(), name="student_detail"),
    path(
        "<int:pk>/full/",
        views.student_full_view,
        name="student_full",
    ),
    path("<int:pk>/edit/", views.StudentEdit.as_view(), name="student_edit"),
    path("approvals/", views.ApprovalList.as_view(), name="approval_list"),
    path("approvals/<int:pk>/", views.ApprovalDetail.as_view(), name="approval_detail"),
    path(
        "approvals/<int:pk>/decide/",
        views.approval_decide_view,
        name="approval_decide",
    ),
    path(
        "approvals/<int:pk>/download/",
        views.approval_download_view,
        name="approval_download",
    ),
    path("classes/", class_views.ClassAssignmentList.as_view(), name="class_list"),
    path("classes/export/", class_views.ClassAssignmentExport.as_view(), name="class_export"),
    path("classes/import/", class_views.ClassAssignmentImport.as_view(), name="class_import"),
    path("classes/new/", class_views.ClassAssignmentEdit.as_view(), name="class_create"),
    path("classes/<int:pk>/", class_views.ClassAssignmentDetail.as_view(), name="class_detail"),
    path("classes/<int:pk>/edit/", class_views.ClassAssignmentEdit.as_view(), name="class_edit"),
    path("classes/<int:pk>/delete/", class_views.class_delete, name="class_delete"),
]
