"""One optimistic-locking rule through every door: the API, the page forms and the admin.

The API cases run over every update endpoint of a versioned model that tests/scope_records.py
knows a writer and a payload for (the same records the object-scope tests use).
"""

import pytest
from django.db.models import F
from django.urls import reverse
from rest_framework.test import APIClient

from core.api.versioning import VERSION_REQUIRED
from core.models import VersionedModel
from tests import scope_records as sr
from tests.scope_records import API_ROUTES

pytestmark = pytest.mark.django_db

VERSIONED_ROUTES = sorted(
    name
    for name, route in API_ROUTES.items()
    if route.positive
    and name.endswith("-detail")
    and route.record not in {"area", "building", "party", "checkin", "group"}
)


def _setup(world, name):
    route = API_ROUTES[name]
    records = sr.build(world)
    obj = getattr(records, route.record)
    assert isinstance(obj, VersionedModel), name
    client = APIClient()
    client.force_login(world.users[route.positive])
    url = reverse(name, kwargs=route.url_kwargs(records))
    data = {k: v for k, v in route.data.items() if k != "version"}
    return obj, client, url, data


def test_every_versioned_model_with_an_api_update_is_covered():
    covered = {API_ROUTES[name].record for name in VERSIONED_ROUTES}
    assert covered == {
        "org",
        "member",
        "visit",
        "draft_report",
        "need",
        "resource",
        "project",
        "team",
        "volunteer",
        "event",
    }


@pytest.mark.parametrize("name", VERSIONED_ROUTES)
def test_patch_without_version_is_400_and_changes_nothing(world, name):
    obj, client, url, data = _setup(world, name)
    before = sr.snapshot(obj)
    response = client.patch(url, data, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["version"] == [str(VERSION_REQUIRED)]
    assert sr.snapshot(obj) == before


@pytest.mark.parametrize("name", VERSIONED_ROUTES)
@pytest.mark.parametrize("stale", ["zero", "older"])
def test_patch_with_a_stale_version_is_409_and_changes_nothing(world, name, stale):
    obj, client, url, data = _setup(world, name)
    model = type(obj)
    if stale == "older":
        # Someone else saved since this client read version n.
        sent = model._base_manager.get(pk=obj.pk).version
        model._base_manager.filter(pk=obj.pk).update(version=F("version") + 1)
    else:
        sent = 0
    before = sr.snapshot(obj)
    response = client.patch(url, {**data, "version": sent}, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    current = model._base_manager.get(pk=obj.pk).version
    assert body["current_version"] == current
    assert body["current"]["version"] == current
    assert sr.snapshot(obj) == before


@pytest.mark.parametrize("name", VERSIONED_ROUTES)
def test_patch_with_the_current_version_is_200_and_takes_the_next(world, name):
    obj, client, url, data = _setup(world, name)
    version = type(obj)._base_manager.get(pk=obj.pk).version
    response = client.patch(url, {**data, "version": version}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
    assert type(obj)._base_manager.get(pk=obj.pk).version == version + 1


def test_get_shows_the_version(world):
    obj, client, url, _data = _setup(world, "need-detail")
    assert client.get(url).json()["version"] == obj.version


@pytest.mark.parametrize("stale", [False, True])
def test_a_stale_admin_change_form_is_refused(world, stale):
    from django.contrib import admin
    from django.test import Client

    from tests.factories import OrganizationFactory

    org = OrganizationFactory(street=world.street_a, name="原名称有限公司")
    client = Client()
    client.force_login(world.admin)
    url = reverse(f"admin:{org._meta.app_label}_{org._meta.model_name}_change", args=[org.pk])
    form = client.get(url).context["adminform"].form
    assert form["version"].value() == org.version
    data = {name: form[name].value() for name in form.fields}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if v is not None}
    data["name"] = "管理员改的名称有限公司"
    if stale:
        type(org).objects.filter(pk=org.pk).update(version=F("version") + 1, name="别人改的有限公司")
    assert type(org) in admin.site._registry
    response = client.post(url, data)
    fresh = type(org).objects.get(pk=org.pk)
    if stale:
        assert response.status_code == 200, response.status_code
        assert response.context["adminform"].form.non_field_errors()
        assert fresh.name == "别人改的有限公司"
    else:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert fresh.name == "管理员改的名称有限公司" and fresh.version == org.version + 1
