"""Compile every .po catalogue of the project into .mo, without GNU gettext.

Django's compilemessages needs msgfmt, which a newcomer's machine may lack;
polib does the same in pure Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SKIP = {".venv", "var", "node_modules", ".git"}


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            if SKIP & set(po_path.relative_to(root).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                catalogue = polib.pofile(str(po_path))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            catalogue.save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"]:
            self.stdout.write(f"Compiled {compiled} catalogue(s).")
