from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.media import protected_media
from core.views import healthz

api_v1 = [
    path("auth/", include("accounts.api.urls")),
    path("", include("core.api.urls")),
    path("", include("organizations.api.urls")),
    path("", include("crossposts.api.urls")),
    path("", include("needs.api.urls")),
    path("", include("volunteers.api.urls")),
    path("", include("events.api.urls")),
    path("", include("cadre_reports.api.urls")),
    path("", include("members.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("organizations/", include("organizations.urls")),
    path("organizations/", include("members.urls")),  # dual check-in keeps its old paths
    path("crossposts/", include("crossposts.urls")),
    path("m/", include("crossposts.urls_mobile")),
    path("", include("cadre_reports.urls")),  # /crossposts/reports/ and /m/reports/, as before
    path("needs/", include("needs.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("events/", include("events.urls")),
    path("dashboard/", include("reports.urls")),
    path("", include("core.urls")),
]

if settings.DEBUG or not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
    # Media from the local disk, served by the web app to who may see the record they belong to.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", protected_media))
