from django.core.management.base import BaseCommand

from volunteers.tasks import build_report_ratings, send_approval_reminders


class Command(BaseCommand):
    help = "Recompute the building groups' star ratings now (what the nightly task does), and remind leaders."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--remind", action="store_true", help="Also send the approval reminders.")

    def handle(self, *args, year=None, remind=False, **options):
        count = build_report_ratings(year)
        self.stdout.write(f"{count} building groups rated.")
        if remind:
            self.stdout.write(f"{send_approval_reminders()} reminders sent.")
