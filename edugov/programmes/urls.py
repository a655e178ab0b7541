from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.ProgrammeList.as_view(), name="list"),
    path("export/", views.ProgrammeExport.as_view(), name="export"),
    path("import/", views.ProgrammeImport.as_view(), name="import"),
    path("new/", views.ProgrammeEdit.as_view(), name="create"),
    path("<int:pk>/", views.ProgrammeDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProgrammeEdit.as_view(), name="edit"),
    path("<int:pk>/confirm/", views.programme_confirm, name="confirm"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("party/", views.PartyOrganizationList.as_view(), name="party_list"),
    path("party/export/", views.PartyOrganizationExport.as_view(), name="party_export"),
    path("party/import/", views.PartyOrganizationImport.as_view(), name="party_import"),
    path("party/new/", views.PartyOrganizationEdit.as_view(), name="party_create"),
    path("party/coverage/", views.coverage, name="coverage"),
    path("party/<int:pk>/", views.PartyOrganizationDetail.as_view(), name="party_detail"),
    path("party/<int:pk>/edit/", views.PartyOrganizationEdit.as_view(), name="party_edit"),
]
