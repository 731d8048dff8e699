"""The staff visit list: photo counts per row, local-day date filters, deep pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from crossposts.models import VisitPhoto
from tests.crossposts.factories import VisitFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_each_row_shows_its_own_photo_count(world, client_for):
    org = OrganizationFactory(street=world.street_a)
    with_photos = VisitFactory(cadre=world.cadre1, organization=org)
    without = VisitFactory(cadre=world.cadre1, organization=org)
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        VisitPhoto.objects.create(
            visit=with_photos, image=f"visits/{name}", thumbnail=f"visits/t_{name}", width=8, height=6
        )
    response = client_for("staff_a").get(reverse("crossposts:index"))
    counts = {v.pk: v.photo_count for v in response.context["visits"]}
    assert counts == {with_photos.pk: 3, without.pk: 0}
    mine = client_for("cadre1").get(reverse("mobile:visits")).context["visits"]
    assert {v.pk: v.photo_count for v in mine} == counts


def test_date_filters_are_shanghai_days(world, client_for):
    org = OrganizationFactory(street=world.street_a)
    late = VisitFactory(
        cadre=world.cadre1, organization=org, visited_at=datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI)
    )
    early = VisitFactory(
        cadre=world.cadre1, organization=org, visited_at=datetime(2026, 3, 2, 0, 10, tzinfo=SHANGHAI)
    )
    client = client_for("staff_a")

    def listed(**params):
        return {v.pk for v in client.get(reverse("crossposts:index"), params).context["visits"]}

    assert listed(start="2026-03-02", end="2026-03-02") == {early.pk}
    assert listed(end="2026-03-01") == {late.pk}
    assert listed(start="2026-03-01", end="2026-03-02") == {late.pk, early.pk}
    # The calendar's very ends are no bound rather than an error.
    assert listed(start="0001-01-01", end="9999-12-31") == {late.pk, early.pk}
    api = [v["id"] for v in client.get(reverse("visit-list"), {"start": "2026-03-02"}).json()["results"]]
    assert api == [early.pk]


def test_a_deep_page_lists_the_right_rows(world, client_for, settings):
    org = OrganizationFactory(street=world.street_a)
    start = datetime(2026, 1, 1, 10, 0, tzinfo=SHANGHAI)
    visits = [
        VisitFactory(cadre=world.cadre1, organization=org, visited_at=start + timedelta(hours=i))
        for i in range(55)
    ]
    page2 = client_for("staff_a").get(reverse("crossposts:index"), {"page": 2}).context["visits"]
    # Newest first, 50 a page: page 2 holds the five oldest.
    assert [v.pk for v in page2] == [v.pk for v in reversed(visits[:5])]


def test_pages_walk_keys_first_and_keep_every_order(world, api_for, client_for):
    """Page 2 of the API and of the page, newest first or by organization, hold the expected rows."""
    start = datetime(2026, 1, 1, 10, 0, tzinfo=SHANGHAI)
    orgs = [OrganizationFactory(street=world.street_a, name=f"单位{i:02d}") for i in range(3)]
    visits = [
        VisitFactory(cadre=world.cadre1, organization=orgs[i % 3], visited_at=start + timedelta(hours=i))
        for i in range(7)
    ]
    newest_first = [v.pk for v in reversed(visits)]
    body = api_for("staff_a").get(reverse("visit-list"), {"page": 2, "page_size": 3}).json()
    assert body["count"] == 7 and [v["id"] for v in body["results"]] == newest_first[3:6]
    by_org = client_for("staff_a").get(reverse("crossposts:index"), {"ordering": "organization"})
    names = [v.organization.name for v in by_org.context["visits"]]
    assert names == sorted(names) and len(names) == 7
