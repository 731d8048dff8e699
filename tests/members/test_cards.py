"""Service cards equal the underlying records; figures; the Excel sheet per work unit."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Attendance, Registration
from members import rules
from members.models import PledgeKind
from tests.events.factories import EventFactory
from tests.factories import OrganizationFactory
from tests.members.factories import CommunityCheckInFactory, PartyMemberFactory, PledgeMarkFactory, pledge
from tests.volunteers.factories import CheckInFactory, PairingFactory, TeamFactory, VolunteerFactory, record
from volunteers.models import ServiceRecord

Q2 = rules.Quarter(2024, 2)
IN_Q2 = datetime.date(2024, 5, 10)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def attend(event, *, user=None, volunteer=None, name="党员"):
    registration = Registration.objects.create(
        event=event, user=user, volunteer=volunteer, name=name, confirmed_at=timezone.now()
    )
    return Attendance.objects.create(event=event, registration=registration)


@pytest.fixture
def linked(world):
    """A member who is also a volunteer with an account, checked in with every default pledge."""
    volunteer = VolunteerFactory(street=world.street_a, is_party_member=True)
    member = PartyMemberFactory(street=world.street_a, volunteer=volunteer, user=world.cadre1)
    CommunityCheckInFactory(member=member, pledges=list(PledgeKind.objects.all()))
    team = TeamFactory(street=world.street_a)
    return member, volunteer, team


def test_hours_count_only_approved_records_in_the_quarter(linked):
    member, volunteer, team = linked
    record(team, [volunteer], IN_Q2, "2.5")
    record(team, [volunteer], IN_Q2 + datetime.timedelta(days=1), "1.5")
    record(team, [volunteer], IN_Q2, "3", status=ServiceRecord.Status.PENDING)
    record(team, [volunteer], IN_Q2, "4", status=ServiceRecord.Status.REJECTED)
    record(team, [volunteer], datetime.date(2024, 7, 1), "5")  # next quarter
    archived = record(team, [volunteer], IN_Q2 + datetime.timedelta(days=2), "6")
    archived.archive()
    card = rules.service_card(member, Q2)
    assert card.hours == Decimal("4.0")
    assert rules.service_card(member, rules.Quarter(2024, 3)).hours == Decimal("5")


def test_events_count_attendance_by_account_or_volunteer_once_per_event(world, linked):
    member, volunteer, _team = linked
    both = EventFactory(street=world.street_a, starts_at=at(IN_Q2), ends_at=at(IN_Q2, 12))
    attend(both, user=member.user)
    attend(both, volunteer=volunteer)  # the same person signed up twice: one event
    by_volunteer = EventFactory(street=world.street_a, starts_at=at(IN_Q2), ends_at=at(IN_Q2, 12))
    attend(by_volunteer, volunteer=volunteer)
    signed_up_only = EventFactory(street=world.street_a, starts_at=at(IN_Q2), ends_at=at(IN_Q2, 12))
    Registration.objects.create(
        event=signed_up_only, volunteer=volunteer, name="x", confirmed_at=timezone.now()
    )
    later = EventFactory(
        street=world.street_a,
        starts_at=at(datetime.date(2024, 8, 1)),
        ends_at=at(datetime.date(2024, 8, 1), 12),
    )
    attend(later, user=member.user)
    someone_else = EventFactory(street=world.street_a, starts_at=at(IN_Q2), ends_at=at(IN_Q2, 12))
    attend(someone_else, user=world.cadre2)
    assert rules.service_card(member, Q2).events == 2


def test_pledges_kept_follow_the_records_and_staff_marks(world, linked):
    member, volunteer, team = linked
    card = rules.service_card(member, Q2)
    assert card.checked_in
    assert card.pledges_made == 4
    assert card.pledges_kept == 0

    record(team, [volunteer], IN_Q2, "2")  # volunteer service kept
    pairing = PairingFactory(party_member=volunteer, street=world.street_a)
    CheckInFactory(pairing=pairing, visited_on=IN_Q2)  # pairing kept
    CheckInFactory(pairing=pairing, visited_on=IN_Q2 + datetime.timedelta(days=20))
    PledgeMarkFactory(member=member, pledge=pledge(PledgeKind.Rule.MANUAL), year=2024, quarter=2)
    card = rules.service_card(member, Q2)
    kept = {line.pledge.rule: line.kept for line in card.pledges}
    assert card.pairing_visits == 2
    assert card.pledges_kept == 3
    assert kept[PledgeKind.Rule.VOLUNTEER_HOURS] and kept[PledgeKind.Rule.PAIRING]
    # The other manual pledge (skills) is not marked, so not kept.
    assert [line.kept for line in card.pledges if line.pledge.rule == PledgeKind.Rule.MANUAL] == [True, False]


def test_no_pledges_before_checking_in_or_after_ending(world):
    member = PartyMemberFactory(street=world.street_a)
    checkin = CommunityCheckInFactory(
        member=member, checked_in_on=datetime.date(2024, 8, 1), pledges=[pledge(PledgeKind.Rule.MANUAL)]
    )
    assert not rules.service_card(member, Q2).checked_in
    assert rules.service_card(member, rules.Quarter(2024, 3)).pledges_made == 1
    rules.end_checkin(checkin, datetime.date(2024, 9, 1))
    assert rules.service_card(member, rules.Quarter(2024, 4)).pledges_made == 0


def test_figures_count_in_service_members_checked_in_and_pledges_kept(world, linked):
    _member, volunteer, team = linked
    record(team, [volunteer], IN_Q2, "2")
    PartyMemberFactory(street=world.street_a)  # in service, not checked in
    retired = PartyMemberFactory(street=world.street_a, status="retired", work_organization=None)
    CommunityCheckInFactory(member=retired)
    PartyMemberFactory(street=world.street_b)  # another street
    figures = rules.member_figures(world.staff_a, Q2)
    assert (figures.members, figures.in_service, figures.checked_in) == (3, 2, 1)
    assert figures.checked_in_share == 50
    assert (figures.pledges_made, figures.pledges_kept) == (4, 1)
    assert rules.member_figures(world.staff_b, Q2).members == 1
    assert rules.member_figures(world.cadre1, Q2).members == 0


def test_printable_card_shows_the_records(world, client_for, linked):
    member, volunteer, team = linked
    record(team, [volunteer], IN_Q2, "2.5", description="清扫楼道")
    response = client_for("staff_a").get(
        reverse("members:service_card", args=[member.pk]), {"period": "2024Q2"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "清扫楼道" in body
    assert "2.5" in body
    assert response.context["card"].hours == Decimal("2.5")


def test_excel_export_has_a_sheet_per_work_unit_equal_to_the_cards(world, client_for, linked):
    member, volunteer, team = linked
    record(team, [volunteer], IN_Q2, "3")
    other_unit = OrganizationFactory(street=world.street_a, name="=HYPERLINK(1)")
    PartyMemberFactory(street=world.street_a, work_organization=other_unit, name="张三")
    PartyMemberFactory(street=world.street_b, name="外街道")
    response = client_for("staff_a").get(reverse("members:service_cards_export"), {"period": "2024Q2"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheetnames) == 2
    rows = {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    member_sheet = rows[member.work_organization.name[:28]]
    assert member_sheet[1][0] == member.name
    assert member_sheet[1][4] == 3
    assert member_sheet[1][9] == 1  # volunteer service kept
    names = [row[0] for sheet in rows.values() for row in sheet[1:]]
    assert "外街道" not in names
