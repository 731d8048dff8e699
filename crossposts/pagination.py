"""Deep pages of the visit lists without sorting the street's visits: keys first, then the rows."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

from core.api.pagination import StandardPagination


class KeysFirstPaginator(Paginator):
    """Numbered pages whose OFFSET walks only the keys, then loads just that page's rows.

    ``ORDER BY visited_at DESC, id DESC OFFSET n LIMIT 50`` over whole rows makes PostgreSQL
    sort every visit of the street once n is large (0.5 s on page 900 at city scale); over the keys
    alone it is an index-only walk of visit_by_street_recent. Page numbers, the total and every
    filter and ordering stay as they are (keyset pagination would drop the first two).
    """

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)} if keys else {}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)


class VisitPagination(StandardPagination):
    django_paginator_class = KeysFirstPaginator
