from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("export.xlsx", views.OrganizationExportView.as_view(), name="export"),
    path("new/", views.OrganizationCreateView.as_view(), name="create"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<str:token>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", views.OrganizationArchiveView.as_view(), name="archive"),
]
