"""A real Celery worker consumes the reminder task from Redis and writes the notifications."""

import os
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import Notification
from crossposts.models import Assignment
from tests.crossposts.factories import AssignmentFactory
from tests.workers import task_finished

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_consumes_the_reminder_task_from_redis(world):
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}; set REDIS_URL to run this test")
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    import crossposts.tasks  # noqa: F401 - a shared task joins the apps finalized after its import

    a = AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    Assignment.objects.filter(pk=a.pk).update(last_visited_on=timezone.localdate() - timedelta(days=40))

    # A fresh app on Redis, with a queue of its own so no other worker takes the task.
    app = Celery("hq-redis-test", broker=REDIS_URL, set_as_current=False)
    queue = f"hq-test-{uuid.uuid4().hex[:8]}"
    app.conf.update(
        task_default_queue=queue, worker_hijack_root_logger=False, broker_connection_retry_on_startup=True
    )
    worker = start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING")
    with worker, task_finished("crossposts.send_visit_reminders") as done:
        app.send_task("crossposts.send_visit_reminders", args=[timezone.localdate().isoformat()], queue=queue)
        assert done.wait(30), "the worker did not run the task"
    note = Notification.objects.get(recipient=world.cadre1)
    assert note.kind == "visit_due" and str(a.pk) in note.key
