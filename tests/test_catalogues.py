"""Every word the portal shows is translated: a page in one language shows no words of another.

Simplified Chinese is the default, so an untranslated string shows English on a Chinese page.
The catalogues must be complete (no empty or fuzzy entry) and current (every string the code
marks is in them, which ``make messages`` keeps so).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHINESE = ("zh_Hans", "zh_Hant")


def catalogues():
    return sorted(p for lang in CHINESE for p in ROOT.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")) + [
        ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in CHINESE
    ]


def app_dirs():
    return [*sorted(p.parent.parent for p in ROOT.glob("*/locale/zh_Hans")), ROOT]


# The project catalogue (locale/) holds the strings of the project templates and hongqiao/.
PROJECT_PARTS = ("templates", "hongqiao", "locale")


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {path.relative_to(ROOT)}: {missing[:5]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize("app", app_dirs(), ids=lambda p: "project" if p == ROOT else p.name)
def test_every_marked_string_is_in_the_catalogue(app, tmp_path):
    # makemessages on a copy, so the check never rewrites the catalogues it reads.
    copy = tmp_path / app.name
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    if app == ROOT:
        for part in PROJECT_PARTS:
            shutil.copytree(ROOT / part, copy / part, ignore=skip)
    else:
        shutil.copytree(app, copy, ignore=skip)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env={"DJANGO_SETTINGS_MODULE": "hongqiao.settings", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    marked = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    kept = {(e.msgctxt, e.msgid) for e in polib.pofile(str(app / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    new = sorted(msgid for _, msgid in marked - kept)
    assert not new, (
        f"run `make messages` and translate: {len(new)} strings of {app.name} not in its catalogue: {new[:5]}"
    )
