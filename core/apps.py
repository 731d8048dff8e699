from django.apps import AppConfig, apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

OUR_APPS = ("accounts", "core", "organizations", "crossposts", "needs", "volunteers", "events", "reports")


def name_api_enums():
    """Give every choice set of our models a stable name in the OpenAPI schema (e.g. NeedStatusEnum).

    Without it drf-spectacular invents names like Status158Enum when two models
    both have a ``status``, and warns about it.
    """
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    seen = {}
    for app in OUR_APPS:
        module = __import__(f"{app}.models", fromlist=["*"])
        candidates = [("", vars(module))] + [
            (m.__name__, vars(m)) for m in apps.get_app_config(app).get_models()
        ]
        for owner, namespace in candidates:
            for attr, value in namespace.items():
                if (
                    isinstance(value, type)
                    and issubclass(value, models.Choices)
                    and value is not models.TextChoices
                ):
                    key = tuple(value.values)
                    if key in seen:
                        continue  # the same set under another name: keep the first
                    seen[key] = f"{owner}{attr}Enum"
                    overrides[seen[key]] = value.choices


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        name_api_enums()
