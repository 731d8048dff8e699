from django.urls import path

from needs import extensions, views

app_name = "needs"
urlpatterns = [
    path("", views.NeedListView.as_view(), name="index"),
    path("new/", views.NeedCreateView.as_view(), name="create"),
    path("export.xlsx", views.NeedExportView.as_view(), name="export"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("deadlines/", views.DeadlineView.as_view(), name="deadlines"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.NeedUpdateView.as_view(), name="edit"),
    path("<int:pk>/transition/", views.transition_view, name="transition"),
    path("<int:pk>/comment/", views.comment_view, name="comment"),
    path("<int:pk>/attach/", views.attach_view, name="attach"),
    path("<int:pk>/match/", views.match_view, name="match"),
    path("<int:pk>/project/", views.make_project_view, name="make_project"),
    path("resources/", views.ResourceListView.as_view(), name="resources"),
    path("resources/new/", views.ResourceCreateView.as_view(), name="resource_create"),
    path("resources/<int:pk>/edit/", views.ResourceUpdateView.as_view(), name="resource_edit"),
    path("projects/", views.ProjectListView.as_view(), name="projects"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("public/new/", views.public_new, name="public_new"),
    path("public/status/", views.public_status, name="public_status"),
    path("public/rate/<str:token>/", views.public_rate, name="public_rate"),
    # Actions other apps add to a need (handing it to a volunteer team, making an event of it):
    # registered in their ready(), so filled by the time the URLconf is read.
    *extensions.page_urls(views.need_action),
]
