from django.urls import path

from . import autocomplete, views

app_name = "teachers"
urlpatterns = [
    # The teacher picker (issue 25): core/autocomplete.py
    path("autocomplete/", autocomplete.TeacherAutocomplete.as_view(), name="autocomplete"),
    path("", views.TeacherList.as_view(), name="teacher_list"),
    path("export/", views.TeacherExport.as_view(), name="teacher_export"),
    path("import/", views.TeacherImport.as_view(), name="teacher_import"),
    path("<int:pk>/", views.TeacherDetail.as_view(), name="teacher_detail"),
    path("<int:pk>/edit/", views.TeacherEdit.as_view(), name="teacher_edit"),
    path("<int:pk>/full/", views.teacher_full_view, name="teacher_full"),
    path("posts/", views.PostBalance.as_view(), name="post_balance"),
    path("posts/export/", views.PostExport.as_view(), name="post_export"),
    path("posts/import/", views.PostImport.as_view(), name="post_import"),
    path("sites/import/", views.SiteImport.as_view(), name="site_import"),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/what-if/", views.plan_whatif, name="plan_whatif"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("confirmations/", views.ConfirmationList.as_view(), name="confirmation_list"),
    path("confirmations/<int:pk>/", views.ConfirmationDetail.as_view(), name="confirmation_detail"),
    path(
        "confirmations/<int:pk>/confirm/", views.confirmation_confirm, name="confirmation_confirm"
    ),
    path("training/", views.TrainingProgress.as_view(), name="training_progress"),
    path("training/export/", views.ProgressExport.as_view(), name="progress_export"),
    path("training/records/", views.TrainingList.as_view(), name="training_list"),
    path("training/records/export/", views.TrainingExport.as_view(), name="training_export"),
    path("training/records/import/", views.TrainingImport.as_view(), name="training_import"),
    path("ethics/", views.EthicsList.as_view(), name="ethics_list"),
    path("ethics/new/", views.EthicsCreate.as_view(), name="ethics_create"),
    path("recruitment/", views.RecruitmentList.as_view(), name="recruitment_list"),
    path("recruitment/export/", views.RecruitmentExport.as_view(), name="recruitment_export"),
    path("recruitment/import/", views.RecruitmentImport.as_view(), name="recruitment_import"),
    path("graduates/", views.GraduateList.as_view(), name="graduate_list"),
    path("graduates/export/", views.GraduateExport.as_view(), name="graduate_export"),
    path("graduates/import/", views.GraduateImport.as_view(), name="graduate_import"),
]
