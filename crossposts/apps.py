from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosspostsConfig(AppConfig):
    name = "crossposts"
    verbose_name = _("Cross-posting")

    def ready(self):
        from core import media
        from crossposts import choices, receivers  # noqa: F401  (watch what the selects list)
        from organizations.models import TwoNewOrganizationQuerySet

        TwoNewOrganizationQuerySet.cadre_scope = staticmethod(receivers.assigned_organizations)

        media.register("visits/", "crossposts.VisitPhoto", ("image", "thumbnail"), "visit")
