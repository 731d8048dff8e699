"""Every dashboard figure equals a recount of its rows, street by street (plain COUNT, street column)."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from crossposts.models import Assignment, Visit
from reports import figures, periods
from tests.crossposts.factories import VisitFactory
from tests.events.factories import EventFactory
from tests.factories import BuildingFactory, OrganizationFactory
from tests.needs.factories import NeedFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _data(world):
    now = timezone.now()
    for street, cadre, n in ((world.street_a, world.cadre1, 4), (world.street_b, world.cadre2, 2)):
        building = BuildingFactory(street=street)
        orgs = OrganizationFactory.create_batch(n, street=street, building=building)
        for i, org in enumerate(orgs):
            Assignment.objects.create(cadre=cadre, organization=org, cadence_days=14 if i % 2 else 30)
            for days in range(i * 40, 400, 45 + 10 * i):  # uneven visits, some older than 90 days
                VisitFactory(cadre=cadre, organization=org, visited_at=now - timedelta(days=days, hours=1))
        NeedFactory.create_batch(2, organization=orgs[0])
        EventFactory(street=street, starts_at=now - timedelta(days=3))
        VolunteerFactory.create_batch(2, street=street)
        TeamFactory(street=street)
    Assignment.objects.update(created=now - timedelta(days=60))
    return now


def _recount(figure, street_id, period, today):
    """The figure counted the slow, obvious way: its distinct rows for one street alone."""
    rows = figure.rows([street_id], period, today)
    if figure.total[0] is not Count:
        return rows.aggregate(n=figure.aggregate())["n"] or 0
    return len(set(rows.values_list("pk", flat=True)))


@pytest.mark.parametrize("period_key", ["year", "last-90-days"])
def test_every_figure_equals_a_recount_for_each_street(world, period_key):
    now = _data(world)
    today = timezone.localdate()
    period = periods.year(today.year) if period_key == "year" else periods.last_days(90, today)
    streets = [world.street_a, world.street_b]
    computed = figures.compute(streets, period, today)
    for figure in figures.FIGURES:
        for street in streets:
            expected = _recount(figure, street.pk, period, today)
            assert computed[street.pk].value(figure.key) == expected, (figure.key, street.name)
    # The visit figure reads the visit's own street: it equals the count through the organization.
    start, end = period.bounds()
    through_org = Visit.objects.filter(
        organization__street=world.street_a, visited_at__gte=start, visited_at__lt=end
    ).count()
    assert computed[world.street_a.pk].value("visits") == through_org > 0
    assert now


def test_figures_follow_an_organization_that_moves_street(world):
    _data(world)
    today = timezone.localdate()
    period = periods.year(today.year)
    before = figures.compute([world.street_a, world.street_b], period, today)
    moving = Visit.objects.filter(street=world.street_a, visited_at__year=today.year).first().organization
    moved_visits = figures.visits([world.street_a.pk], period, today).filter(organization=moving).count()
    moving.street = world.street_b
    moving.building = None
    moving.save()
    after = figures.compute([world.street_a, world.street_b], period, today)
    a, b = world.street_a.pk, world.street_b.pk
    assert after[a].value("visits") == before[a].value("visits") - moved_visits
    assert after[b].value("visits") == before[b].value("visits") + moved_visits
    assert after[b].value("organizations_visited") == before[b].value("organizations_visited") + 1
