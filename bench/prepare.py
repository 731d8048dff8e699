#!/usr/bin/env python
"""Create the bench database if it is missing, migrate it, and fill it at a scale if it is empty.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/hongqiao_bench .venv/bin/python bench/prepare.py 1/100
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hongqiao_bench")


def ensure_database(url: str) -> None:
    """CREATE DATABASE through the server's maintenance database when the target does not exist."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def main():
    scale = sys.argv[1] if len(sys.argv) > 1 else "1/100"
    ensure_database(os.environ["DATABASE_URL"])
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True)  # noqa: S603
    import django

    django.setup()
    from organizations.models import TwoNewOrganization

    if TwoNewOrganization.objects.exists():
        print(f"{TwoNewOrganization.objects.count():,} organizations already there: not generating.")
        return
    subprocess.run([*manage, "generate_scale_data", "--scale", scale], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
