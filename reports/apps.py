from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Dashboard and reports")

    def ready(self):
        from core import media

        media.register("reports/", "reports.Report", ("file",), None)
