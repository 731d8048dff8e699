"""Celery plumbing shared by every app: the transactional outbox and the notification sweep."""

import logging

from celery import current_app, shared_task
from django.db import transaction

log = logging.getLogger(__name__)


def _send(row) -> bool:
    """Hand one outbox row to the broker; True when it went."""
    from core.models import OutboxTask

    try:
        current_app.send_task(row.task_name, args=row.args, kwargs=row.kwargs, retry=False)
    except Exception as exc:
        log.warning("broker unavailable for %s: %s", row.task_name, exc)
        OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:300])
        return False
    OutboxTask.objects.filter(pk=row.pk).delete()
    return True


def enqueue_on_commit(task, *args, **kwargs):
    """Queue a task with the current transaction's data; it reaches the broker after commit.

    The task is first written to the outbox table in the same transaction, so it
    is never lost: if the broker is down the page still works, and the periodic
    ``core.flush_outbox`` sends it later. Tasks must be idempotent, as a row can be
    sent again if the process dies between sending and deleting it.
    """
    from core.models import OutboxTask

    if current_app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply(args=args, kwargs=kwargs))
        return
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _send(row))


@shared_task(name="core.flush_outbox", soft_time_limit=120, time_limit=150)
def flush_outbox(limit: int = 500) -> int:
    """Send the tasks that could not reach the broker when they were queued."""
    from core.models import OutboxTask

    sent = 0
    with transaction.atomic():
        rows = list(OutboxTask.objects.select_for_update(skip_locked=True).order_by("id")[:limit])
        for row in rows:
            sent += _send(row)
    return sent


@shared_task(
    name="core.deliver_notifications",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def deliver_notifications(budget_seconds: float = 50):
    """Send pending deliveries in batches until none is due or the budget is spent.

    A busy morning (tens of thousands of reminders at city scale) drains in one run per minute
    instead of 200 a minute; each batch commits on its own, so a kill loses at most one batch's work.
    """
    import time

    from core import notifications

    batch = notifications.DELIVERY_BATCH
    deadline = time.monotonic() + budget_seconds
    sent = 0
    while True:
        sent_now, claimed = notifications.deliver_pending(batch, with_claimed=True)
        sent += sent_now
        if claimed < batch or time.monotonic() >= deadline:
            return sent
