"""A visit due and overdue (AssignmentQuerySet.due_by / overdue, Assignment.next_due_on /
is_overdue: local dates; a never-visited assignment is due on the local date it was made):
the dashboard figure, its drill-down, the stats API, the report, the gaps page and the
reminders agree, for an assignment made at 07:00 Shanghai time (the day before in UTC) and
one due exactly today."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from crossposts import reminders
from crossposts.models import Assignment
from reports import periods
from tests.factories import OrganizationFactory
from tests.rules import doors
from tests.rules.conftest import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)


@pytest.fixture
def assignments(world, frozen):
    """Street A's assignments around today's edge; returns {name: assignment}."""

    def assign(name, created, last_visited_on=None, cadence=30, active=True, street=None, status="active"):
        org = OrganizationFactory(street=street or world.street_a, status=status, name=f"单位-{name}")
        a = Assignment.objects.create(
            cadre=world.cadre1, organization=org, cadence_days=cadence, active=active
        )
        Assignment.objects.filter(pk=a.pk).update(created=created, last_visited_on=last_visited_on)
        return name, Assignment.objects.get(pk=a.pk)

    long_ago = at(2025, 1, 1, 9)
    return dict(
        [
            # Never visited, made today at 07:00 Shanghai (30 June 23:00 UTC): due today, not late.
            assign("made_this_morning", at(2026, 7, 1, 7)),
            # Never visited, made yesterday at 23:30 Shanghai (30 June 15:30 UTC): a day late.
            assign("made_last_night", at(2026, 6, 30, 23, 30)),
            assign("due_today", long_ago, date(2026, 6, 1)),  # 1 June + 30 days
            assign("a_day_late", long_ago, date(2026, 5, 31)),
            assign("long_late", long_ago, date(2026, 4, 1)),  # due 1 May: 61 days
            assign("due_soon", long_ago, date(2026, 6, 3)),  # due 3 July
            assign("not_due", long_ago, date(2026, 6, 20)),
            assign("ended", long_ago, date(2026, 4, 1), active=False),
            assign("closed_firm", long_ago, date(2026, 4, 1), status="deregistered"),
            assign("other_street", long_ago, date(2026, 4, 1), street=world.street_b),
        ]
    )


LATE = {"made_last_night", "a_day_late", "long_late"}


def test_the_rule_on_rows_and_in_the_database_agree(assignments):
    for name, a in assignments.items():
        if name in ("ended", "closed_firm", "other_street"):
            continue
        assert a.is_overdue(TODAY) == (name in LATE), name
    assert assignments["made_this_morning"].next_due_on == TODAY
    assert assignments["made_last_night"].next_due_on == TODAY - timedelta(days=1)
    late = set(Assignment.objects.overdue(TODAY).filter(street_id=assignments["due_today"].street_id))
    assert {a.pk for a in late} == {assignments[n].pk for n in LATE} | {
        assignments["ended"].pk,
        assignments["closed_firm"].pk,
    }


def test_every_door_counts_the_same_overdue_visits(world, client_for, api_for, assignments):
    street, client, api = world.street_a, client_for("staff_a"), api_for("staff_a")
    period = periods.parse("2026")
    late = {assignments[n].pk for n in LATE}
    key = "overdue_assignments"

    assert doors.figure(street, period, key) == len(late)
    assert doors.dashboard(client, street, period, key) == len(late)
    assert doors.drill(client, street, period, key) == (len(late), late)
    assert doors.stats(api, street, period, key) == len(late)
    assert doors.printable_figure(client, street, period, key) == len(late)
    assert doors.workbook_figure(doors.workbook(street, period, world.staff_a), key) == len(late)
    gaps = client.get(reverse("reports:gaps"), {"street": street.pk})
    assert gaps.context["total"] == len(late)


def test_the_reminders_agree(world, assignments):
    messages = reminders.visit_reminder_messages(TODAY)
    by_key = {m.key: m for m in messages if m.kind == "visit_due"}
    with override("zh-hans"):
        overdue_title, today_title = _("Visit overdue: %(org)s"), _("Visit due today: %(org)s")
    overdue, due_today = set(), set()
    for a in assignments.values():
        m = by_key.get(f"visit-due:{a.pk}:{TODAY.isoformat()}")
        if m and m.title == overdue_title % {"org": a.organization.name}:
            overdue.add(a.pk)
        if m and m.title == today_title % {"org": a.organization.name}:
            due_today.add(a.pk)
    # Street B's late assignment is reminded too (its own cadre); street A's are the figure's.
    assert overdue == {assignments[n].pk for n in LATE | {"other_street"}}
    assert due_today == {assignments["made_this_morning"].pk, assignments["due_today"].pk}
    assert f"visit-due:{assignments['due_soon'].pk}:{TODAY.isoformat()}" in by_key
    for name in ("not_due", "ended", "closed_firm"):
        assert f"visit-due:{assignments[name].pk}:{TODAY.isoformat()}" not in by_key
    # The escalation digest to street A's staff: the visits more than 14 days late, linked to
    # the drill-down of the same figure.
    (digest,) = [m for m in messages if m.kind == "visit_escalation" and m.recipient_id == world.staff_a.pk]
    assert (
        digest.url
        == f"{reverse('reports:drill', kwargs={'key': 'overdue_assignments'})}?street={world.street_a.pk}"
    )
    assert "单位-long_late" in digest.body and "单位-a_day_late" not in digest.body
    # The weekly digest marks the same assignments overdue.
    (week,) = [m for m in reminders.visit_digest_messages(TODAY) if m.recipient_id == world.cadre1.pk]
    with override("zh-hans"):
        mark = f" ({_('overdue')})"
    marked = {
        line.split(" ", 1)[1].removesuffix(mark) for line in week.body.splitlines() if line.endswith(mark)
    }
    assert marked == {assignments[n].organization.name for n in LATE | {"other_street"}}
