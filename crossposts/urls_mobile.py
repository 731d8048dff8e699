from django.urls import path

from crossposts.views import mobile

app_name = "mobile"
urlpatterns = [
    path("", mobile.HomeView.as_view(), name="home"),
    path("visits/", mobile.MyVisitsView.as_view(), name="visits"),
    path("visit/<int:org>/", mobile.VisitCreateView.as_view(), name="visit_new"),
    path("visits/<int:pk>/edit/", mobile.VisitEditView.as_view(), name="visit_edit"),
]
