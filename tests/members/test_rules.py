"""Dual check-in rules: one active check-in per member and area, one record per person, work units."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeKind, PledgeMark
from tests.factories import OrganizationFactory, PartyOrganizationFactory, ResidentialAreaFactory
from tests.members.factories import CommunityCheckInFactory, PartyMemberFactory, pledge
from tests.volunteers.factories import VolunteerFactory


@pytest.fixture
def member(world):
    return PartyMemberFactory(street=world.street_a)


def test_one_active_checkin_per_member_and_area_in_the_database(member):
    CommunityCheckInFactory(member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityCheckIn.objects.create(
            member=member, residential_area=member.residential_area, checked_in_on=datetime.date(2024, 2, 1)
        )
    assert member.checkins.count() == 1


def test_an_ended_checkin_makes_room_for_a_new_one(member):
    first = CommunityCheckInFactory(member=member)
    rules.end_checkin(first, datetime.date(2024, 3, 1))
    again = CommunityCheckIn(member=member, residential_area=member.residential_area)
    again.full_clean()
    again.save()
    assert member.checkins.active().count() == 1
    assert member.checkins.count() == 2


def test_another_area_is_a_separate_checkin(world, member):
    CommunityCheckInFactory(member=member)
    other = ResidentialAreaFactory(street=world.street_a)
    CommunityCheckInFactory(member=member, residential_area=other)
    assert member.checkins.active().count() == 2


def test_checkin_form_refuses_a_second_active_checkin(client_for, member):
    CommunityCheckInFactory(member=member)
    response = client_for("staff_a").post(
        reverse("members:checkin_create", args=[member.pk]),
        {"residential_area": member.residential_area_id, "checked_in_on": "2024-05-01"},
    )
    assert response.status_code == 200
    assert "该党员已向此居民区报到。" in response.content.decode()
    assert member.checkins.count() == 1


def test_checkin_form_checks_in_with_the_areas_party_organization(client_for, member):
    # A branch of the area too: the general branch is the one members check in with.
    PartyOrganizationFactory(street=member.street, residential_area=member.residential_area, level="branch")
    area_branch = PartyOrganizationFactory(
        street=member.street,
        residential_area=member.residential_area,
        level="general_branch",
    )
    volunteer = pledge(PledgeKind.Rule.VOLUNTEER_HOURS)
    response = client_for("staff_a").post(
        reverse("members:checkin_create", args=[member.pk]),
        {
            "residential_area": member.residential_area_id,
            "checked_in_on": "2024-05-01",
            "pledges": [volunteer.pk],
            "skills_offered": "法律咨询",
        },
    )
    assert response.status_code == 302
    checkin = member.checkins.get()
    assert checkin.party_organization == area_branch
    assert list(checkin.pledges.all()) == [volunteer]


def test_checkin_form_refuses_a_future_date_and_another_streets_area(world, client_for, member):
    other = ResidentialAreaFactory(street=world.street_b)
    url = reverse("members:checkin_create", args=[member.pk])
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client_for("staff_a").post(
        url, {"residential_area": member.residential_area_id, "checked_in_on": future}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["checked_in_on"]
    response = client_for("staff_a").post(url, {"residential_area": other.pk, "checked_in_on": "2024-05-01"})
    assert response.context["form"].errors["residential_area"]
    assert not member.checkins.exists()


def test_work_unit_is_one_or_the_other(world, member):
    member.work_party_organization = PartyOrganizationFactory(street=world.street_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_in_service_member_needs_a_work_unit_but_a_retired_one_does_not(world, client_for):
    porg = PartyOrganizationFactory(street=world.street_a)
    url = reverse("members:member_create")
    data = {"name": "李红", "party_organization": porg.pk, "status": "in_service", "phone": ""}
    response = client_for("staff_a").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["work_organization"]
    assert not PartyMember.objects.exists()
    response = client_for("staff_a").post(url, {**data, "status": "retired"})
    assert response.status_code == 302
    assert PartyMember.objects.get().street == world.street_a


def test_form_refuses_both_work_units_and_a_bad_phone(world, client_for):
    porg = PartyOrganizationFactory(street=world.street_a)
    org = OrganizationFactory(street=world.street_a)
    response = client_for("staff_a").post(
        reverse("members:member_create"),
        {
            "name": "李红",
            "party_organization": porg.pk,
            "status": "in_service",
            "work_organization": org.pk,
            "work_party_organization": porg.pk,
            "phone": "12345",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "phone" in errors
    assert not PartyMember.objects.exists()


def test_one_person_is_one_record_with_their_volunteer_record(world, client_for, member):
    volunteer = VolunteerFactory(street=world.street_a, is_party_member=False)
    member.volunteer = volunteer
    member.full_clean()
    member.save()
    rules.sync_volunteer(member)
    volunteer.refresh_from_db()
    assert volunteer.is_party_member
    second = PartyMemberFactory(street=world.street_a, volunteer=None)
    second.volunteer = volunteer
    assert "volunteer" in rules.member_errors(second)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_edit_form_links_a_volunteer_and_marks_them_a_party_member(world, client_for, member):
    volunteer = VolunteerFactory(street=world.street_a, is_party_member=False)
    response = client_for("staff_a").post(
        reverse("members:member_update", args=[member.pk]),
        {
            "name": member.name,
            "party_organization": member.party_organization_id,
            "status": member.status,
            "work_organization": member.work_organization_id,
            "residential_area": member.residential_area_id,
            "phone": member.phone,
            "volunteer": volunteer.pk,
            "version": member.version,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    volunteer.refresh_from_db()
    assert member.volunteer == volunteer
    assert volunteer.is_party_member
    assert member.history.count() == 2


def test_stale_edit_is_refused_with_the_conflict(client_for, member):
    data = {
        "name": "新名字",
        "party_organization": member.party_organization_id,
        "status": member.status,
        "work_organization": member.work_organization_id,
        "residential_area": member.residential_area_id,
        "phone": member.phone,
        "version": member.version,
    }
    PartyMember.objects.filter(pk=member.pk).update(version=member.version + 1)
    response = client_for("staff_a").post(reverse("members:member_update", args=[member.pk]), data)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.name != "新名字"


def test_pledge_marks_only_for_manual_pledges_that_were_made(client_for, member):
    manual = pledge(PledgeKind.Rule.MANUAL)
    hours = pledge(PledgeKind.Rule.VOLUNTEER_HOURS)
    quarter = rules.Quarter(2024, 2)
    with pytest.raises(ValidationError, match="未承诺"):
        rules.mark_pledge_kept(member, manual, quarter)
    CommunityCheckInFactory(member=member, pledges=[manual, hours])
    with pytest.raises(ValidationError, match="自动认定"):
        rules.mark_pledge_kept(member, hours, quarter)
    url = reverse("members:pledge_mark", args=[member.pk])
    client = client_for("staff_a")
    response = client.post(
        url, {"pledge": manual.pk, "period": rules.Quarter.current().key, "note": "楼组议事"}
    )
    assert response.status_code == 302
    client.post(url, {"pledge": manual.pk, "period": rules.Quarter.current().key, "note": "again"})
    assert PledgeMark.objects.filter(member=member).count() == 1
    response = client.post(url, {"pledge": manual.pk, "period": "bad", "note": "=cmd()"})
    assert PledgeMark.objects.filter(member=member).count() == 1


def test_quarter_arithmetic():
    q = rules.Quarter(2024, 1)
    assert q.start == datetime.date(2024, 1, 1)
    assert q.end == datetime.date(2024, 3, 31)
    assert q.previous() == rules.Quarter(2023, 4)
    assert rules.Quarter(2024, 4).end == datetime.date(2024, 12, 31)
    assert rules.Quarter.parse("2024q3") == rules.Quarter(2024, 3)
    assert rules.Quarter.parse("garbage", q) == q
    assert rules.Quarter.parse("2024Q9", q) == q
