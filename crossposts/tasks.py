"""Celery tasks of cross-posting: the daily visit reminders and the weekly digest."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError

from crossposts import reminders


def _day(value):
    return date.fromisoformat(value) if value else None


@shared_task(
    name="crossposts.send_visit_reminders",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def send_visit_reminders(day: str | None = None) -> int:
    """Daily at 08:30 (django-celery-beat): due and overdue visits, escalations. Safe to run twice."""
    return reminders.send_visit_reminders(_day(day))


@shared_task(
    name="crossposts.send_visit_digests",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def send_visit_digests(day: str | None = None) -> int:
    """Weekly on Monday morning: each cadre's visits of the coming week. Safe to run twice."""
    return reminders.send_visit_digests(_day(day))
