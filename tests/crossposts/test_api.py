"""The API: a cadre sees and logs only their own visits; staff read their street's."""

import json
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crossposts.models import Assignment, Visit
from tests.crossposts import factories as f

pytestmark = pytest.mark.django_db


def payload(org, **overrides):
    data = {
        "organization": org.pk,
        "visited_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "method": "phone",
        "notes": "电话回访",
        "idempotency_key": str(uuid.uuid4()),
        "raised_needs": json.dumps([{"category": "training", "title": "党务培训", "description": ""}]),
    }
    data.update(overrides)
    return data


def test_cadre_creates_a_visit_with_photos_by_multipart(world, api_for, org1, checklist):
    data = payload(org1, checklist_done=[checklist.items.first().pk])
    data["uploaded_photos"] = [f.jpeg_upload("x.jpg"), f.jpeg_upload("y.webp", fmt="WEBP")]
    response = api_for("cadre1").post(reverse("visit-list"), data, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["photos"]) == 2 and body["checklist_template"] == checklist.pk
    assert body["raised_needs"][0]["title"] == "党务培训"
    visited_on = timezone.localtime(datetime.fromisoformat(data["visited_at"])).date()
    assert Assignment.objects.get(organization=org1).last_visited_on == visited_on


def test_resend_with_same_key_returns_the_existing_visit(world, api_for, org1, checklist):
    data = payload(org1)
    client = api_for("cadre1")
    first = client.post(reverse("visit-list"), data, format="multipart")
    second = client.post(reverse("visit-list"), data, format="multipart")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and Visit.objects.count() == 1


def test_the_same_key_cannot_be_reused_by_another_cadre(world, api_for, org1, org2, checklist):
    data = payload(org1)
    api_for("cadre1").post(reverse("visit-list"), data, format="multipart")
    response = api_for("cadre2").post(
        reverse("visit-list"), payload(org2, idempotency_key=data["idempotency_key"])
    )
    assert response.status_code == 400 and Visit.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"visited_at": (timezone.now() + timedelta(days=2)).isoformat()}, "visited_at"),
        ({"method": "pigeon"}, "method"),
        ({"raised_needs": '[{"category": "spaceflight", "title": "x"}]'}, "raised_needs"),
        ({"raised_needs": "not json"}, "raised_needs"),
        ({"latitude": "31.2"}, "latitude"),
        ({"idempotency_key": "nope"}, "idempotency_key"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(world, api_for, org1, checklist, overrides, field):
    response = api_for("cadre1").post(reverse("visit-list"), payload(org1, **overrides), format="multipart")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert re.search("[\u4e00-\u9fff]", str(response.json()[field])), "the error is in Chinese"
    assert not Visit.objects.exists()


@pytest.mark.parametrize("bad", [f.not_an_image, f.truncated_jpeg, f.bomb_png])
def test_bad_photos_are_refused(world, api_for, org1, checklist, bad):
    data = payload(org1, uploaded_photos=[bad()])
    response = api_for("cadre1").post(reverse("visit-list"), data, format="multipart")
    assert response.status_code == 400 and "uploaded_photos" in response.json()
    assert not Visit.objects.exists()


def test_cadre_cannot_create_for_or_see_another_cadres_visits(world, api_for, org1, org2, checklist):
    response = api_for("cadre1").post(reverse("visit-list"), payload(org2), format="multipart")
    assert response.status_code == 400 and "organization" in response.json()
    theirs = f.VisitFactory(cadre=world.cadre2, organization=org2)
    mine = f.VisitFactory(cadre=world.cadre1, organization=org1)
    listed = api_for("cadre1").get(reverse("visit-list")).json()["results"]
    assert [v["id"] for v in listed] == [mine.pk]
    assert api_for("cadre1").get(reverse("visit-detail", kwargs={"pk": theirs.pk})).status_code == 404
    assert api_for("staff_b").get(reverse("visit-list")).json()["count"] == 0
    assert api_for("staff_a").get(reverse("visit-list")).json()["count"] == 2
    assert api_for("staff_a").post(reverse("visit-list"), payload(org1)).status_code == 403
    assignments = api_for("cadre1").get(reverse("assignment-list")).json()["results"]
    assert [a["organization"] for a in assignments] == [org1.pk]


def test_addendum_by_api(world, api_for, org1):
    visit = f.VisitFactory(cadre=world.cadre1, organization=org1)
    response = api_for("cadre1").post(
        reverse("visit-addenda", kwargs={"pk": visit.pk}), {"text": ""}, format="json"
    )
    assert response.status_code == 400 and not visit.addenda.exists()
    response = api_for("cadre1").post(
        reverse("visit-addenda", kwargs={"pk": visit.pk}), {"text": "补记"}, format="json"
    )
    assert response.status_code == 201 and visit.addenda.get().text == "补记"


@pytest.mark.parametrize("name", ["visit-list", "assignment-list", "crosspost-list"])
def test_list_endpoints_run_the_same_queries_for_2_and_12_rows(world, api_for, name):
    client = api_for("staff_a")

    def grow(n):
        for _i in range(n):
            org = f.OrganizationFactory(street=world.street_a)
            a = f.AssignmentFactory(cadre=world.cadre1, organization=org)
            visit = f.VisitFactory(cadre=world.cadre1, organization=org, assignment=a)
            visit.addenda.create(author=world.cadre1, text="x")
            f.CrossPostFactory(
                cadre=world.cadre1,
                term_start=timezone.localdate() - timedelta(days=visit.pk),
                home_area=f.ResidentialAreaFactory(street=world.street_a),
                across_building=f.BuildingFactory(street=world.street_a),
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(10)
    assert count() == small


def test_patch_within_24_hours_with_version_check(world, api_for, org1, org2, checklist):
    client = api_for("cadre1")
    created = client.post(reverse("visit-list"), payload(org1), format="multipart").json()
    url = reverse("visit-detail", kwargs={"pk": created["id"]})
    ok = client.patch(url, {"notes": "改正记录", "version": 1}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["notes"] == "改正记录" and ok.json()["version"] == 2
    stale = client.patch(url, {"notes": "旧的", "version": 1}, format="json")
    assert stale.status_code == 409
    future = client.patch(
        url, {"visited_at": (timezone.now() + timedelta(days=3)).isoformat()}, format="json"
    )
    assert future.status_code == 400
    assert api_for("cadre2").patch(url, {"notes": "x"}, format="json").status_code == 404
    assert api_for("staff_a").patch(url, {"notes": "x"}, format="json").status_code == 403
    Visit.objects.filter(pk=created["id"]).update(created=timezone.now() - timedelta(hours=25))
    locked = client.patch(url, {"notes": "太晚", "version": 2}, format="json")
    assert locked.status_code == 403 and "24" in locked.json()["detail"]
    assert Visit.objects.get().notes == "改正记录"
