from django.urls import path

from . import views

app_name = "enrolment"
urlpatterns = [
    path("catchments/", views.catchment_search, name="catchment_search"),
    path("catchments/import/", views.CatchmentImport.as_view(), name="catchment_import"),
    path("login/", views.parent_login, name="parent_login"),
    path("mine/", views.my_applications, name="my_applications"),
    path("apply/", views.application_new, name="application_new"),
    path("mine/<int:pk>/", views.ApplicationDetail.as_view(), name="application_detail"),
    path("mine/<int:pk>/add/", views.application_supplement, name="application_supplement"),
    path("", views.ApplicationList.as_view(), name="application_list"),
    path("export/", views.ApplicationExport.as_view(), name="application_export"),
    path("<int:pk>/", views.ReviewDetail.as_view(), name="review_detail"),
    path("<int:pk>/move/", views.application_move, name="application_move"),
]
