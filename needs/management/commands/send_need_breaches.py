from django.core.management.base import BaseCommand

from needs.services import send_breach_notifications


class Command(BaseCommand):
    help = (
        "Notify assignees and street staff of needs past their response deadline (what the hourly task does)."
    )

    def handle(self, *args, **options):
        sent = send_breach_notifications()
        self.stdout.write(f"{sent} notification(s) sent")
