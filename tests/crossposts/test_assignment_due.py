"""Assignment.due_on (computed by the database) and Assignment.street (the organization's, moved
with it): the overdue figure reads them, so each is checked against a full recount."""

import uuid
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from crossposts import services
from crossposts.models import Assignment
from organizations.models import TwoNewOrganization
from reports import figures, periods
from tests.crossposts.factories import AssignmentFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _recount_overdue(street_ids, today):
    """The overdue assignments by the definition, in Python, from every assignment there is."""
    start_of_today = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    late = set()
    for a in Assignment.objects.select_related("organization"):
        org = a.organization
        if not a.active or org.street_id not in street_ids or org.archived_at is not None:
            continue
        if org.status != TwoNewOrganization.Status.ACTIVE:
            continue
        if a.last_visited_on is None:
            if a.created < start_of_today:
                late.add(a.pk)
        elif a.last_visited_on + timedelta(days=a.cadence_days) < today:
            late.add(a.pk)
    return late


def test_due_on_is_the_last_visit_plus_the_cadence_whatever_wrote_them(world):
    today = timezone.localdate()
    a = AssignmentFactory(cadre=world.cadre1, cadence_days=45)
    assert Assignment.objects.get(pk=a.pk).due_on is None  # never visited
    # A queryset update bypasses save(): the database still computes the day.
    Assignment.objects.filter(pk=a.pk).update(last_visited_on=today - timedelta(days=50))
    assert Assignment.objects.get(pk=a.pk).due_on == today - timedelta(days=5)
    Assignment.objects.filter(pk=a.pk).update(cadence_days=7)
    assert Assignment.objects.get(pk=a.pk).due_on == today - timedelta(days=43)
    # Across a month and a year end.
    Assignment.objects.filter(pk=a.pk).update(
        last_visited_on=today.replace(month=12, day=20), cadence_days=30
    )
    assert Assignment.objects.get(pk=a.pk).due_on == today.replace(month=12, day=20) + timedelta(days=30)


def test_recording_a_visit_moves_due_on(world, org1, checklist):
    a = Assignment.objects.get(organization=org1, cadre=world.cadre1)
    visited_at = timezone.now() - timedelta(hours=1)
    data = services.VisitInput(organization=org1, visited_at=visited_at, method="phone")
    services.record_visit(world.cadre1, data, uuid.uuid4())
    a.refresh_from_db()
    # The visit's local day (an hour ago may be yesterday just after midnight).
    assert a.due_on == timezone.localtime(visited_at).date() + timedelta(days=a.cadence_days)


def test_the_street_is_the_organizations_on_every_way_an_assignment_is_made(world):
    org_b = OrganizationFactory(street=world.street_b)
    created = Assignment.objects.create(cadre=world.cadre1, organization=org_b)
    org_a = OrganizationFactory(street=world.street_a)
    Assignment.objects.bulk_create([Assignment(cadre=world.cadre2, organization=org_a)])
    assert Assignment.objects.get(pk=created.pk).street_id == world.street_b.pk
    assert Assignment.objects.get(organization=org_a).street_id == world.street_a.pk


def test_assignments_follow_their_organization_to_another_street(world, api_for):
    org = OrganizationFactory(street=world.street_a, building=None, residential_area=None)
    a = Assignment.objects.create(cadre=world.cadre1, organization=org)
    Assignment.objects.filter(pk=a.pk).update(created=timezone.now() - timedelta(days=3))
    assert api_for("staff_b").get(reverse("assignment-list")).json()["count"] == 0

    org.street = world.street_b
    org.save()

    assert Assignment.objects.get(pk=a.pk).street_id == world.street_b.pk
    assert api_for("staff_b").get(reverse("assignment-list")).json()["count"] == 1
    today = timezone.localdate()
    figs = figures.compute([world.street_a, world.street_b], periods.year(today.year))
    assert (
        figs[world.street_a.pk].value("overdue_assignments"),
        figs[world.street_b.pk].value("overdue_assignments"),
    ) == (0, 1)


def test_the_overdue_figure_equals_a_full_recount(world):
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=400)
    cases = [
        # (street, cadence, days since the last visit or None, assigned long ago, active, org status, archived)
        (world.street_a, 30, None, True, True, "active", False),  # never visited, assigned long ago: late
        (world.street_a, 30, None, False, True, "active", False),  # never visited, assigned today: not yet
        (world.street_a, 30, 31, True, True, "active", False),  # a day late
        (world.street_a, 30, 30, True, True, "active", False),  # due today: not late
        (world.street_a, 7, 8, True, True, "active", False),
        (world.street_a, 90, 60, True, True, "active", False),
        (world.street_a, 30, 45, True, False, "active", False),  # assignment ended
        (world.street_a, 30, 45, True, True, "deregistered", False),  # the firm closed
        (world.street_a, 30, 45, True, True, "active", True),  # the firm archived
        (world.street_b, 30, 45, True, True, "active", False),  # another street
        (world.street_b, 365, 400, True, True, "active", False),
    ]
    for street, cadence, days, old, active, status, archived in cases:
        org = OrganizationFactory(
            street=street, status=status, archived_at=timezone.now() if archived else None
        )
        a = Assignment.objects.create(
            cadre=world.cadre1, organization=org, cadence_days=cadence, active=active
        )
        Assignment.objects.filter(pk=a.pk).update(
            created=long_ago if old else timezone.now(),
            last_visited_on=None if days is None else today - timedelta(days=days),
        )
    period = periods.year(today.year)
    for streets in ([world.street_a], [world.street_b], [world.street_a, world.street_b]):
        ids = {s.pk for s in streets}
        rows = set(figures.overdue_assignments(list(ids), period, today).values_list("pk", flat=True))
        assert rows == _recount_overdue(ids, today)
        computed = figures.compute(streets, period, today)
        assert sum(computed[s.pk].value("overdue_assignments") for s in streets) == len(rows)
    assert len(_recount_overdue({world.street_a.pk}, today)) == 3
    assert not Assignment.objects.exclude(street_id=F("organization__street_id")).exists()
