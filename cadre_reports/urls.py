"""Cadre report pages, at the paths they had under crossposts: the staff list under
/crossposts/reports/, the cadre's own pages on the phone under /m/reports/."""

from django.urls import path

from cadre_reports import views

app_name = "cadre_reports"
urlpatterns = [
    path("crossposts/reports/", views.ReportListView.as_view(), name="list"),
    path("crossposts/reports/<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("crossposts/reports/<int:pk>/receive/", views.ReportReceiveView.as_view(), name="receive"),
    path("m/reports/", views.MyReportsView.as_view(), name="mine"),
    path("m/reports/<int:post>/<str:period>/", views.ReportFormView.as_view(), name="form"),
]
