"""The scope rule: which records a user may see and change.

Each model's QuerySet implements ``visible_to(user)`` and ``editable_by(user)``
once; every page, export and API endpoint goes through them. The base here
covers records that belong to a street; models override the cadre and
team-leader cases.
"""

from django.db import models


class StreetScopedQuerySet(models.QuerySet):
    """Records that belong to one street, reached through ``street_lookup``."""

    street_lookup = "street"

    def _by_street(self, user):
        if user.is_portal_admin:
            return self
        if user.is_district:
            return self.filter(**{f"{self.street_lookup}__district_id": user.district_id})
        if user.street_id:
            return self.filter(**{f"{self.street_lookup}_id": user.street_id})
        return self.none()

    def visible_to(self, user):
        """Staff see their street, the district its streets, admins everything."""
        if not user.is_authenticated:
            return self.none()
        if user.can_read_street_records:
            return self._by_street(user)
        return self.none()

    def editable_by(self, user):
        """Staff change their own street's records and admins any; the district only reads."""
        if not user.is_authenticated or not user.can_manage_street_records:
            return self.none()
        return self._by_street(user)
