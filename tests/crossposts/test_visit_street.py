"""Visit.street: the organization's street, set on every way a visit is made, moved with the firm."""

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from crossposts import services
from crossposts.models import Visit
from demo.seed import crossposts as seed
from demo.seed import organizations as ledger
from tests.crossposts import factories as f
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _street_of(visit_id):
    return Visit.objects.values_list("street_id", flat=True).get(pk=visit_id)


def test_the_visit_service_sets_the_street(world, org1, checklist):
    data = services.VisitInput(
        organization=org1, visited_at=timezone.now() - timedelta(hours=1), method="phone"
    )
    visit, created = services.record_visit(world.cadre1, data, uuid.uuid4())
    assert created and _street_of(visit.pk) == world.street_a.pk


def test_the_phone_form_and_its_offline_resend_set_the_street(world, client_for, org1, checklist):
    url = reverse("mobile:visit_new", kwargs={"org": org1.pk})
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": "on_site",
        "notes": "离线后补发",
        "needs-TOTAL_FORMS": "0",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "10",
    }
    response = client_for("cadre1").post(url, data, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 201, response.content
    assert _street_of(Visit.objects.get().pk) == world.street_a.pk


def test_the_api_sets_the_street(world, api_for, org1, checklist):
    response = api_for("cadre1").post(
        reverse("visit-list"),
        {
            "organization": org1.pk,
            "visited_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "method": "phone",
            "idempotency_key": str(uuid.uuid4()),
            "raised_needs": json.dumps([]),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert _street_of(response.json()["id"]) == world.street_a.pk


def test_bulk_creation_fills_the_street_from_the_organization(world):
    org_a = OrganizationFactory(street=world.street_a)
    org_b = OrganizationFactory(street=world.street_b)
    when = timezone.now() - timedelta(days=3)
    Visit.objects.bulk_create(
        [
            Visit(cadre=world.cadre1, organization=o, visited_at=when, idempotency_key=uuid.uuid4())
            for o in (org_a, org_b, org_a)
        ]
    )
    assert sorted(Visit.objects.values_list("organization_id", "street_id")) == sorted(
        [(org_a.pk, world.street_a.pk), (org_b.pk, world.street_b.pk), (org_a.pk, world.street_a.pk)]
    )


def test_the_demo_seed_sets_the_street(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed.run(ledger.run(io.StringIO()))
    assert Visit.objects.count() > 200
    assert not Visit.objects.exclude(street_id=F("organization__street_id")).exists()


def test_a_visit_moved_to_another_organization_takes_its_street(world, org1):
    visit = f.VisitFactory(cadre=world.cadre1, organization=org1)
    elsewhere = OrganizationFactory(street=world.street_b)
    visit.organization = elsewhere
    visit.save()
    assert _street_of(visit.pk) == world.street_b.pk


def test_when_an_organization_moves_street_its_visits_follow(world, client_for):
    org = OrganizationFactory(street=world.street_a, building=None, residential_area=None)
    other = OrganizationFactory(street=world.street_a)
    visits = [f.VisitFactory(cadre=world.cadre1, organization=org) for _ in range(3)]
    untouched = f.VisitFactory(cadre=world.cadre1, organization=other)
    assert client_for("staff_b").get(reverse("crossposts:index")).context["paginator"].count == 0

    org.street = world.street_b
    org.save()

    assert {_street_of(v.pk) for v in visits} == {world.street_b.pk}
    assert _street_of(untouched.pk) == world.street_a.pk
    # The lists read the visit's street: staff B now see the three visits, staff A only the other.
    listed_b = client_for("staff_b").get(reverse("crossposts:index")).context["visits"]
    assert {v.pk for v in listed_b} == {v.pk for v in visits}
    listed_a = client_for("staff_a").get(reverse("crossposts:index")).context["visits"]
    assert [v.pk for v in listed_a] == [untouched.pk]


def test_an_organization_saved_without_moving_touches_no_visit(world, django_assert_num_queries):
    org = OrganizationFactory(street=world.street_a)
    f.VisitFactory(cadre=world.cadre1, organization=org)
    org = type(org).objects.get(pk=org.pk)
    org.notes = "改了备注"
    with django_assert_num_queries(2):  # the row and its history row, no visit UPDATE
        org.save()
