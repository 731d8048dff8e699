"""/api/v1/coverage/ on a known data set, per street, building, residential area and cadre."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import TwoNewOrganization
from tests.crossposts.factories import AssignmentFactory, VisitFactory
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(world):
    """Street A: four active organizations (two in 东银中心, one in 远东国际广场, one with no
    building), one archived and one moved out; street B: one. Visits in the last 30 days and older."""
    now = timezone.now()
    old = timezone.localdate() - timedelta(days=800)
    b1 = BuildingFactory(street=world.street_a, name="东银中心")
    b2 = BuildingFactory(street=world.street_a, name="远东国际广场")
    area = ResidentialAreaFactory(street=world.street_a, name="虹储小区")

    def org(**kw):
        return OrganizationFactory(street=world.street_a, registered_on=old, **kw)

    o1 = org(building=b1, residential_area=area)
    o2 = org(building=b1, residential_area=area)
    o3 = org(building=b2, residential_area=None)
    o4 = org(building=None, residential_area=area)
    archived = org(building=b1, residential_area=area)
    archived.archive()
    gone = org(building=b1, residential_area=area, status=TwoNewOrganization.Status.MOVED_OUT)
    cadre_b = UserFactory(role="cadre", street=world.street_b)
    o7 = OrganizationFactory(
        street=world.street_b, registered_on=old, building=BuildingFactory(street=world.street_b)
    )
    for cadre, o in (
        (world.cadre1, o1),
        (world.cadre1, o2),
        (world.cadre1, o3),
        (world.cadre2, o4),
        (world.cadre2, o1),
    ):
        AssignmentFactory(cadre=cadre, organization=o)
    recent, older = now - timedelta(days=2), now - timedelta(days=60)
    for cadre, o, when in (
        (world.cadre1, o1, recent),
        (world.cadre1, o1, recent - timedelta(hours=3)),
        (world.cadre2, o1, recent),
        (world.cadre1, o3, recent),
        (world.cadre1, archived, recent),
        (world.cadre1, gone, recent),
        (cadre_b, o7, recent),
        (world.cadre1, o2, older),
        (world.cadre2, o4, older),
    ):
        VisitFactory(cadre=cadre, organization=o, visited_at=when)
    return {"b1": b1, "b2": b2, "area": area}


def _get(api_for, role, by):
    response = api_for(role).get(reverse("crossposts-coverage"), {"by": by, "days": "30"})
    assert response.status_code == 200, response.content
    body = response.json()
    return body, {r["key"]: (r["organizations"], r["visited"], r["visits"], r["rate"]) for r in body["rows"]}


def test_coverage_per_building_area_street_and_cadre(world, api_for, known):
    body, rows = _get(api_for, "staff_a", "building")
    total = body["total"]
    assert (total["organizations"], total["visited"], total["visits"], total["rate"]) == (4, 2, 4, 50.0)
    assert rows == {
        str(known["b1"].pk): (2, 1, 3, 50.0),
        str(known["b2"].pk): (1, 1, 1, 100.0),
        "": (1, 0, 0, 0.0),
    }
    _body, rows = _get(api_for, "staff_a", "area")
    assert rows == {str(known["area"].pk): (3, 1, 3, 33.3), "": (1, 1, 1, 100.0)}
    _body, rows = _get(api_for, "staff_a", "street")
    assert rows == {str(world.street_a.pk): (4, 2, 4, 50.0)}
    _body, rows = _get(api_for, "staff_a", "cadre")
    assert rows == {str(world.cadre1.pk): (3, 2, 3, 66.7), str(world.cadre2.pk): (2, 1, 1, 50.0)}


def test_coverage_is_scoped_to_the_street(world, api_for, known):
    body, rows = _get(api_for, "staff_b", "street")
    assert (body["total"]["organizations"], body["total"]["visited"], body["total"]["visits"]) == (1, 1, 1)
    assert list(rows) == [str(world.street_b.pk)]
    body, rows = _get(api_for, "district", "street")
    assert rows == {str(world.street_a.pk): (4, 2, 4, 50.0), str(world.street_b.pk): (1, 1, 1, 100.0)}


@pytest.mark.parametrize("by", ["building", "cadre"])
def test_coverage_queries_do_not_grow_with_rows(world, api_for, known, by):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            _get(api_for, "staff_a", by)
        return len(ctx)

    small = count()
    building = BuildingFactory(street=world.street_a)
    for _ in range(6):
        o = OrganizationFactory(street=world.street_a, building=building)
        AssignmentFactory(cadre=world.cadre2, organization=o)
        VisitFactory(cadre=world.cadre2, organization=o, visited_at=timezone.now() - timedelta(days=1))
    assert count() == small
