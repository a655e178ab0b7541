from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.ProposalList.as_view(), name="list"),
    path("export/", views.ProposalExport.as_view(), name="export"),
    path("import/npc/", views.NpcImport.as_view(), name="import_npc"),
    path("import/cppcc/", views.CppccImport.as_view(), name="import_cppcc"),
    path("summary/", views.summary_page, name="summary"),
    path("summary/xlsx/", views.summary_xlsx, name="summary_xlsx"),
    path("summary/docx/", views.summary_docx, name="summary_docx"),
    path("<int:pk>/", views.ProposalDetail.as_view(), name="detail"),
    path("<int:pk>/reply.docx", views.reply_download, name="reply_docx"),
]
