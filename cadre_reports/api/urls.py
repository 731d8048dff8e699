from rest_framework.routers import DefaultRouter

from cadre_reports.api.views import CadreReportViewSet

router = DefaultRouter()
router.register("cadre-reports", CadreReportViewSet, basename="cadrereport")
urlpatterns = router.urls
