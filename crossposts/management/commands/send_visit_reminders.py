"""Run the visit reminders now (the same work as the daily Celery task), optionally the digest too."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from crossposts import reminders


class Command(BaseCommand):
    help = "Send today's visit reminders and escalations now (nothing is sent twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--digest", action="store_true", help="Also send the weekly digest.")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date is YYYY-MM-DD") from None
        sent = reminders.send_visit_reminders(day)
        self.stdout.write(f"visit reminders: {sent} new notification(s)")
        if options["digest"]:
            sent = reminders.send_visit_digests(day)
            self.stdout.write(f"visit digests: {sent} new notification(s)")
