"""Celery plumbing shared by every app, and the notification outbox sweep."""

import logging

from celery import shared_task
from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs):
    """Send a task to the broker once the current transaction commits.

    If the broker is unreachable the page still works: the work is recorded
    in the database (an outbox) and a periodic sweep picks it up.
    """

    def _send():
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception as exc:
            log.warning("could not enqueue %s: %s", task.name, exc)

    transaction.on_commit(_send)


@shared_task(
    name="core.deliver_notifications",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def deliver_notifications():
    from core.notifications import deliver_pending

    return deliver_pending()
