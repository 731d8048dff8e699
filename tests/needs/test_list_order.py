"""The needs list page and API: newest first (ties by id), served by the need_list index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from needs.models import Need
from tests.needs.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_needs_are_listed_newest_first_on_the_page_and_in_the_api(world, client_for, api_for):
    needs = [NeedFactory(organization__street=world.street_a) for _i in range(4)]
    archived = NeedFactory(organization__street=world.street_a)
    stamp = timezone.now()
    # Two raised at the same instant: the later one (higher id) comes first.
    Need.objects.filter(pk__in=[needs[1].pk, needs[2].pk]).update(created=stamp)
    Need.objects.filter(pk=needs[3].pk).update(created=stamp - timezone.timedelta(hours=1))
    Need.objects.filter(pk=needs[0].pk).update(created=stamp - timezone.timedelta(days=1))
    Need.objects.filter(pk=archived.pk).update(archived_at=stamp)
    expected = [needs[2].pk, needs[1].pk, needs[3].pk, needs[0].pk]

    page = client_for("staff_a").get(reverse("needs:index"))
    assert [n.pk for n in page.context["needs"]] == expected
    with CaptureQueriesContext(connection) as ctx:
        rows = api_for("staff_a").get(reverse("need-list")).json()["results"]
    assert [r["id"] for r in rows] == expected
    if connection.vendor == "postgresql":
        sql = next(
            q["sql"] for q in ctx.captured_queries if 'FROM "needs_need"' in q["sql"] and "LIMIT" in q["sql"]
        )
        with connection.cursor() as cursor:
            # Sorting and sequential scans priced out: only an index in the list's order fits.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "need_list" in plan, plan
