from django.core.management.base import BaseCommand

from core.tasks import flush_outbox


class Command(BaseCommand):
    help = "Send the queued tasks that could not reach the broker (the transactional outbox)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {flush_outbox()} task(s).")
