from django.urls import path

from . import autocomplete
from .views import afterschool, field, money, public, registry

app_name = "training"
urlpatterns = [
    # The institution picker (issue 25): core/autocomplete.py
    path(
        "autocomplete/",
        autocomplete.InstitutionAutocomplete.as_view(),
        name="institution_autocomplete",
    ),
    path("", registry.InstitutionList.as_view(), name="institution_list"),
    path("export/", registry.InstitutionExport.as_view(), name="institution_export"),
    path("import/", registry.InstitutionImport.as_view(), name="institution_import"),
    path("new/", registry.InstitutionForm_.as_view(), name="institution_create"),
    path("<int:pk>/", registry.InstitutionDetail.as_view(), name="institution_detail"),
    path("<int:pk>/edit/", registry.InstitutionForm_.as_view(), name="institution_edit"),
    path("<int:pk>/status/", registry.institution_status, name="institution_status"),
    path("<int:pk>/check/", registry.institution_check, name="institution_check"),
    path("courses/import/", registry.CourseImport.as_view(), name="course_import"),
    path("lessons/import/", registry.SessionImport.as_view(), name="session_import"),
    path("staff/", registry.StaffList.as_view(), name="staff_list"),
    path("staff/export/", registry.StaffExport.as_view(), name="staff_export"),
    path("staff/new/", registry.StaffEdit.as_view(), name="staff_create"),
    path("staff/<int:pk>/", registry.StaffEdit.as_view(), name="staff_edit"),
    path("statements/", money.StatementList.as_view(), name="statement_list"),
    path("statements/export/", money.StatementExport.as_view(), name="statement_export"),
    path("statements/import/", money.StatementImport.as_view(), name="statement_import"),
    path("reserve/", money.reserve, name="reserve"),
    path("plans/", field.PlanList.as_view(), name="plan_list"),
    path("plans/export/", field.PlanExport.as_view(), name="plan_export"),
    path("plans/new/", field.PlanEdit.as_view(), name="plan_create"),
    path("plans/<int:pk>/", field.PlanEdit.as_view(), name="plan_edit"),
    path("inspections/", field.RecordList.as_view(), name="record_list"),
    path("inspections/export/", field.RecordExport.as_view(), name="record_export"),
    path("inspections/new/", field.RecordCreate.as_view(), name="record_create"),
    path("inspections/<int:pk>/", field.RecordDetail.as_view(), name="record_detail"),
    path("inspections/<int:pk>/finding/", field.finding_add, name="finding_add"),
    path("complaints/", field.ComplaintList.as_view(), name="complaint_list"),
    path("complaints/export/", field.ComplaintExport.as_view(), name="complaint_export"),
    path("complaints/link/", field.ComplaintLink.as_view(), name="complaint_link"),
    path("complaints/<int:pk>/", field.ComplaintDetail.as_view(), name="complaint_detail"),
    path("afterschool/", afterschool.ProgrammeList.as_view(), name="programme_list"),
    path("afterschool/export/", afterschool.ProgrammeExport.as_view(), name="programme_export"),
    path("afterschool/new/", afterschool.ProgrammeEdit.as_view(), name="programme_create"),
    path("afterschool/<int:pk>/", afterschool.ProgrammeEdit.as_view(), name="programme_edit"),
    path("afterschool/stats/", afterschool.afterschool_stats, name="afterschool_stats"),
    # Public: no login (settings.EDUGOV_PUBLIC_URL_NAMES), rate-limited.
    path("public/lookup/", public.public_lookup, name="public_lookup"),
    path("public/complain/", public.public_complaint, name="public_complaint"),
]
