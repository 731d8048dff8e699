"""Redis down: pages keep working, /healthz says degraded, queued work waits in the outbox."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import OutboxTask
from core.tasks import enqueue_on_commit, flush_outbox

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from kombu.exceptions import OperationalError

    from hongqiao.celery import app

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    # The broker is down too: sending a task fails as kombu does when Redis refuses.
    app.conf.task_always_eager = False
    original = app.send_task
    app.send_task = broker_down
    yield
    app.send_task = original
    app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_pages_work_and_work_is_kept_while_redis_is_down(world, client_for, redis_down):
    assert cache.get("anything") is None  # a miss, not an error
    client = client_for("staff_a")
    assert client.get(reverse("organizations:list")).status_code == 200
    health = client.get(reverse("healthz"))
    assert health.status_code == 503 and health.json()["status"] == "degraded"

    from django.db import transaction

    from core.tasks import deliver_notifications

    with transaction.atomic():
        enqueue_on_commit(deliver_notifications)
    row = OutboxTask.objects.get()
    assert row.task_name == "core.deliver_notifications"
    assert row.attempts == 1 and row.last_error

    # Still down: the sweep keeps it.
    assert flush_outbox() == 0
    assert OutboxTask.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_outbox_is_flushed_when_the_broker_is_back(world, monkeypatch):
    sent = []
    from celery import current_app

    monkeypatch.setattr(current_app, "send_task", lambda name, **kw: sent.append((name, kw["args"])))
    OutboxTask.objects.create(task_name="reports.build_report", args=[42])
    assert flush_outbox() == 1
    assert sent == [("reports.build_report", [42])]
    assert not OutboxTask.objects.exists()
