#!/usr/bin/env python
"""The slowest SQL statements behind the benchmarked pages, with EXPLAIN ANALYZE of the worst.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hongqiao_bench_city \\
        .venv/bin/python bench/slow_queries.py [--explain] [--top 3] [url-substring ...]

Requests each page as the actor bench/run.py uses (warm once, then measured), lists its
statements by time, and with --explain prints EXPLAIN (ANALYZE, BUFFERS) for the slowest.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hongqiao_bench")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    from django.db.models import Count, Q
    from django.utils import timezone

    from accounts.models import User
    from bench.run import api_routes
    from crossposts.models import Assignment
    from organizations.models import Street

    parser = argparse.ArgumentParser()
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()

    street = Street.objects.annotate(n=Count("organizations")).order_by("-n", "pk").first()
    staff = User.objects.filter(role="staff", street=street).order_by("pk").first()
    district = User.objects.filter(role="district", district=street.district).order_by("pk").first()
    cadre = (
        User.objects.filter(role="cadre", street=street)
        .annotate(n=Count("assignments", filter=Q(assignments__active=True)))
        .order_by("-n", "pk")
        .first()
    )
    org = Assignment.objects.filter(cadre=cadre, active=True).order_by("pk").first().organization
    period = timezone.localdate().year - 1
    pages = [
        (staff, "/organizations/?coverage=joint&q=%E7%A7%91%E6%8A%80"),
        (staff, f"/organizations/{org.pk}/"),
        (staff, "/crossposts/"),
        (staff, "/needs/"),
        (staff, f"/dashboard/?street={street.pk}&period={period}"),
        (district, f"/dashboard/district/?period={period}"),
        (cadre, "/m/"),
        (cadre, f"/m/visit/{org.pk}/"),
    ] + [(staff, url) for url in api_routes()]
    if args.only:
        pages = [(u, url) for u, url in pages if any(s in url for s in args.only)]
    clients = {}
    for user, url in pages:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        client = clients[user.pk]
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in queries)
        print(f"\n== {url}: {len(queries)} queries, {total * 1000:.1f} ms in SQL")
        for q in queries[: args.top]:
            print(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:400]}")
        if args.explain and queries and queries[0]["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queries[0]["sql"])
                for (line,) in cursor.fetchall():
                    print("    " + line)


if __name__ == "__main__":
    main()
