"""Organizations visited in a period (VisitQuerySet.in_period / organizations_visited: inclusive
local dates): the dashboard figure, its drill-down, the stats API, the report, the workbook,
the coverage figures and the cadre report's visits agree on the period's edges."""

import pytest
from django.urls import reverse

from cadre_reports.services import figures_from_records
from crossposts import services
from crossposts.models import Visit
from organizations.periods import Quarter
from reports import figures, periods
from tests.crossposts.factories import VisitFactory
from tests.factories import BuildingFactory, OrganizationFactory
from tests.rules import doors
from tests.rules.conftest import at

pytestmark = pytest.mark.django_db

Q2 = "2026-Q2"  # 1 April .. 30 June 2026; now is 1 July 10:00


@pytest.fixture
def visited(world, frozen):
    """Street A's organizations and their visits around the edges of Q2; returns the ids
    that were visited in Q2 and the number of visits in Q2."""
    building = BuildingFactory(street=world.street_a)

    def org(**kwargs):
        return OrganizationFactory(street=world.street_a, building=building, **kwargs)

    first_midnight, before_first = org(), org()
    early_morning = org()  # 07:00 Shanghai on the first day: the day before in UTC
    last_evening, day_after = org(), org()
    twice, never = org(), org()
    closed = org(status="deregistered")
    other_street = OrganizationFactory(street=world.street_b)
    cases = [
        (first_midnight, world.cadre1, at(2026, 4, 1)),
        (before_first, world.cadre1, at(2026, 3, 31, 23, 59, 59)),
        (early_morning, world.cadre2, at(2026, 4, 1, 7)),
        (last_evening, world.cadre1, at(2026, 6, 30, 23, 59, 59)),
        (day_after, world.cadre1, at(2026, 7, 1)),
        (twice, world.cadre1, at(2026, 5, 10, 9)),
        (twice, world.cadre2, at(2026, 5, 20, 15)),
        (closed, world.cadre1, at(2026, 5, 1, 10)),
        (other_street, world.cadre1, at(2026, 5, 1, 10)),
    ]
    for organization, cadre, when in cases:
        VisitFactory(organization=organization, cadre=cadre, visited_at=when)
    assert never
    ids = {first_midnight.pk, early_morning.pk, last_evening.pk, twice.pk}
    # Street A's visits in Q2: the closed firm's too (a visit is a visit), not street B's.
    return ids, 6


def test_every_door_counts_the_same_organizations_visited(world, client_for, api_for, visited):
    ids, n_visits = visited
    period = periods.parse(Q2)
    street = world.street_a
    client, api = client_for("staff_a"), api_for("staff_a")

    rule = set(
        Visit.objects.filter(street=street, organization__status="active")
        .organizations_visited(period.start, period.end)
        .values_list("organization_id", flat=True)
    )
    assert rule == ids

    key = "organizations_visited"
    assert doors.figure(street, period, key) == len(ids)
    assert doors.dashboard(client, street, period, key) == len(ids)
    assert doors.drill(client, street, period, key) == (len(ids), ids)
    assert doors.stats(api, street, period, key) == len(ids)
    assert doors.printable_figure(client, street, period, key) == len(ids)
    book = doors.workbook(street, period, world.staff_a)
    assert doors.workbook_figure(book, key) == len(ids)

    # The visits themselves: the same period's visits at every door.
    assert doors.figure(street, period, "visits") == n_visits
    assert doors.dashboard(client, street, period, "visits") == n_visits
    assert doors.drill(client, street, period, "visits")[0] == n_visits
    assert doors.stats(api, street, period, "visits") == n_visits
    assert doors.workbook_figure(book, "visits") == n_visits

    # Coverage (the coverage page and API) and the dashboard's building chart.
    _rows, total = services.coverage(world.staff_a, "street", period.start, period.end)
    assert total.visited == len(ids)
    # Coverage's visits are those to the organizations it counts (active ones): the closed
    # firm's visit is a visit on the dashboard, not in coverage.
    assert total.visits == n_visits - 1
    assert sum(
        visited for _name, _total, visited in figures.coverage_by_building([street.pk], period)
    ) == len(ids)

    # The cadre report counts the cadre's own visits in the quarter, on the same bounds.
    assert figures_from_records(world.cadre1, Quarter(2026, 2)).visits_made == 5  # 4 of street A, 1 of B
    assert figures_from_records(world.cadre2, Quarter(2026, 2)).visits_made == 2


def test_the_last_days_window_agrees_between_the_stats_api_and_the_coverage_api(world, api_for, visited):
    """The coverage API's 'last N days' and the stats API's range are the same local dates:
    91 days ending today (1 July) start on 2 April, leaving out both visits of 1 April."""
    api = api_for("staff_a")
    start, end = services.coverage_period(91)
    period = periods.parse(f"{start.isoformat()}..{end.isoformat()}")
    coverage = api.get(reverse("crossposts-coverage"), {"by": "street", "days": 91})
    assert coverage.status_code == 200, coverage.content
    total = coverage.json()["total"]
    stats_visited = doors.stats(api, world.street_a, period, "organizations_visited")
    # last_evening, day_after (1 July 00:00, today) and twice.
    assert total["visited"] == stats_visited == 3
    assert total["visits"] == 4  # the closed firm's visit of 1 May is not coverage's
    assert doors.stats(api, world.street_a, period, "visits") == 5
