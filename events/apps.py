from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from core import media

        media.register("events/", "events.Attachment", ("file",), "event")
        media.register("events/", "events.Photo", ("image", "thumbnail"), "event")

        from events import rating_evidence

        rating_evidence.register()  # the building groups' rating counts check-ins (volunteers.rating)

        from events import need_actions

        need_actions.register()  # make-event on the need page and API (needs.extensions)
