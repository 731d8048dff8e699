from rest_framework.routers import DefaultRouter

from volunteers.api.views import (
    BuildingGroupViewSet,
    ServiceRecordViewSet,
    TeamTaskViewSet,
    TeamViewSet,
    VolunteerViewSet,
)

router = DefaultRouter()
router.register("teams", TeamViewSet, basename="team")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("service-records", ServiceRecordViewSet, basename="service-record")
router.register("team-tasks", TeamTaskViewSet, basename="team-task")
router.register("building-groups", BuildingGroupViewSet, basename="building-group")
urlpatterns = router.urls
