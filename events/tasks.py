"""Event reminders: the day before, everyone registered is reminded once."""

from celery import shared_task
from django.db import DatabaseError


@shared_task(
    name="events.send_event_reminders",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def send_event_reminders(day: str | None = None) -> int:
    """Remind everyone registered to tomorrow's events (or ``day``, ISO date). Idempotent:
    notify()'s unique (recipient, key) sends each reminder once however often this runs."""
    from datetime import date

    from events.services import send_reminders

    return send_reminders(date.fromisoformat(day) if day else None)
