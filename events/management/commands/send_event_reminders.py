from datetime import date

from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = "Remind everyone registered to tomorrow's events now (the daily Celery task's work)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", type=date.fromisoformat, help="The events' day (YYYY-MM-DD); default tomorrow."
        )

    def handle(self, *args, **options):
        sent = send_reminders(options.get("day"))
        self.stdout.write(self.style.SUCCESS(f"{sent} reminders sent."))
