from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadreReportsConfig(AppConfig):
    name = "cadre_reports"
    verbose_name = _("Cadre reports")
