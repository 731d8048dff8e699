"""Needs breached (breached_condition / NeedQuerySet.breached: open and due at or before now, as
Need.sla_state): the dashboard figure, its drill-down, the stats API, the printable report,
the workbook, the needs list's deadline filter (page and API) and the breach notifications agree
for a need due exactly now."""

from datetime import timedelta

import pytest
from django.urls import reverse

from needs.models import Need
from needs.services import breach_messages
from reports import periods
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory
from tests.rules import doors

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(world, frozen):
    """Street A's needs around their deadline; returns the ids breached now."""
    now = frozen
    org_a, org_b = OrganizationFactory(street=world.street_a), OrganizationFactory(street=world.street_b)
    S = Need.Status

    def need(due_at, status=S.ACCEPTED, organization=org_a, archived=False):
        n = NeedFactory(organization=organization)
        Need.objects.filter(pk=n.pk).update(
            status=status,
            due_at=due_at,
            at_risk_at=due_at - timedelta(hours=6),
            resolved_at=now if status == S.RESOLVED else None,
            archived_at=now if archived else None,
        )
        return n.pk

    ids = {
        need(now),  # due exactly now
        need(now - timedelta(days=1), S.SUBMITTED),
        need(now - timedelta(days=30), S.IN_PROGRESS),
    }
    need(now + timedelta(seconds=1))  # a second to go
    need(now - timedelta(days=1), S.RESOLVED)  # late, but resolved
    need(now - timedelta(days=1), archived=True)  # archived
    need(now - timedelta(days=1), organization=org_b)  # another street
    return ids


def test_every_door_counts_the_same_needs_breached(world, client_for, api_for, breached, frozen):
    street, client, api = world.street_a, client_for("staff_a"), api_for("staff_a")
    period = periods.parse("2026")
    key = "breached_needs"
    n = len(breached)
    rule = set(Need.objects.filter(street=street).active().breached(frozen).values_list("pk", flat=True))
    assert rule == breached
    for need in Need.objects.filter(street=street).active():
        assert (need.sla_state() == Need.SLA.BREACHED) == (need.pk in breached)

    assert doors.figure(street, period, key) == n
    assert doors.dashboard(client, street, period, key) == n
    assert doors.drill(client, street, period, key) == (n, breached)
    assert doors.stats(api, street, period, key) == n
    assert {need.pk for need in doors.printable(client, street, period)["breached"]} == breached
    assert doors.printable_figure(client, street, period, key) == n
    book = doors.workbook(street, period, world.staff_a)
    assert doors.workbook_figure(book, key) == n
    references = set(Need.objects.filter(pk__in=breached).values_list("reference", flat=True))
    assert set(doors.workbook_column(book, "重点事项", "编号")) == references

    # The needs list's deadline filter, on the page and in the API.
    page = client.get(reverse("needs:index"), {"sla": Need.SLA.BREACHED})
    assert {need.pk for need in page.context["needs"]} == breached
    listed = api.get(reverse("need-list"), {"sla": Need.SLA.BREACHED}).json()
    assert {row["id"] for row in listed["results"]} == breached

    # The breach notifications: one per breached need of the street, to its staff.
    notified = {
        int(m.key.removeprefix("need-breach:"))
        for m in breach_messages(frozen)
        if m.recipient_id == world.staff_a.pk
    }
    assert notified == breached
