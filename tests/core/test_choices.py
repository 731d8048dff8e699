"""The cached choice lists of the long filter selects: fresh after a change, scoped, still validated."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crossposts.filtersets import VisitFilterSet
from crossposts.models import Visit
from organizations.filtersets import OrganizationFilterSet
from organizations.models import TwoNewOrganization
from tests.crossposts.factories import AssignmentFactory
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _building_options(client, url_name="organizations:list"):
    form = client.get(reverse(url_name)).context["filter"].form
    return [str(label) for _value, label in form.fields["building"].choices][1:]


def test_a_new_or_renamed_building_shows_at_once(world, client_for):
    client = client_for("staff_a")
    first = BuildingFactory(street=world.street_a, name="东银中心")
    assert _building_options(client) == ["东银中心"]
    assert _building_options(client) == ["东银中心"]  # from the cache now
    BuildingFactory(street=world.street_a, name="远东国际广场")
    assert _building_options(client) == ["东银中心", "远东国际广场"]
    first.name = "东银中心A座"
    first.save()
    assert _building_options(client) == ["东银中心A座", "远东国际广场"]
    first.delete()
    assert _building_options(client) == ["远东国际广场"]
    body = client.get(reverse("crossposts:index")).content.decode()
    assert "远东国际广场" in body and "东银中心" not in body


def test_each_scope_sees_its_own_list(world, client_for):
    BuildingFactory(street=world.street_a, name="东银中心")
    BuildingFactory(street=world.street_b, name="仙霞大厦")
    assert _building_options(client_for("district")) == ["仙霞大厦", "东银中心"]  # street name order
    assert _building_options(client_for("staff_a")) == ["东银中心"]
    assert _building_options(client_for("staff_b")) == ["仙霞大厦"]


def test_a_cached_list_runs_no_query_for_its_options(world, client_for):
    for i in range(5):
        BuildingFactory(street=world.street_a, name=f"大楼{i}")
    client = client_for("staff_a")
    client.get(reverse("organizations:list"))
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("organizations:list")).content.decode()
    assert "大楼4" in body
    assert not [q for q in ctx.captured_queries if 'FROM "organizations_building"' in q["sql"]]


def test_a_building_out_of_scope_is_refused_even_if_cached_for_another_scope(world, client_for):
    other = BuildingFactory(street=world.street_b, name="仙霞大厦")
    OrganizationFactory(street=world.street_b, building=other)
    assert "仙霞大厦" in _building_options(client_for("district"))  # cached for the district
    filterset = OrganizationFilterSet(
        {"building": other.pk}, queryset=TwoNewOrganization.objects.all(), request=_request(world.staff_a)
    )
    assert not filterset.form.is_valid()
    assert "building" in filterset.form.errors
    page = client_for("staff_a").get(reverse("organizations:list"), {"building": other.pk})
    assert "仙霞大厦" not in page.content.decode()


def test_new_cadre_and_area_show_at_once_on_the_visit_list(world, client_for):
    client = client_for("staff_a")
    client.get(reverse("crossposts:index"))
    newcomer = world.cadre1.__class__.objects.create(
        username="newcadre", name="新干部", role="cadre", street=world.street_a
    )
    AssignmentFactory(cadre=newcomer, organization=OrganizationFactory(street=world.street_a))
    ResidentialAreaFactory(street=world.street_a, name="虹桥新居民区")
    form = client.get(reverse("crossposts:index")).context["filter"].form
    assert "新干部" in [str(label) for _value, label in form.fields["cadre"].choices]
    assert "虹桥新居民区" in [str(label) for _value, label in form.fields["area"].choices]
    # A cadre of street B is not offered to street A, and is refused if submitted.
    outsider = world.cadre1.__class__.objects.create(username="bcadre", role="cadre", street=world.street_b)
    AssignmentFactory(cadre=outsider, organization=OrganizationFactory(street=world.street_b))
    filterset = VisitFilterSet(
        {"cadre": outsider.pk}, queryset=Visit.objects.all(), request=_request(world.staff_a)
    )
    assert outsider.pk not in [value for value, _label in filterset.form.fields["cadre"].choices]
    assert not filterset.form.is_valid()
