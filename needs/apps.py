from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs")

    def ready(self):
        from core import media
        from needs import receivers  # noqa: F401  (tickets from visits, the categories they offer)

        media.register("needs/", "needs.NeedAttachment", ("file",), "need")
