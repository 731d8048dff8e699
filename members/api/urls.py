from rest_framework.routers import DefaultRouter

from members.api import views

# The same paths and route names as when these lived in organizations' router.
router = DefaultRouter()
router.register("party-members", views.PartyMemberViewSet, basename="partymember")
router.register("check-ins", views.CheckInViewSet, basename="checkin")
urlpatterns = router.urls
