"""Load a small, believable Hongqiao. Running it twice changes nothing."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations import seed

# Each domain app may have a ``seed.py`` with ``run(ctx)``, called in this order.
DOMAIN_APPS = ["crossposts", "needs", "volunteers", "events"]


class Command(BaseCommand):
    help = "Load the demo data set (streets, buildings, organizations, accounts and each app's records)."

    def handle(self, *args, **options):
        with transaction.atomic():
            ctx = seed.run(self.stdout)
            for app in DOMAIN_APPS:
                try:
                    module = importlib.import_module(f"{app}.seed")
                except ModuleNotFoundError:
                    continue
                module.run(ctx)
            importlib.import_module("organizations.seed_members").run(ctx)  # dual check-in
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
