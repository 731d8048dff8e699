"""Celery task of cadre reports: reminders for reports not submitted when due."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError


# The task keeps the name it had in crossposts: the beat schedule row (crossposts 0005) and any
# message already queued name it so, and the reminders queue routes it by that name.
@shared_task(
    name="crossposts.send_report_reminders",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def send_report_reminders(day: str | None = None) -> int:
    """Daily (django-celery-beat): a reminder per overdue quarter's report. Safe to run twice."""
    from cadre_reports import services

    return services.send_report_reminders(date.fromisoformat(day) if day else None)
