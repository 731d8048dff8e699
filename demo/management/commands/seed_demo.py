"""Load a small, believable Hongqiao. Running it twice changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.seed import crossposts, events, members, needs, volunteers
from demo.seed import organizations as ledger

# Called in this order after the ledger; members last (dual check-in needs the volunteers).
PARTS = [crossposts, needs, volunteers, events, members]


class Command(BaseCommand):
    help = "Load the demo data set (streets, buildings, organizations, accounts and each app's records)."

    def handle(self, *args, **options):
        with transaction.atomic():
            ctx = ledger.run(self.stdout)
            for part in PARTS:
                part.run(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
