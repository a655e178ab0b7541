from django.urls import path

from . import autocomplete, supervision, views

app_name = "org"
urlpatterns = [
    path("units/", views.UnitList.as_view(), name="unit_list"),
    path("units/export/", views.UnitExport.as_view(), name="unit_export"),
    path("units/import/", views.UnitImport.as_view(), name="unit_import"),
    path("units/new/", views.UnitEdit.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitDetail.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEdit.as_view(), name="unit_edit"),
    path("supervision/", supervision.supervision_list, name="supervision"),
    path("supervision/<int:pk>/", supervision.supervision_set, name="supervision_set"),
    # The unit picker (issue 25): core/autocomplete.py
    path(
        "units/autocomplete/",
        autocomplete.UnitAutocomplete.as_view(),
        name="unit_autocomplete",
    ),
]
