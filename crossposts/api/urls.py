from django.urls import path
from rest_framework.routers import DefaultRouter

from crossposts.api.views import AssignmentViewSet, CoverageView, CrossPostViewSet, VisitViewSet

router = DefaultRouter()
router.register("crossposts", CrossPostViewSet, basename="crosspost")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("visits", VisitViewSet, basename="visit")
urlpatterns = [
    path("coverage/", CoverageView.as_view(), name="crossposts-coverage"),
    *router.urls,
]
