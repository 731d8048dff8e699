from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosspostsConfig(AppConfig):
    name = "crossposts"
    verbose_name = _("Cross-posting")
