"""Serve the portal for a newcomer: the web server, a Celery worker and beat, in one command."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server with a Celery worker and Celery beat."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "hongqiao"]
        queues = "default,reminders,reports,media"
        procs = [
            subprocess.Popen([*celery, "worker", "-l", "info", "-Q", queues, "--concurrency", "2"]),  # noqa: S603
            subprocess.Popen([*celery, "beat", "-l", "info"]),  # noqa: S603
        ]
        self.stdout.write(self.style.SUCCESS(f"\nHongqiao portal: http://{addrport}/"))
        self.stdout.write(f"Broker: {settings.CELERY_BROKER_URL}")
        self.stdout.write(
            "Demo accounts (password: DEMO_PASSWORD, default hongqiao-demo): "
            "admin, district, staff, staff2, cadre1, cadre2, leader1\n"
        )
        web = subprocess.Popen([python, "manage.py", "runserver", addrport])  # noqa: S603
        procs.append(web)

        def stop(*_):
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
            sys.exit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(p.poll() is None for p in procs):
            time.sleep(1)
        stop()
