from django.urls import path

from . import views

app_name = "inspection"

urlpatterns = [
    path("inspectors/", views.InspectorList.as_view(), name="inspector_list"),
    path("inspectors/export/", views.InspectorExport.as_view(), name="inspector_export"),
    path("inspectors/new/", views.InspectorEdit.as_view(), name="inspector_create"),
    path("inspectors/<int:pk>/", views.InspectorEdit.as_view(), name="inspector_edit"),
    path("assignments/", views.AssignmentList.as_view(), name="assignment_list"),
    path("assignments/export/", views.AssignmentExport.as_view(), name="assignment_export"),
    path("assignments/import/", views.AssignmentImport.as_view(), name="assignment_import"),
    path("assignments/new/", views.AssignmentEdit.as_view(), name="assignment_create"),
    path("assignments/<int:pk>/", views.AssignmentEdit.as_view(), name="assignment_edit"),
    path("visits/", views.VisitList.as_view(), name="visit_list"),
    path("visits/export/", views.VisitExport.as_view(), name="visit_export"),
    path("visits/new/", views.VisitEdit.as_view(), name="visit_create"),
    path("visits/<int:pk>/", views.VisitDetail.as_view(), name="visit_detail"),
    path("visits/<int:pk>/edit/", views.VisitEdit.as_view(), name="visit_edit"),
    path("findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
    path("photos/<int:pk>/", views.photo_download, name="photo_download"),
    path("campaigns/", views.CampaignList.as_view(), name="campaign_list"),
    path("campaigns/export/", views.CampaignExport.as_view(), name="campaign_export"),
    path("campaigns/new/", views.CampaignEdit.as_view(), name="campaign_create"),
    path("campaigns/indicators/import/", views.IndicatorImport.as_view(), name="indicator_import"),
    path("campaigns/<int:pk>/", views.CampaignDetail.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignEdit.as_view(), name="campaign_edit"),
    path("campaigns/<int:pk>/start/", views.campaign_start, name="campaign_start"),
    path("campaigns/<int:pk>/self/", views.campaign_self_assess, name="campaign_self_assess"),
    path("campaigns/<int:pk>/submit/", views.campaign_submit_self, name="campaign_submit_self"),
    path("campaigns/<int:pk>/score/", views.campaign_score, name="campaign_score"),
    path("campaigns/<int:pk>/finish/", views.campaign_finish, name="campaign_finish"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
