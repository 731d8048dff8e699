"""Member pages and endpoints: filters, masking, scope, bad input, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import CommunityCheckIn, PartyMember, PledgeKind
from tests.factories import OrganizationFactory, PartyOrganizationFactory, ResidentialAreaFactory
from tests.members.factories import CommunityCheckInFactory, PartyMemberFactory, pledge
from tests.volunteers.factories import TeamFactory, VolunteerFactory, record


@pytest.fixture
def member(world):
    return PartyMemberFactory(street=world.street_a, phone="13812345678")


# --- Filters ---------------------------------------------------------------------------------


def test_member_list_filters_by_work_unit_area_and_checked_in(world, client_for):
    unit = OrganizationFactory(street=world.street_a)
    area = ResidentialAreaFactory(street=world.street_a)
    a = PartyMemberFactory(street=world.street_a, work_organization=unit, residential_area=area, name="甲")
    b = PartyMemberFactory(street=world.street_a, name="乙")
    CommunityCheckInFactory(member=a)
    ended = CommunityCheckInFactory(member=b)
    ended.status, ended.ended_on = CommunityCheckIn.Status.ENDED, datetime.date(2024, 2, 1)
    ended.save()
    client = client_for("staff_a")
    url = reverse("members:members")

    def names(**query):
        return {m.name for m in client.get(url, query).context["members"]}

    assert names() == {"甲", "乙"}
    assert names(work_organization=unit.pk) == {"甲"}
    assert names(residential_area=area.pk) == {"甲"}
    assert names(checked_in="true") == {"甲"}
    assert names(checked_in="false") == {"乙"}
    response = client.get(url)
    assert response.context["figures"].in_service == 2


def test_checkin_list_filters_by_pledge(world, client_for):
    hours = pledge(PledgeKind.Rule.VOLUNTEER_HOURS)
    CommunityCheckInFactory(member=PartyMemberFactory(street=world.street_a, name="甲"), pledges=[hours])
    CommunityCheckInFactory(member=PartyMemberFactory(street=world.street_a, name="乙"))
    response = client_for("staff_a").get(reverse("members:checkins"), {"pledges": hours.pk})
    assert [c.member.name for c in response.context["checkins"]] == ["甲"]


# --- Masking and scope -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [("staff_a", "13812345678"), ("admin", "13812345678"), ("district", "138****5678")],
)
def test_phone_is_masked_by_role_on_pages_and_api(world, client_for, api_for, member, role, shown):
    page = client_for(role).get(reverse("members:member_detail", args=[member.pk]))
    assert shown in page.content.decode()
    listing = client_for(role).get(reverse("members:members"))
    assert shown in listing.content.decode()
    data = api_for(role).get(reverse("partymember-detail", args=[member.pk])).json()
    assert data["phone"] == shown
    if shown != member.phone:
        assert member.phone not in page.content.decode()


def test_other_streets_and_other_roles_never_see_members(world, client_for, api_for, member):
    CommunityCheckInFactory(member=member)
    assert client_for("staff_b").get(reverse("members:member_detail", args=[member.pk])).status_code == 404
    assert not client_for("staff_b").get(reverse("members:members")).context["members"]
    assert not client_for("staff_b").get(reverse("members:checkins")).context["checkins"]
    assert api_for("staff_b").get(reverse("partymember-list")).json()["count"] == 0
    assert api_for("staff_b").get(reverse("checkin-list")).json()["count"] == 0
    for role in ("cadre1", "leader"):
        assert api_for(role).get(reverse("partymember-list")).status_code == 403
        assert client_for(role).get(reverse("members:members")).status_code == 403
    # The district reads every street of its district, but cannot write.
    assert api_for("district").get(reverse("partymember-list")).json()["count"] == 1
    response = api_for("district").patch(
        reverse("partymember-detail", args=[member.pk]), {"name": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_staff_b_cannot_check_in_street_as_member(world, api_for, member):
    response = api_for("staff_b").post(
        reverse("checkin-list"),
        {"member": member.pk, "residential_area": member.residential_area_id, "checked_in_on": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 400
    assert not CommunityCheckIn.objects.exists()


# --- API -------------------------------------------------------------------------------------


def test_api_creates_a_member_in_the_callers_street(world, api_for):
    porg = PartyOrganizationFactory(street=world.street_a)
    org = OrganizationFactory(street=world.street_a)
    response = api_for("staff_a").post(
        reverse("partymember-list"),
        {
            "name": "王芳",
            "party_organization": porg.pk,
            "work_organization": org.pk,
            "phone": "138 1234 5678",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    member = PartyMember.objects.get()
    assert member.street == world.street_a
    assert member.phone == "13812345678"


def test_api_refuses_bad_members(world, api_for):
    porg = PartyOrganizationFactory(street=world.street_a)
    org = OrganizationFactory(street=world.street_a)
    other_street_org = OrganizationFactory(street=world.street_b)
    client = api_for("staff_a")
    url = reverse("partymember-list")
    response = client.post(url, {"name": "王芳", "party_organization": porg.pk}, format="json")
    assert response.status_code == 400
    assert "work_organization" in response.json()
    response = client.post(
        url,
        {
            "name": "王芳",
            "party_organization": porg.pk,
            "work_organization": org.pk,
            "work_party_organization": porg.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"name": "王芳", "party_organization": porg.pk, "work_organization": other_street_org.pk},
        format="json",
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"name": "王芳", "party_organization": porg.pk, "work_organization": org.pk, "phone": "abc"},
        format="json",
    )
    assert response.status_code == 400
    assert not PartyMember.objects.exists()


def test_api_update_needs_the_version_and_conflicts_give_409(api_for, member):
    client = api_for("staff_a")
    url = reverse("partymember-detail", args=[member.pk])
    assert client.patch(url, {"name": "新"}, format="json").status_code == 400
    assert client.patch(url, {"name": "新", "version": member.version}, format="json").status_code == 200
    assert client.patch(url, {"name": "旧", "version": member.version}, format="json").status_code == 409
    member.refresh_from_db()
    assert member.name == "新"


def test_api_delete_archives(api_for, member):
    assert api_for("staff_a").delete(reverse("partymember-detail", args=[member.pk])).status_code == 204
    member.refresh_from_db()
    assert member.is_archived
    assert api_for("staff_a").get(reverse("partymember-list")).json()["count"] == 0


def test_api_checkin_one_active_per_area(api_for, member):
    client = api_for("staff_a")
    hours = pledge(PledgeKind.Rule.VOLUNTEER_HOURS)
    data = {
        "member": member.pk,
        "residential_area": member.residential_area_id,
        "checked_in_on": "2024-05-01",
        "pledges": [hours.pk],
    }
    response = client.post(reverse("checkin-list"), data, format="json")
    assert response.status_code == 201, response.json()
    response = client.post(reverse("checkin-list"), data, format="json")
    assert response.status_code == 400
    assert "residential_area" in response.json()
    assert CommunityCheckIn.objects.count() == 1
    checkin = CommunityCheckIn.objects.get()
    ended = client.patch(
        reverse("checkin-detail", args=[checkin.pk]),
        {"status": "ended", "ended_on": "2024-04-01"},
        format="json",
    )
    assert ended.status_code == 400  # before it began
    ended = client.patch(
        reverse("checkin-detail", args=[checkin.pk]),
        {"status": "ended", "ended_on": "2024-06-01"},
        format="json",
    )
    assert ended.status_code == 200
    assert client.post(reverse("checkin-list"), data, format="json").status_code == 201


def test_api_service_card(world, api_for, member):
    volunteer = VolunteerFactory(street=world.street_a, is_party_member=True)
    member.volunteer = volunteer
    member.save()
    CommunityCheckInFactory(member=member, pledges=[pledge(PledgeKind.Rule.VOLUNTEER_HOURS)])
    record(TeamFactory(street=world.street_a), [volunteer], datetime.date(2024, 5, 3), "2")
    data = (
        api_for("staff_a")
        .get(reverse("partymember-service-card", args=[member.pk]), {"period": "2024Q2"})
        .json()
    )
    assert data["period"] == "2024Q2"
    assert data["hours"] == "2.0"
    assert data["pledges_kept"] == 1


# --- Query counts: the same for 2 rows as for 12 ---------------------------------------------


def grow(world, n):
    unit = OrganizationFactory(street=world.street_a)
    team = TeamFactory(street=world.street_a)
    for _i in range(n):
        volunteer = VolunteerFactory(street=world.street_a, is_party_member=True)
        member = PartyMemberFactory(street=world.street_a, volunteer=volunteer, work_organization=unit)
        CommunityCheckInFactory(member=member, pledges=list(PledgeKind.objects.all()))
        record(team, [volunteer], datetime.date.today() - datetime.timedelta(days=1), "1")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "api"),
    [
        ("members:members", False),
        ("members:checkins", False),
        ("members:service_cards", False),
        ("members:service_cards_export", False),
        ("partymember-list", True),
        ("checkin-list", True),
    ],
)
def test_list_query_count_is_constant(world, client_for, api_for, name, api):
    client = api_for("staff_a") if api else client_for("staff_a")
    url = reverse(name)
    grow(world, 2)
    small = count_queries(client, url)
    grow(world, 10)
    large = count_queries(client, url)
    assert small == large


def test_the_api_archives_on_delete_and_restores(world, api_for, member):
    api = api_for("staff_a")
    assert api.delete(reverse("partymember-detail", args=[member.pk])).status_code == 204
    member.refresh_from_db()
    assert member.is_archived
    assert api.get(reverse("partymember-list")).json()["count"] == 0
    assert api_for("staff_b").post(reverse("partymember-restore", args=[member.pk])).status_code == 404
    assert api_for("district").post(reverse("partymember-restore", args=[member.pk])).status_code == 403
    assert api.post(reverse("partymember-restore", args=[member.pk])).status_code == 200
    member.refresh_from_db()
    assert not member.is_archived
    assert api.get(reverse("partymember-list")).json()["count"] == 1
