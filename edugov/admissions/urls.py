from django.urls import path

from . import views

app_name = "admissions"
urlpatterns = [
    path("", views.RunList.as_view(), name="run_list"),
    path("runs/new/", views.RunEdit.as_view(), name="run_create"),
    path("runs/<int:pk>/", views.RunDetail.as_view(), name="run_detail"),
    path("runs/<int:pk>/edit/", views.RunEdit.as_view(), name="run_edit"),
    path(
        "runs/<int:pk>/start/",
        views.run_start_view,
        name="run_start",
    ),
    path(
        "runs/<int:pk>/publish/",
        views.run_publish_view,
        name="run_publish",
    ),
    path(
        "runs/<int:pk>/replay/",
        views.run_replay_view,
        name="run_replay",
    ),
    path(
        "runs/<int:pk>/compare/",
        views.run_compare_view,
        name="run_compare",
    ),
    path("results/", views.ResultList.as_view(), name="result_list"),
    path("results/export/", views.ResultExport.as_view(), name="result_export"),
    path("cutoffs/", views.CutoffList.as_view(), name="cutoff_list"),
    path("cutoffs/export/", views.CutoffExport.as_view(), name="cutoff_export"),
    path("sessions/", views.SessionList.as_view(), name="session_list"),
    path("sessions/new/", views.SessionEdit.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetail.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionEdit.as_view(), name="session_edit"),
    path("candidates/", views.CandidateList.as_view(), name="candidate_list"),
    path("candidates/export/", views.CandidateExport.as_view(), name="candidate_export"),
    path("candidates/import/", views.CandidateImport.as_view(), name="candidate_import"),
    path("candidates/<int:pk>/", views.CandidateDetail.as_view(), name="candidate_detail"),
    path("programmes/", views.ProgrammeList.as_view(), name="programme_list"),
    path("programmes/export/", views.ProgrammeExport.as_view(), name="programme_export"),
    path("programmes/import/", views.ProgrammeImport.as_view(), name="programme_import"),
    path("preferences/import/", views.PreferenceImport.as_view(), name="preference_import"),
    path("lottery/", views.DrawList.as_view(), name="draw_list"),
    path("lottery/new/", views.DrawEdit.as_view(), name="draw_create"),
    path("lottery/<int:pk>/", views.DrawDetail.as_view(), name="draw_detail"),
    path("lottery/<int:pk>/edit/", views.DrawEdit.as_view(), name="draw_edit"),
    path(
        "lottery/<int:pk>/commit/",
        views.draw_commit_view,
        name="draw_commit",
    ),
    path(
        "lottery/<int:pk>/close/",
        views.draw_close_view,
        name="draw_close",
    ),
    path(
        "lottery/<int:pk>/reveal/",
        views.draw_reveal_view,
        name="draw_reveal",
    ),
    path(
        "lottery/<int:pk>/draw/",
        views.draw_run_view,
        name="draw_run",
    ),
    path(
        "lottery/<int:pk>/bundle/",
        views.draw_bundle_view,
        name="draw_bundle",
    ),
    path("lottery/applicants/", views.ApplicantList.as_view(), name="applicant_list"),
    path("lottery/applicants/export/", views.ApplicantExport.as_view(), name="applicant_export"),
    path("lottery/applicants/import/", views.ApplicantImport.as_view(), name="applicant_import"),
]
