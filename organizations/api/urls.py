from rest_framework.routers import DefaultRouter

from organizations.api import views

router = DefaultRouter()
router.register("streets", views.StreetViewSet, basename="street")
router.register("residential-areas", views.ResidentialAreaViewSet, basename="residentialarea")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("party-organizations", views.PartyOrganizationViewSet, basename="partyorganization")
router.register("organizations", views.OrganizationViewSet, basename="organization")
urlpatterns = router.urls
