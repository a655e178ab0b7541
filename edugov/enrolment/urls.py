from django.urls import path

from . import views, views_district, views_results

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
    path("allocation/", views_district.AllocationList.as_view(), name="allocation_list"),
    path(
        "allocation/export/",
        views_district.AllocationExport.as_view(),
        name="allocation_export",
    ),
    path(
        "allocation/<int:pk>/",
        views_district.application_assign_view,
        name="application_assign",
    ),
    path("statistics/", views_district.statistics_page, name="statistics"),
    path("results/", views_results.results_page, name="results"),
    path("results/<int:pk>/publish/", views_results.results_publish_view, name="results_publish"),
    path("results/<int:pk>/preregister/", views_results.preregister_view, name="preregister"),
]
