import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import TwoNewOrganization
from tests.factories import BuildingFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "name": "上海新桥咨询有限公司",
    "credit_code": "91310105N92L43K43K",
    "headcount": 10,
    "party_members": 1,
}


def test_token_login(world, client):
    from rest_framework.test import APIClient

    api = APIClient()
    response = api.post(
        reverse("api-token"), {"username": "staff", "password": "hongqiao-demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("organization-list")).status_code == 200
    bad = APIClient().post(reverse("api-token"), {"username": "staff", "password": "wrong"}, format="json")
    assert bad.status_code == 400


def test_create_and_scope(api_for, world):
    response = api_for("staff_a").post(reverse("organization-list"), PAYLOAD, format="json")
    assert response.status_code == 201, response.json()
    org = TwoNewOrganization.objects.get()
    assert org.street == world.street_a
    assert api_for("staff_b").get(reverse("organization-detail", args=[org.pk])).status_code == 404
    assert api_for("staff_b").get(reverse("organization-list")).json()["count"] == 0
    assert api_for("district").post(reverse("organization-list"), PAYLOAD, format="json").status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_code", "91310105N92L43K430"),
        ("credit_code", "x" * 300),
        ("contact_phone", "12345"),
        ("headcount", -1),
        ("headcount", 10**12),
        ("party_members", 50),
        ("name", "=cmd|' /C calc'!A0"),
        ("name", ""),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(api_for, world, field, value):
    existing = OrganizationFactory(street=world.street_a)
    response = api_for("staff_a").post(reverse("organization-list"), {**PAYLOAD, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert list(TwoNewOrganization.objects.all()) == [existing]


def test_update_needs_version_and_stale_version_conflicts(api_for, world):
    org = OrganizationFactory(street=world.street_a, name="原名")
    url = reverse("organization-detail", args=[org.pk])
    api = api_for("staff_a")
    assert api.patch(url, {"name": "无版本"}, format="json").status_code == 400
    assert api.patch(url, {"name": "甲", "version": 1}, format="json").status_code == 200
    response = api.patch(url, {"name": "乙", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    org.refresh_from_db()
    assert org.name == "甲"


def test_delete_archives_and_restore_brings_back(api_for, world):
    org = OrganizationFactory(street=world.street_a)
    api = api_for("staff_a")
    assert api.delete(reverse("organization-detail", args=[org.pk])).status_code == 204
    org.refresh_from_db()
    assert org.is_archived
    assert api.post(reverse("organization-restore", args=[org.pk])).status_code == 200
    org.refresh_from_db()
    assert not org.is_archived


def test_filters_shared_with_the_page(api_for, world):
    building = BuildingFactory(street=world.street_a)
    hit = OrganizationFactory(street=world.street_a, building=building, coverage="mass")
    OrganizationFactory(street=world.street_a, coverage="none")
    data = (
        api_for("staff_a")
        .get(reverse("organization-list"), {"coverage": "mass", "building": building.pk})
        .json()
    )
    assert [row["id"] for row in data["results"]] == [hit.pk]


def test_phone_is_masked_for_the_district(api_for, world):
    org = OrganizationFactory(street=world.street_a, contact_phone="13812345678")
    data = api_for("district").get(reverse("organization-detail", args=[org.pk])).json()
    assert data["contact_phone"] == "138****5678"


@pytest.mark.parametrize(
    "name",
    ["organization-list", "building-list", "partyorganization-list", "residentialarea-list", "street-list"],
)
def test_list_endpoints_query_count_is_flat(api_for, world, name):
    api = api_for("staff_a")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(reverse(name)).status_code == 200
        return len(ctx)

    OrganizationFactory.create_batch(
        2, street=world.street_a, building=BuildingFactory(street=world.street_a)
    )
    small = count()
    for _ in range(5):
        OrganizationFactory.create_batch(
            3, street=world.street_a, building=BuildingFactory(street=world.street_a)
        )
    assert count() == small


def test_schema_and_docs(client_for):
    client = client_for("staff_a")
    assert client.get(reverse("api-schema")).status_code == 200
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_building_coordinates_come_in_pairs(api_for, world):
    building = BuildingFactory(street=world.street_a)
    response = api_for("staff_a").patch(
        reverse("building-detail", args=[building.pk]), {"longitude": "121.4"}, format="json"
    )
    assert response.status_code == 400
    building.refresh_from_db()
    assert building.longitude is None


def test_deleting_a_building_in_use_is_refused_clearly(api_for, world):
    building = BuildingFactory(street=world.street_a)
    OrganizationFactory(street=world.street_a, building=building)
    response = api_for("staff_a").delete(reverse("building-detail", args=[building.pk]))
    assert response.status_code == 409
    assert (
        "refer" in response.json()["detail"]
        or "引用" in response.json()["detail"]
        or response.json()["detail"]
    )
    assert building.__class__.objects.filter(pk=building.pk).exists()


@pytest.mark.parametrize("value", ["-4.56e292", "99999999999999999999999999", "1e300"])
def test_huge_numbers_in_filters_are_a_clear_400_not_a_500(api_for, client_for, world, value):
    response = api_for("staff_a").get(reverse("organization-list"), {"building": value})
    assert response.status_code in (200, 400)
    page = client_for("staff_a").get(reverse("organizations:list"), {"building": value})
    assert page.status_code in (200, 400)
