"""The report task end to end: a real Celery worker takes it from Redis and writes the workbook."""

import os
import uuid

import pytest

import reports.tasks  # noqa: F401 - registers the task with every Celery app
from reports.models import Report
from tests.factories import OrganizationFactory
from tests.workers import task_finished

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_builds_the_report_from_redis(world):
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}; set REDIS_URL to run this test")
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    OrganizationFactory.create_batch(3, street=world.street_a)
    report = Report.objects.create(
        kind=Report.Kind.MONTHLY,
        period="2026-10",
        street=world.street_a,
        district=world.street_a.district,
        requested_by=world.staff_a,
    )
    app = Celery("hq-report-test", broker=REDIS_URL, set_as_current=False)
    queue = f"hq-reports-{uuid.uuid4().hex[:8]}"
    app.conf.update(
        task_default_queue=queue, worker_hijack_root_logger=False, broker_connection_retry_on_startup=True
    )
    worker = start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING")
    with worker, task_finished("reports.build_report") as done:
        app.send_task("reports.build_report", args=[report.pk], queue=queue)
        assert done.wait(60), "the worker did not run the task"
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert report.progress == 100
    assert report.file.name.endswith(".xlsx")
