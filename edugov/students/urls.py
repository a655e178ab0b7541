from django.urls import path

from edugov.core.scoping import scoped_view

from . import views
from .models import ExportApproval, Student

app_name = "students"
urlpatterns = [
    path("", views.StudentList.as_view(), name="student_list"),
    path("export/", views.StudentExport.as_view(), name="student_export"),
    path("import/", views.StudentImport.as_view(), name="student_import"),
    path("new/", views.StudentEdit.as_view(), name="student_create"),
    path("<int:pk>/", views.StudentDetail.as_view(), name="student_detail"),
    path(
        "<int:pk>/full/",
        scoped_view(Student, "view")(views.StudentFullView.as_view()),
        name="student_full",
    ),
    path("<int:pk>/edit/", views.StudentEdit.as_view(), name="student_edit"),
    path("approvals/", views.ApprovalList.as_view(), name="approval_list"),
    path("approvals/<int:pk>/", views.ApprovalDetail.as_view(), name="approval_detail"),
    path(
        "approvals/<int:pk>/decide/",
        scoped_view(ExportApproval, "view")(views.ApprovalDecide.as_view()),
        name="approval_decide",
    ),
    path(
        "approvals/<int:pk>/download/",
        scoped_view(ExportApproval, "view")(views.ApprovalDownload.as_view()),
        name="approval_download",
    ),
]
