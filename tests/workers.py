"""Waiting for a test's own Celery worker (a thread of the test process) without polling the database.

Polling while the worker thread writes makes SQLite's shared in-memory test database answer
"database table is locked"; the worker's own signal says when the task has run.
"""

import threading
from contextlib import contextmanager


@contextmanager
def task_finished(name: str):
    """An event set once a task of that name has run (successfully or not) in this process."""
    from celery.signals import task_postrun

    done = threading.Event()

    def _finished(sender=None, **kwargs):
        if getattr(sender, "name", None) == name:
            done.set()

    task_postrun.connect(_finished, weak=False)
    try:
        yield done
    finally:
        task_postrun.disconnect(_finished)
