from django.urls import path

from crossposts.views import staff

app_name = "crossposts"
urlpatterns = [
    path("", staff.VisitListView.as_view(), name="index"),
    path("visits/export.xlsx", staff.VisitExportView.as_view(), name="visit_export"),
    path("visits/<int:pk>/", staff.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/addendum/", staff.AddendumView.as_view(), name="visit_addendum"),
    path("coverage/", staff.CoverageView.as_view(), name="coverage"),
    path("assignments/", staff.AssignmentListView.as_view(), name="assignments"),
    path("assignments/new/<int:org>/", staff.AssignmentCreateView.as_view(), name="assignment_new"),
    path("assignments/<int:pk>/edit/", staff.AssignmentUpdateView.as_view(), name="assignment_edit"),
    path("assignments/<int:pk>/end/", staff.AssignmentEndView.as_view(), name="assignment_end"),
]
