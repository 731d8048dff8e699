"""The demo data: the cycling event with its six stops, a waiting list and attendance; idempotent."""

import io

from demo.seed import events as seed
from demo.seed import organizations as ledger
from events.models import Attendance, Event, Registration, RouteStop


def test_seed_is_complete_and_idempotent(db):
    ctx = ledger.run(io.StringIO())
    seed.run(ctx)
    cycling = Event.objects.get(title=seed.CYCLING_TITLE)
    assert list(cycling.stops.values_list("name", flat=True)) == seed.CYCLING_STOPS
    assert cycling.attendances.exists() and cycling.organizers.count() == 3
    upcoming = Event.objects.get(title=seed.CYCLING_NEXT_TITLE)
    assert upcoming.is_signup_open
    assert upcoming.registrations.filter(status="waitlisted").exists()
    assert Event.objects.filter(kind="party_day", status="done").count() >= 27
    counts = (
        Event.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
        RouteStop.objects.count(),
    )
    ctx2 = ledger.run(io.StringIO())
    seed.run(ctx2)
    assert counts == (
        Event.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
        RouteStop.objects.count(),
    )
