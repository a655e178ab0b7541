from django.urls import path

from .views import calendar, cases, inbox, stats

app_name = "casework"
urlpatterns = [
    path("", cases.CaseList.as_view(), name="case_list"),
    path("export/", cases.CaseExport.as_view(), name="case_export"),
    path("cases/<int:pk>/", cases.CaseDetail.as_view(), name="case_detail"),
    path("cases/<int:pk>/move/", cases.case_move_view, name="case_move"),
    path("cases/<int:pk>/comment/", cases.case_comment_view, name="case_comment"),
    path("evidence/<int:pk>/", cases.evidence_download, name="evidence_download"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/unread/", inbox.unread_badge, name="unread_badge"),
    path("inbox/read/", inbox.notifications_read, name="notifications_read"),
    path("statistics/", stats.case_stats, name="stats"),
    path("calendar/", calendar.CalendarList.as_view(), name="calendar_list"),
    path("calendar/export/", calendar.CalendarExport.as_view(), name="calendar_export"),
    path("calendar/new/", calendar.CalendarEdit.as_view(), name="calendar_create"),
    path("calendar/<int:pk>/", calendar.CalendarEdit.as_view(), name="calendar_edit"),
    path("calendar/<int:pk>/delete/", calendar.calendar_delete, name="calendar_delete"),
    path("calendar/import/", calendar.CalendarImport.as_view(), name="calendar_import"),
    path("calendar/years/new/", calendar.CalendarYearEdit.as_view(), name="calendar_year_create"),
    path(
        "calendar/years/<int:pk>/", calendar.CalendarYearEdit.as_view(), name="calendar_year_edit"
    ),
    path(
        "calendar/years/<int:pk>/delete/",
        calendar.calendar_year_delete,
        name="calendar_year_delete",
    ),
]
