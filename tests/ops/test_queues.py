"""Each Celery task goes to the queue meant for it, so that one kind of work cannot starve another.

Queues (CELERY_TASK_ROUTES in settings): ``reminders`` for the daily reminders and notices,
``reports`` for the long Excel reports and rating runs, ``media`` for photo work, ``default``
for the outbox sweeps. A new task must be added here with the queue chosen for it.
"""

import pytest
from django_celery_beat.models import PeriodicTask

from hongqiao.celery import app

INTENDED = {
    "core.deliver_notifications": "default",
    "core.flush_outbox": "default",
    "crossposts.send_report_reminders": "reminders",
    "crossposts.send_visit_digests": "reminders",
    "crossposts.send_visit_reminders": "reminders",
    "events.send_event_reminders": "reminders",
    "needs.send_breach_notifications": "reminders",
    "reports.build_report": "reports",
    "volunteers.build_report_ratings": "reports",
    "volunteers.send_approval_reminders": "reminders",
    "volunteers.send_pending_hours_notice": "reminders",
}


def _ours():
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _queue(name):
    return app.amqp.router.route({}, name)["queue"].name


def test_every_task_is_routed_to_its_queue():
    routed = {name: _queue(name) for name in _ours()}
    unknown = set(routed) - set(INTENDED)
    assert not unknown, f"choose a queue for {sorted(unknown)} (CELERY_TASK_ROUTES) and add it to INTENDED"
    assert routed == {name: INTENDED[name] for name in routed}


@pytest.mark.django_db
def test_schedules_do_not_send_a_task_to_another_queue():
    """A beat schedule's own queue (editable in the admin) overrides the routes: it must agree."""
    schedules = list(PeriodicTask.objects.exclude(task__startswith="celery."))
    assert schedules
    for schedule in schedules:
        assert schedule.task in INTENDED, schedule.task
        assert schedule.queue in (None, "", INTENDED[schedule.task]), (schedule.name, schedule.queue)
