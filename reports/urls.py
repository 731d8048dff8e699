from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("district/", views.DistrictView.as_view(), name="district"),
    path("drill/<slug:key>/", views.DrillView.as_view(), name="drill"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("print/", views.PrintableReportView.as_view(), name="printable"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/download/", views.ReportDownloadView.as_view(), name="report_download"),
]
