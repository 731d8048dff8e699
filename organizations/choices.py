"""The cached filter selects of this app's models (see core.choices)."""

from core.choices import ChoiceSource

BUILDINGS = ChoiceSource(("pk", "name"), ("organizations.building", "organizations.street"))
AREAS = ChoiceSource(("pk", "name"), ("organizations.residentialarea", "organizations.street"))
