"""Needs handled in a period (NeedQuerySet.handled_in / handled_condition: resolved or closed,
resolved_at in the inclusive local dates): the dashboard figure and its category breakdown, its
drill-down, the stats API, the printable report, the workbook, the needs figures page and the
cadre report agree on the period's edges."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cadre_reports.services import figures_from_records
from needs.models import Need
from organizations.periods import Quarter
from reports import periods
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory
from tests.rules import doors
from tests.rules.conftest import at

pytestmark = pytest.mark.django_db

Q2 = "2026-Q2"


@pytest.fixture
def handled(world, frozen):
    """Street A's needs resolved around the edges of Q2; returns the ids handled in Q2."""
    org_a, org_b = OrganizationFactory(street=world.street_a), OrganizationFactory(street=world.street_b)
    S = Need.Status

    def need(resolved_at, status=S.RESOLVED, organization=org_a, archived=False, assignee=world.cadre1):
        n = NeedFactory(organization=organization)
        Need.objects.filter(pk=n.pk).update(
            created=at(2026, 3, 1, 9),
            status=status,
            resolved_at=resolved_at,
            assignee=assignee,
            archived_at=resolved_at + timedelta(days=1) if archived else None,
        )
        return n.pk

    ids = {
        need(at(2026, 4, 1)),  # the first day's midnight
        need(at(2026, 4, 1, 7), S.CLOSED),  # 07:00 Shanghai: 31 March in UTC
        need(at(2026, 6, 30, 23, 59, 59)),  # the last second of the last day
    }
    need(at(2026, 3, 31, 23, 59, 59))  # the day before
    need(at(2026, 7, 1))  # the day after (today)
    need(at(2026, 5, 1, 10), S.IN_PROGRESS)  # resolved, then reopened: not handled
    need(at(2026, 5, 1, 10), archived=True)  # archived: in no figure
    need(at(2026, 5, 1, 10), organization=org_b, assignee=None)  # another street
    return ids


def test_every_door_counts_the_same_needs_handled(world, client_for, api_for, handled):
    street, client, api = world.street_a, client_for("staff_a"), api_for("staff_a")
    period = periods.parse(Q2)
    key = "needs_handled"
    n = len(handled)
    assert (
        set(
            Need.objects.filter(street=street)
            .active()
            .handled_in(period.start, period.end)
            .values_list("pk", flat=True)
        )
        == handled
    )

    assert doors.figure(street, period, key) == n
    assert doors.dashboard(client, street, period, key) == n
    assert doors.drill(client, street, period, key) == (n, handled)
    assert doors.stats(api, street, period, key) == n
    context = doors.printable(client, street, period)
    assert {need.pk for need in context["needs"]} == handled
    assert doors.printable_figure(client, street, period, key) == n
    book = doors.workbook(street, period, world.staff_a)
    assert doors.workbook_figure(book, key) == n
    references = set(Need.objects.filter(pk__in=handled).values_list("reference", flat=True))
    assert set(doors.workbook_column(book, "已办结需求", "编号")) == references

    # Needs by category: the dashboard's breakdown, the stats API's and the workbook's.
    category = Need.Category.CONSULTING
    assert doors.stats_row(api, street, period)["needs_by_category"][category][1] == n
    # The needs figures page, for the same dates.
    page = client.get(reverse("needs:figures"), {"start": period.start, "end": period.end})
    assert page.context["figures"].handled == n
    # The cadre report of the quarter (the cadre is every street A need's assignee).
    assert figures_from_records(world.cadre1, Quarter(2026, 2)).needs_handled == n
