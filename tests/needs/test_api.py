"""The API: scope, query counts, transitions, conflicts (409), bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs.models import Need, Project, Resource
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory, ProjectFactory, ResourceFactory


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def test_need_list_scope(world, nw, api_for):
    refs = {n["reference"] for n in api_for("staff_a").get("/api/v1/needs/").json()["results"]}
    assert refs == {nw.need_a.reference}
    refs = {n["reference"] for n in api_for("staff_b").get("/api/v1/needs/").json()["results"]}
    assert refs == {nw.need_b.reference}
    assert api_for("cadre2").get("/api/v1/needs/").json()["results"] == []
    assert len(api_for("district").get("/api/v1/needs/").json()["results"]) == 2
    assert api_for("staff_b").get(f"/api/v1/needs/{nw.need_a.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/needs/", lambda w, o: NeedFactory(organization=o, assignee=w.staff_a, raised_by=w.cadre1)),
        ("/api/v1/resources/", lambda w, o: ResourceFactory(organization=o)),
        ("/api/v1/projects/", lambda w, o: ProjectFactory(street=w.street_a, lead=w.staff_a)),
    ],
)
def test_list_query_counts_are_constant(world, nw, api_for, url, make):
    client = api_for("staff_a")
    small = _count(client, url)
    for _ in range(10):
        make(world, OrganizationFactory(street=world.street_a))
    large = _count(client, url)
    assert small == large


def test_transition_endpoint(world, nw, api_for):
    client = api_for("staff_a")
    url = f"/api/v1/needs/{nw.need_a.pk}/transition/"
    refused = client.post(url, {"to": "resolved"}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"]
    no_reason = client.post(url, {"to": "rejected"}, format="json")
    assert no_reason.status_code == 400
    ok = client.post(url, {"to": "accepted", "note": "受理", "version": nw.need_a.version}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert ok.json()["events"][-1]["to_status"] == "accepted"
    stale = client.post(url, {"to": "in_progress", "version": nw.need_a.version}, format="json")
    assert stale.status_code == 409
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == "accepted"
    assert api_for("district").post(url, {"to": "in_progress"}, format="json").status_code == 403


def test_update_conflict_is_409(world, nw, api_for):
    client = api_for("staff_a")
    url = f"/api/v1/needs/{nw.need_a.pk}/"
    version = nw.need_a.version
    assert client.patch(url, {"title": "新标题", "version": version}, format="json").status_code == 200
    response = client.patch(url, {"title": "覆盖", "version": version}, format="json")
    assert response.status_code == 409
    nw.need_a.refresh_from_db()
    assert nw.need_a.title == "新标题"
    # status cannot be written directly
    client.patch(url, {"status": "closed"}, format="json")
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == "submitted"


def test_create_through_the_api(world, nw, api_for):
    client = api_for("cadre1")
    response = client.post(
        "/api/v1/needs/",
        {"organization": nw.org_a.pk, "category": "medical", "title": "义诊", "source": "visit"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    need = Need.objects.get(title="义诊")
    assert need.raised_by == world.cadre1 and need.reference == response.json()["reference"]
    bad = client.post(
        "/api/v1/needs/", {"organization": nw.org_b.pk, "category": "x", "title": ""}, format="json"
    )
    assert bad.status_code == 400 and {"organization", "category", "title"} <= set(bad.json())
    bad_phone = client.post(
        "/api/v1/needs/",
        {"organization": nw.org_a.pk, "category": "medical", "title": "x", "contact_phone": "999"},
        format="json",
    )
    assert bad_phone.status_code == 400 and "contact_phone" in bad_phone.json()
    assert Need.objects.count() == 3


def test_match_and_project_actions(world, nw, api_for):
    client = api_for("staff_a")
    response = client.post(
        f"/api/v1/needs/{nw.need_a.pk}/match/", {"resource": nw.resource_a.pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "matched"
    assert (
        client.post(
            f"/api/v1/needs/{nw.need_a.pk}/match/", {"resource": nw.resource_b.pk}, format="json"
        ).status_code
        == 400
    )
    other = NeedFactory(organization=nw.org_a)
    made = client.post(f"/api/v1/needs/{other.pk}/project/", {"kind": "warm_heart"}, format="json")
    assert made.status_code == 201 and Project.objects.get(need=other).name == other.title
    assert client.post(f"/api/v1/needs/{other.pk}/project/", {}, format="json").status_code == 400


def test_resource_api_scope_and_rules(world, nw, api_for):
    client = api_for("staff_a")
    data = {"street": world.street_a.pk, "name": "体检车", "category": "medical"}
    assert client.post("/api/v1/resources/", data, format="json").status_code == 400
    assert (
        client.post(
            "/api/v1/resources/",
            data | {"street": world.street_b.pk, "organization": nw.org_b.pk},
            format="json",
        ).status_code
        == 400
    )
    created = client.post("/api/v1/resources/", data | {"organization": nw.org_a.pk}, format="json")
    assert created.status_code == 201
    assert (
        api_for("staff_b")
        .patch(f"/api/v1/resources/{created.json()['id']}/", {"capacity": 3}, format="json")
        .status_code
        == 404
    )
    assert api_for("cadre1").post("/api/v1/resources/", data, format="json").status_code == 403
    assert client.delete(f"/api/v1/resources/{created.json()['id']}/").status_code == 204
    assert Resource.objects.get(name="体检车").is_archived


def test_project_api_conflict(world, nw, api_for):
    client = api_for("staff_a")
    url = f"/api/v1/projects/{nw.project_a.pk}/"
    version = nw.project_a.version
    assert client.patch(url, {"status": "active", "version": version}, format="json").status_code == 200
    assert client.patch(url, {"status": "cancelled", "version": version}, format="json").status_code == 409
    assert (
        client.patch(url, {"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, format="json").status_code
        == 400
    )
    assert api_for("staff_b").get(url).status_code == 404


def test_cadre_cannot_reassign_through_the_api(world, nw, api_for):
    response = api_for("cadre1").patch(
        f"/api/v1/needs/{nw.need_a.pk}/",
        {"assignee": world.staff_a.pk, "urgency": "high", "version": nw.need_a.version},
        format="json",
    )
    assert response.status_code == 200
    nw.need_a.refresh_from_db()
    assert nw.need_a.assignee is None and nw.need_a.urgency == "high"
