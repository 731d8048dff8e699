"""The scope rule: which records a user may see and change.

Each model's QuerySet implements ``visible_to(user)`` and ``editable_by(user)``
once; every page, export and API endpoint goes through them. The base here
covers records that belong to a street; models override the cadre and
team-leader cases.
"""

from django.db import models
from django.db.models import Q


def street_scope(user, lookup: str = "street") -> Q:
    """The streets ``user`` reads, as a condition on ``lookup`` (a path to a street): everything
    for admins, the district's streets for the district office, else the user's own street."""
    if user.is_portal_admin:
        return Q()
    if user.is_district:
        return Q(**{f"{lookup}__district_id": user.district_id})
    if user.street_id:
        return Q(**{f"{lookup}_id": user.street_id})
    return Q(pk__in=[])


class StreetScopedQuerySet(models.QuerySet):
    """Records that belong to one street, reached through ``street_lookup``."""

    street_lookup = "street"

    def _by_street(self, user):
        if not user.is_portal_admin and not user.is_district and not user.street_id:
            return self.none()
        scoped = self.filter(street_scope(user, self.street_lookup))
        return scoped._one_street() if user.street_id and not user.is_district else scoped

    def _one_street(self):
        """Drop a leading street-name sort: on one street it sorts nothing, and it keeps an index
        on (street, name) from serving the order, so every row of the street is sorted."""
        ordering = list(self.query.order_by or self.model._meta.ordering)
        if ordering and ordering[0] == f"{self.street_lookup}__name" and len(ordering) > 1:
            return self.order_by(*ordering[1:])
        return self

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
