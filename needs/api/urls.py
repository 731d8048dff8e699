from rest_framework.routers import DefaultRouter

from needs.api.views import NeedViewSet, ProjectViewSet, ResourceViewSet

router = DefaultRouter()
router.register("needs", NeedViewSet, basename="need")
router.register("resources", ResourceViewSet, basename="resource")
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = router.urls
