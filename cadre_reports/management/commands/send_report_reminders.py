"""Run the overdue cadre-report reminders now (the same work as the daily Celery task)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cadre_reports import services as reports


class Command(BaseCommand):
    help = "Send reminders for cadre reports past due now (nothing is sent twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date is YYYY-MM-DD") from None
        sent = reports.send_report_reminders(day)
        self.stdout.write(f"cadre report reminders: {sent} new notification(s)")
