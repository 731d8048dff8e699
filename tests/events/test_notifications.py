"""Reminders the day before (once, constant query count) and cancellation notices."""

from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import Notification
from events import services
from events.models import Event
from events.tasks import send_event_reminders
from tests.events.factories import EventFactory
from tests.factories import UserFactory


def tomorrow_at(hour=9):
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _event_with(world, n, **kwargs):
    starts = tomorrow_at()
    event = EventFactory(
        street=world.street_a, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=None, **kwargs
    )
    users = [UserFactory(street=world.street_a, role="cadre") for _ in range(n)]
    for u in users:
        services.register(event, user=u)
    return event, users


def test_reminders_are_sent_once(world):
    event, users = _event_with(world, 3)
    services.register(event, name="无账号的人", by=world.staff_a)  # no account: nobody to notify
    assert send_event_reminders.delay().get() == 3
    assert send_event_reminders.delay().get() == 0
    assert Notification.objects.filter(kind="events.reminder").count() == 3
    n = Notification.objects.filter(recipient=users[0]).get()
    assert event.title in n.title and n.url == reverse("events:detail", kwargs={"pk": event.pk})


def test_reminders_skip_other_days_and_cancelled_events(world):
    _event_with(world, 1, title="明天的活动")
    later = EventFactory(street=world.street_a, starts_at=tomorrow_at() + timedelta(days=2))
    services.register(later, user=world.cadre1)
    cancelled, _ = _event_with(world, 1)
    services.cancel_event(cancelled)
    assert services.send_reminders() == 1


def test_reminder_query_count_is_constant(world):
    _event_with(world, 2)
    with CaptureQueriesContext(connection) as small:
        services.send_reminders()
    Notification.objects.all().delete()
    _event_with(world, 10)
    with CaptureQueriesContext(connection) as large:
        services.send_reminders()
    assert Notification.objects.count() == 12
    # read registrations+events, read existing keys, insert notifications, insert deliveries (+ savepoints)
    assert len(small) == len(large)


def test_management_command_runs_the_same_work(world, capsys):
    _event_with(world, 2)
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    assert Notification.objects.filter(kind="events.reminder").count() == 2


def test_daily_schedule_exists(db):
    task = PeriodicTask.objects.get(task="events.send_event_reminders")
    assert task.crontab.timezone.key == "Asia/Shanghai" if hasattr(task.crontab.timezone, "key") else True
    assert task.enabled and task.queue == "reminders"


def test_cancelling_an_event_notifies_everyone_registered_once(world, client_for):
    event = EventFactory(street=world.street_a, capacity=1)
    services.register(event, user=world.cadre1)
    services.register(event, user=world.cadre2)  # waiting list: told too
    client = client_for("staff_a")
    client.post(reverse("events:cancel", kwargs={"pk": event.pk}))
    client.post(reverse("events:cancel", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    notes = Notification.objects.filter(kind="events.cancelled")
    assert sorted(notes.values_list("recipient__username", flat=True)) == ["cadre1", "cadre2"]


def test_district_cannot_cancel(world, client_for):
    event = EventFactory(street=world.street_a)
    assert client_for("district").post(reverse("events:cancel", kwargs={"pk": event.pk})).status_code == 404
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
