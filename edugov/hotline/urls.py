from django.urls import path

from . import views

app_name = "hotline"
urlpatterns = [
    path("", views.OrderList.as_view(), name="order_list"),
    path("export/", views.OrderExport.as_view(), name="order_export"),
    path("import/", views.OrderImport.as_view(), name="order_import"),
    path("stats/", views.order_stats, name="stats"),
    path("opinions/new/", views.OpinionCreate.as_view(), name="opinion_create"),
    path("<int:pk>/", views.OrderDetail.as_view(), name="order_detail"),
]
