"""The API under the same rules as the pages, and bad input on every form."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import BuildingFactory
from volunteers.models import (
    BuildingGroup,
    Pairing,
    PairingCheckIn,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

DAY = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()


def record_payload(vw, **overrides):
    return {
        "team": vw.own_team.pk,
        "date": DAY,
        "hours": "3",
        "description": "清扫楼道",
        "volunteers": [vw.own_member.pk],
    } | overrides


def test_the_leader_logs_service_through_the_api(vw, api_for):
    response = api_for("leader").post(reverse("service-record-list"), record_payload(vw), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "approved" and data["people"][0]["name"] == "王芳"


@pytest.mark.parametrize(
    "overrides",
    [{"hours": "25"}, {"hours": "0"}, {"hours": "x"}, {"volunteers": []}, {"date": "2999-01-01"}],
)
def test_bad_service_records_get_400_and_store_nothing(vw, api_for, overrides):
    before = ServiceRecord.objects.count()
    response = api_for("staff_a").post(
        reverse("service-record-list"), record_payload(vw, **overrides), format="json"
    )
    assert response.status_code == 400
    assert ServiceRecord.objects.count() == before


def test_two_api_records_adding_past_24_on_one_day(vw, api_for):
    api = api_for("leader")
    assert (
        api.post(reverse("service-record-list"), record_payload(vw, hours="20"), format="json").status_code
        == 201
    )
    response = api.post(reverse("service-record-list"), record_payload(vw, hours="4.5"), format="json")
    assert response.status_code == 400
    assert "王芳" in str(response.json())
    assert ServiceHours.objects.filter(volunteer=vw.own_member, date=DAY).count() == 1


def test_a_leader_cannot_log_for_another_team_through_the_api(vw, api_for):
    payload = record_payload(vw, team=vw.other_team.pk, volunteers=[vw.other_member.pk])
    assert api_for("leader").post(reverse("service-record-list"), payload, format="json").status_code == 400


def test_api_lists_follow_the_scope(vw, api_for):
    leader = api_for("leader")
    assert [t["name"] for t in leader.get(reverse("team-list")).json()["results"]] == ["美化家园队"]
    names = {v["name"] for v in leader.get(reverse("volunteer-list")).json()["results"]}
    assert "王芳" in names and "李强" not in names and "赵敏" not in names
    teams = {r["team"] for r in leader.get(reverse("service-record-list")).json()["results"]}
    assert teams == {vw.own_team.pk}
    assert leader.get(reverse("building-group-list")).status_code == 403
    staff_b = api_for("staff_b")
    assert {t["name"] for t in staff_b.get(reverse("team-list")).json()["results"]} == {"仙霞队"}


def test_approve_through_the_api(vw, api_for):
    response = api_for("leader").post(reverse("service-record-approve", args=[vw.own_pending.pk]))
    assert response.status_code == 200 and response.json()["status"] == "approved"
    again = api_for("leader").post(reverse("service-record-reject", args=[vw.own_pending.pk]))
    assert again.status_code == 400


def test_a_stale_team_edit_gets_409(vw, api_for):
    api = api_for("staff_a")
    url = reverse("team-detail", args=[vw.own_team.pk])
    version = api.get(url).json()["version"]
    assert api.patch(url, {"focus": "助老", "version": version}, format="json").status_code == 200
    response = api.patch(url, {"focus": "清洁", "version": version}, format="json")
    assert response.status_code == 409
    vw.own_team.refresh_from_db()
    assert vw.own_team.focus == "助老"


def test_bad_teams_and_volunteers_through_the_api(vw, api_for):
    api = api_for("staff_a")
    building = BuildingFactory(street=vw.world.street_a)
    both = {"name": "新队", "residential_area": vw.area_a.pk, "building": building.pk}
    assert api.post(reverse("team-list"), both, format="json").status_code == 400
    clash = {"name": "美化家园队", "residential_area": vw.area_a.pk}
    assert api.post(reverse("team-list"), clash, format="json").status_code == 400
    other_street = {"name": "越界队", "residential_area": vw.area_b.pk}
    assert api.post(reverse("team-list"), other_street, format="json").status_code == 400
    assert not VolunteerTeam.objects.filter(name__in=["新队", "越界队"]).exists()
    bad_phone = {"name": "孙", "phone": "12345", "residential_area": vw.area_a.pk}
    assert api.post(reverse("volunteer-list"), bad_phone, format="json").status_code == 400
    ok = api.post(reverse("volunteer-list"), bad_phone | {"phone": "139 1234 5678"}, format="json")
    assert ok.status_code == 201 and ok.json()["phone"] == "13912345678"
    zero = {"residential_area": vw.area_a.pk, "number": "5号", "households": 0}
    assert api.post(reverse("building-group-list"), zero, format="json").status_code == 400
    assert api_for("district").post(reverse("volunteer-list"), bad_phone, format="json").status_code == 403


def test_deleting_through_the_api_archives(vw, api_for):
    assert api_for("staff_a").delete(reverse("volunteer-detail", args=[vw.own_member.pk])).status_code == 204
    vw.own_member.refresh_from_db()
    assert vw.own_member.is_archived


# ---------------------------------------------------------------- page forms


def test_team_form_refuses_both_places_and_a_duplicate_name(vw, client_for):
    client = client_for("staff_a")
    building = BuildingFactory(street=vw.world.street_a)
    response = client.post(
        reverse("volunteers:team_create"),
        {"name": "新队", "residential_area": vw.area_a.pk, "building": building.pk, "active": "on"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        reverse("volunteers:team_create"),
        {"name": "美化家园队", "residential_area": vw.area_a.pk, "active": "on"},
    )
    assert "name" in response.context["form"].errors
    assert VolunteerTeam.objects.filter(name="美化家园队").count() == 1
    response = client.post(
        reverse("volunteers:team_create"),
        {"name": "新队", "residential_area": vw.area_a.pk, "leader": vw.world.leader.pk, "active": "on"},
    )
    assert response.status_code == 302
    assert VolunteerTeam.objects.get(name="新队").street == vw.world.street_a


def test_volunteer_form_refuses_a_bad_phone_and_a_group_of_another_area(vw, client_for):
    from tests.factories import ResidentialAreaFactory
    from tests.volunteers.factories import BuildingGroupFactory

    other_area = ResidentialAreaFactory(street=vw.world.street_a)
    far_group = BuildingGroupFactory(residential_area=other_area)
    client = client_for("staff_a")
    data = {"name": "孙", "phone": "12345", "residential_area": vw.area_a.pk, "availability": "any"}
    response = client.post(reverse("volunteers:volunteer_create"), data)
    assert "phone" in response.context["form"].errors
    response = client.post(
        reverse("volunteers:volunteer_create"), data | {"phone": "", "building_group": far_group.pk}
    )
    assert "building_group" in response.context["form"].errors
    response = client.post(reverse("volunteers:volunteer_create"), data | {"phone": "=HYPERLINK()"})
    assert response.context["form"].errors
    assert not Volunteer.objects.filter(name="孙").exists()
    response = client.post(reverse("volunteers:volunteer_create"), data | {"phone": "021 6234 5678"})
    assert response.status_code == 302
    assert Volunteer.objects.get(name="孙").phone == "021-62345678"


def test_stale_volunteer_edit_shows_the_conflict(vw, client_for):
    client = client_for("staff_a")
    url = reverse("volunteers:volunteer_edit", args=[vw.own_member.pk])
    data = {
        "name": "王芳",
        "phone": "13812345678",
        "residential_area": vw.area_a.pk,
        "availability": "weekends",
        "version": vw.own_member.version,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"availability": "evenings"})
    assert response.status_code == 200
    vw.own_member.refresh_from_db()
    assert vw.own_member.availability == "weekends"


def test_membership_add_and_end(vw, client_for):
    from tests.volunteers.factories import VolunteerFactory

    newcomer = VolunteerFactory(street=vw.world.street_a, residential_area=vw.area_a, name="新人")
    client = client_for("staff_a")
    client.post(
        reverse("volunteers:membership_add", args=[vw.own_team.pk]),
        {"volunteer": newcomer.pk, "role": "member", "joined_on": "2025-01-01"},
    )
    membership = TeamMembership.objects.get(volunteer=newcomer, team=vw.own_team)
    # Twice is refused.
    client.post(
        reverse("volunteers:membership_add", args=[vw.own_team.pk]),
        {"volunteer": newcomer.pk, "role": "member", "joined_on": "2025-01-01"},
    )
    assert TeamMembership.objects.filter(volunteer=newcomer).count() == 1
    client.post(reverse("volunteers:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_on is not None


def test_pairing_and_checkins(vw, client_for):
    client = client_for("staff_a")
    party_member = Volunteer.objects.get(name="党员张")
    response = client.post(
        reverse("volunteers:pairing_create"),
        {
            "party_member": party_member.pk,
            "household": "刘家",
            "building_group": vw.group_a.pk,
            "started_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    pairing = Pairing.objects.get(household="刘家")
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    client.post(reverse("volunteers:pairing_checkin", args=[pairing.pk]), {"visited_on": future, "note": "x"})
    assert not PairingCheckIn.objects.filter(pairing=pairing).exists()
    client.post(
        reverse("volunteers:pairing_checkin", args=[pairing.pk]), {"visited_on": "2025-02-01", "note": "送米"}
    )
    assert PairingCheckIn.objects.filter(pairing=pairing).count() == 1
    # A non-member cannot be paired.
    response = client.post(
        reverse("volunteers:pairing_create"),
        {"party_member": vw.own_member.pk, "household": "周家", "started_on": "2025-01-01"},
    )
    assert response.status_code == 200 and "party_member" in response.context["form"].errors


def test_building_group_form_refuses_duplicates(vw, client_for):
    response = client_for("staff_a").post(
        reverse("volunteers:group_create"),
        {"residential_area": vw.area_a.pk, "number": "1号", "households": 10},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert BuildingGroup.objects.filter(number="1号", residential_area=vw.area_a).count() == 1


def test_staff_overview_shows_participation(vw, client_for):
    response = client_for("staff_a").get(reverse("volunteers:index"))
    area = next(a for a in response.context["areas"] if a.pk == vw.area_a.pk)
    assert area.volunteer_count == 3  # 王芳, 李强, 党员张
    assert round(area.participation, 2) == round(3 / 3000 * 100, 2)
    assert "0.1%" in response.content.decode()
