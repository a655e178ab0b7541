from django.urls import path

from . import public, views
from . import views_inspection as insp

app_name = "private"

urlpatterns = [
    path("schools/", views.SchoolList.as_view(), name="school_list"),
    path("schools/export/", views.SchoolExport.as_view(), name="school_export"),
    path("schools/import/", views.SchoolImport.as_view(), name="school_import"),
    path("schools/new/", views.SchoolEdit.as_view(), name="school_create"),
    path("schools/<int:pk>/", views.SchoolDetail.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", views.SchoolEdit.as_view(), name="school_edit"),
    path("schools/<int:pk>/apply/", views.approval_apply, name="approval_apply"),
    path("schools/<int:pk>/assess/", views.school_assess, name="school_assess"),
    path("founders/new/", views.FounderEdit.as_view(), name="founder_create"),
    path("founders/<int:pk>/", views.FounderEdit.as_view(), name="founder_edit"),
    path("fees/new/", views.FeeEdit.as_view(), name="fee_create"),
    path("fees/<int:pk>/", views.FeeEdit.as_view(), name="fee_edit"),
    path("disclosures/new/", views.RelatedPartyEdit.as_view(), name="disclosure_create"),
    path("disclosures/<int:pk>/", views.RelatedPartyEdit.as_view(), name="disclosure_edit"),
    path("placements/new/", views.PlacementEdit.as_view(), name="placement_create"),
    path("placements/<int:pk>/", views.PlacementEdit.as_view(), name="placement_edit"),
    path("risk/", views.RiskList.as_view(), name="risk_list"),
    path("risk/export/", views.RiskExport.as_view(), name="risk_export"),
    path("risk/<int:pk>/", views.RiskEdit.as_view(), name="risk_edit"),
    path("rounds/", insp.RoundList.as_view(), name="round_list"),
    path("rounds/export/", insp.RoundExport.as_view(), name="round_export"),
    path("rounds/new/", insp.RoundEdit.as_view(), name="round_create"),
    path("rounds/items/import/", insp.ItemImport.as_view(), name="item_import"),
    path("rounds/<int:pk>/", insp.RoundDetail.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", insp.RoundEdit.as_view(), name="round_edit"),
    path("rounds/<int:pk>/start/", insp.round_start, name="round_start"),
    path("rounds/<int:pk>/publish/", insp.round_publish, name="round_publish"),
    path("inspections/", insp.InspectionList.as_view(), name="inspection_list"),
    path("inspections/export/", insp.InspectionExport.as_view(), name="inspection_export"),
    path("inspections/<int:pk>/", insp.InspectionDetail.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/self/", insp.inspection_self_report, name="inspection_self"),
    path("inspections/<int:pk>/submit/", insp.inspection_submit, name="inspection_submit"),
    path("inspections/<int:pk>/review/", insp.inspection_review, name="inspection_review"),
    path("evidence/<int:pk>/", insp.evidence_download, name="evidence_download"),
    path("notices/", views.NoticeList.as_view(), name="notice_list"),
    path("notices/export/", views.NoticeExport.as_view(), name="notice_export"),
    path("notices/new/", views.NoticeEdit.as_view(), name="notice_create"),
    path("notices/<int:pk>/", views.NoticeDetail.as_view(), name="notice_detail"),
    path("notices/<int:pk>/edit/", views.NoticeEdit.as_view(), name="notice_edit"),
    path("public/", public.public_list, name="public_list"),
]
