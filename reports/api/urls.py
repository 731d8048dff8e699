from django.urls import path

from reports.api.views import StatsView

urlpatterns = [path("stats/", StatsView.as_view(), name="stats")]
