"""generate_scale_data: counts, the constraints it must respect, and refusing a filled database."""

import io
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from crossposts.models import Assignment, Visit
from demo.scale import Counts, RefuseError, generate, parse_scale
from events.models import Attendance, Event, Registration
from needs.models import Need
from organizations.models import Building, Street, TwoNewOrganization
from organizations.validators import normalize_credit_code
from volunteers.models import ServiceHours, ServiceRecord, TeamMembership, Volunteer

pytestmark = pytest.mark.django_db

FACTOR = 0.0005


@pytest.fixture
def generated():
    return generate(FACTOR, seed=7)


def test_parse_scale():
    assert parse_scale("city") == 1.0
    assert parse_scale("1/100") == 0.01
    assert parse_scale("0.25") == 0.25
    assert parse_scale("street") == 0.05
    with pytest.raises(ValueError):
        parse_scale("-1")


def test_city_counts_are_the_issue_figures():
    n = Counts.for_factor(1.0)
    assert (n.streets, n.organizations, n.cadres, n.visits) == (20, 100_000, 2_000, 1_000_000)
    assert (n.needs, n.volunteers, n.service_records, n.events) == (200_000, 100_000, 500_000, 20_000)


def test_counts(generated):
    n = Counts.for_factor(FACTOR)
    assert Street.objects.count() == n.streets
    assert Building.objects.count() == n.buildings
    assert TwoNewOrganization.objects.count() == n.organizations
    assert Need.objects.count() == n.needs
    assert Volunteer.objects.count() == n.volunteers
    assert Event.objects.count() == n.events
    # Visits follow cadences, calibrated to the target: close to it, not exactly it.
    assert 0.5 * n.visits <= Visit.objects.count() <= 1.5 * n.visits
    # A record is dropped only when all its volunteers already have 24 hours that day.
    assert 0.9 * n.service_records <= ServiceRecord.objects.count() <= n.service_records
    assert ServiceHours.objects.count() >= ServiceRecord.objects.count()
    assert TeamMembership.objects.count() >= n.volunteers
    assert Registration.objects.exists() and Attendance.objects.exists()
    assert generated["crossposts_visit"] == Visit.objects.count()


def test_credit_codes_valid_and_unique(generated):
    codes = list(TwoNewOrganization.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert normalize_credit_code(code) == code


def test_nobody_over_24_hours_a_day(generated):
    worst = (
        ServiceHours.objects.values("volunteer", "date")
        .annotate(total=Sum("hours"))
        .order_by("-total")
        .first()
    )
    assert worst["total"] <= Decimal("24")
    # Every hours row repeats its record's date and hours, and the volunteer is in the record's team.
    members = defaultdict(set)
    for team, volunteer in TeamMembership.objects.values_list("team", "volunteer"):
        members[team].add(volunteer)
    for row in ServiceHours.objects.select_related("record"):
        assert row.date == row.record.date and row.hours == row.record.hours
        assert row.volunteer_id in members[row.record.team_id]


def test_last_visited_on_is_the_last_visits_local_date(generated):
    last = {
        a: timezone.localtime(at).date()
        for a, at in Visit.objects.values_list("assignment").annotate(at=Max("visited_at"))
    }
    assignments = list(Assignment.objects.all())
    assert assignments
    for a in assignments:
        assert a.last_visited_on == last.get(a.pk)
    # Some assignments were never visited; some organizations have no assignment at all.
    assert any(a.last_visited_on is None for a in assignments) or Visit.objects.count() == 0
    assert TwoNewOrganization.objects.exclude(assignments__isnull=False).exists()
    # Visits are never before the organization entered the ledger, nor in the future.
    for visit in Visit.objects.select_related("organization"):
        assert timezone.localtime(visit.visited_at).date() >= visit.organization.registered_on
        assert visit.visited_at <= timezone.now()
        assert visit.cadre_id == visit.assignment.cadre_id
        assert visit.street_id == visit.organization.street_id  # the denormalized street column


def test_one_active_assignment_per_cadre_and_org(generated):
    assert not (
        Assignment.objects.filter(active=True)
        .values("cadre", "organization")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    assert set(Assignment.objects.values_list("cadence_days", flat=True)) <= {14, 30, 60}


def test_needs_are_consistent_with_their_status(generated):
    refs = list(Need.objects.values_list("reference", flat=True))
    assert len(set(refs)) == len(refs)
    for need in Need.objects.all():
        assert need.at_risk_at <= need.due_at
        assert need.due_at > need.created
        if need.status in (Need.Status.RESOLVED, Need.Status.CLOSED):
            assert need.resolved_at and need.created <= need.resolved_at <= timezone.now()
        else:
            assert need.resolved_at is None
        assert (need.closed_at is not None) == (need.status == Need.Status.CLOSED)
        if need.visit_id:
            assert need.source == Need.Source.VISIT and need.organization_id == need.visit.organization_id
    assert Need.objects.values("category").distinct().count() >= 3


def test_rows_pass_model_validation(generated):
    """full_clean (fields, validators, check and unique constraints) on a sample of each model."""
    for model in (TwoNewOrganization, Need, Volunteer, Event, ServiceRecord, Assignment):
        for obj in model.objects.all()[:15]:
            obj.full_clean()


def test_events_registrations_respect_capacity(generated):
    for event in Event.objects.exclude(capacity=None):
        confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        assert confirmed <= event.capacity
    for attendance in Attendance.objects.select_related("registration", "event"):
        assert attendance.registration.event_id == attendance.event_id
        assert attendance.registration.status == Registration.Status.CONFIRMED
        assert attendance.event.ends_at <= timezone.now() + timedelta(days=1)


def test_second_run_refuses_without_append(generated):
    before = TwoNewOrganization.objects.count()
    with pytest.raises(RefuseError):
        generate(FACTOR, seed=7)
    with pytest.raises(CommandError, match="--append"):
        call_command("generate_scale_data", "--scale", str(FACTOR))
    assert TwoNewOrganization.objects.count() == before


def test_append_adds_a_new_district(generated):
    before = TwoNewOrganization.objects.count()
    call_command(
        "generate_scale_data",
        "--scale",
        str(FACTOR),
        "--append",
        "--seed",
        "8",
        stdout=io.StringIO(),
    )
    assert TwoNewOrganization.objects.count() == 2 * before
    assert not Visit.objects.exclude(street_id=F("organization__street_id")).exists()
    assert not Assignment.objects.exclude(street_id=F("organization__street_id")).exists()
    codes = list(TwoNewOrganization.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == len(codes)
