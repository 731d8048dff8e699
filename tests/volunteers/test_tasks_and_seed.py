"""Reminders to leaders, the nightly rating command, and the demo data."""

import datetime
import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from core.models import Notification
from tests.volunteers.factories import record
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    Pairing,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)
from volunteers.tasks import send_approval_reminders


def test_leaders_are_reminded_once_a_day_of_old_pending_hours(vw):
    old = record(
        vw.own_team, [vw.own_member], datetime.date.today() - timedelta(days=5), "2", status="pending"
    )
    ServiceRecord.objects.filter(pk__in=[old.pk, vw.other_pending.pk]).update(
        created=timezone.now() - timedelta(days=5)
    )
    assert send_approval_reminders() == 1  # other_team has no leader
    assert send_approval_reminders() == 0
    note = Notification.objects.get(recipient=vw.world.leader, kind="volunteers.approval_reminder")
    assert "1" in note.title  # only the record waiting more than three days; own_pending is fresh
    assert note.url == "/volunteers/"


def test_the_rating_command_rates_every_street(vw):
    out = io.StringIO()
    call_command("rate_building_groups", "--year", "2025", stdout=out)
    assert "2 building groups rated" in out.getvalue()
    assert BuildingGroupRating.objects.filter(year=2025).count() == 2


def test_the_demo_data_is_complete_and_seeding_twice_changes_nothing(db):
    from demo.seed import organizations as ledger_seed
    from demo.seed import volunteers as seed

    ctx = ledger_seed.run(io.StringIO())
    seed.run(ctx)
    teams = VolunteerTeam.objects.filter(residential_area=ctx.area)
    assert teams.count() == 31
    assert Volunteer.objects.filter(residential_area=ctx.area).count() == 800
    assert teams.filter(leader=ctx.users["leader1"]).count() == 1
    assert BuildingGroup.objects.filter(residential_area=ctx.area).count() == 40
    assert BuildingGroupRating.objects.filter(year=ctx.today.year).count() == 40
    assert Pairing.objects.count() == 40
    assert ServiceRecord.objects.filter(
        status=ServiceRecord.Status.PENDING, team__leader=ctx.users["leader1"]
    ).exists()
    dates = ServiceHours.objects.values_list("date", flat=True)
    assert min(dates) >= ctx.today - timedelta(days=365)
    counts = (
        VolunteerTeam.objects.count(),
        Volunteer.objects.count(),
        TeamMembership.objects.count(),
        ServiceRecord.objects.count(),
        ServiceHours.objects.count(),
    )
    seed.run(ledger_seed.run(io.StringIO()))
    assert counts == (
        VolunteerTeam.objects.count(),
        Volunteer.objects.count(),
        TeamMembership.objects.count(),
        ServiceRecord.objects.count(),
        ServiceHours.objects.count(),
    )
