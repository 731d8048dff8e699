from rest_framework.routers import DefaultRouter

from needs import extensions
from needs.api.views import NeedViewSet, ProjectViewSet, ResourceViewSet

router = DefaultRouter()
router.register("needs", NeedViewSet, basename="need")
router.register("resources", ResourceViewSet, basename="resource")
router.register("projects", ProjectViewSet, basename="project")
# Actions other apps add to a need (/needs/{id}/hand-off/, /make-event/): needs.extensions.
urlpatterns = [*router.urls, *extensions.api_urls()]
