"""A worker killed in the middle of a reminder run: after a restart every reminder is delivered exactly once.

It needs PostgreSQL (the worker is another process and must see the test database) and Redis.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.utils import timezone

from core.models import Notification, NotificationDelivery
from crossposts.models import Assignment
from organizations.models import TwoNewOrganization
from organizations.validators import make_credit_code

# A Redis database of its own: the queue and the "unacked" hash watched below must not be those
# of the other tests' workers running at the same time (CI runs the suite on two processes).
REDIS_URL = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")._replace(path="/13").geturl()
ROOT = Path(__file__).resolve().parents[2]
N = 8000  # enough that the run outlasts the kill below, which lands in the middle


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def _worker(env, queue):
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "celery", "-A", "hongqiao", "worker", "-Q", queue, "-P", "solo", "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reminders_survive_a_killed_worker_exactly_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process must see the test database")
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    import redis

    orgs = TwoNewOrganization.objects.bulk_create(
        [
            TwoNewOrganization(
                street=world.street_a, name=f"单位{i}", credit_code=make_credit_code("91310105", 30000000 + i)
            )
            for i in range(N)
        ]
    )
    Assignment.objects.bulk_create(
        [Assignment(cadre=world.cadre1, organization=o, cadence_days=30) for o in orgs]
    )
    Assignment.objects.update(last_visited_on=timezone.localdate() - timedelta(days=40))

    queue = f"crash-{os.getpid()}-{int(time.time())}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    from celery import Celery

    sender = Celery("crash-sender", broker=REDIS_URL, set_as_current=False)
    sender.conf.broker_transport_options = {"visibility_timeout": 3}
    day = timezone.localdate().isoformat()

    first = _worker(env, queue)
    try:
        time.sleep(6)  # let it start
        sender.send_task("crossposts.send_visit_reminders", args=[day], queue=queue)
        # Kill it as soon as it has taken the task, before it can finish.
        deadline = time.monotonic() + 30
        taken = False
        while time.monotonic() < deadline and not taken:
            taken = bool(redis.Redis.from_url(REDIS_URL).hlen("unacked"))
            time.sleep(0.05)
        assert taken, "the worker never took the task"
        time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        killed_mid_run = not Notification.objects.filter(recipient=world.cadre1).exists()
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()

    second = _worker(env, queue)
    try:
        deadline = time.monotonic() + 240  # a bound, not a wait: under CI's load the restart is slow
        while time.monotonic() < deadline and Notification.objects.filter(recipient=world.cadre1).count() < N:
            time.sleep(0.5)
        time.sleep(3)  # a duplicate delivery, if any, would land now
    finally:
        second.terminate()
        try:
            second.wait(15)
        except subprocess.TimeoutExpired:
            second.kill()
    notes = Notification.objects.filter(recipient=world.cadre1, kind="visit_due")
    assert killed_mid_run, "the run finished before the kill; the test proved nothing"
    assert notes.count() == N
    assert notes.values("key").distinct().count() == N
    deliveries = NotificationDelivery.objects.filter(notification__recipient=world.cadre1)
    assert deliveries.count() == N  # one email each, queued once
