from django.urls import path

from crossposts import report_views
from crossposts.views import mobile

app_name = "mobile"
urlpatterns = [
    path("", mobile.HomeView.as_view(), name="home"),
    path("visits/", mobile.MyVisitsView.as_view(), name="visits"),
    path("visit/<int:org>/", mobile.VisitCreateView.as_view(), name="visit_new"),
    path("visits/<int:pk>/edit/", mobile.VisitEditView.as_view(), name="visit_edit"),
    path("reports/", report_views.MyReportsView.as_view(), name="reports"),
    path("reports/<int:post>/<str:period>/", report_views.ReportFormView.as_view(), name="report_form"),
]
