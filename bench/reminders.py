#!/usr/bin/env python
"""The reminder run and the lists of fixes 6–8 alone, on a copy of a city database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hongqiao_bench_rem .venv/bin/python bench/reminders.py [reminders] [lists]

``reminders``: ``send_visit_reminders`` over every active assignment, twice (the second run
must create nothing), after deleting the visit reminders already in that database; for each
run wall time, this process's CPU time, query count, notifications created, and how long
building the messages and storing them took. Writes to the database: use a copy
(``createdb -T hongqiao_bench_city hongqiao_bench_rem``), not a database others measure.

``lists``: p50/p95 of the team, service-record and needs list (API and page) for the biggest
street's first staff account, like ``bench/run.py``; and the team list's rows statement with
the member count as a join + GROUP BY (before fix 7) and as a correlated subquery (after),
EXPLAIN ANALYZEd.
"""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hongqiao_bench_rem")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

from bench.run import Bench, api_rows, page_rows  # noqa: E402  (sets Django up)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def reminders():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import Notification, NotificationDelivery
    from core.notifications import notify_many
    from crossposts import reminders as rules
    from crossposts.models import Assignment

    active = Assignment.objects.filter(active=True).count()
    deleted, _ = Notification.objects.filter(kind__in=["visit_due", "visit_escalation"]).delete()
    print(f"{active:,} active assignments; {deleted:,} earlier reminder rows deleted")
    for attempt in (1, 2):
        load = os.getloadavg()[0]
        with CaptureQueriesContext(connection) as ctx:
            c0, t0 = cpu(), time.perf_counter()
            messages = rules.visit_reminder_messages(rules.timezone.localdate())
            c1, t1 = cpu(), time.perf_counter()
            created = notify_many(messages)
            c2, t2 = cpu(), time.perf_counter()
        escalations = sum(1 for m in messages if m.kind == "visit_escalation")
        print(
            f"run {attempt}: {t2 - t0:6.1f} s wall, {c2 - c0:5.1f} s CPU, {len(ctx.captured_queries)} queries, "
            f"{created:,} created of {len(messages):,} messages ({escalations} escalation digests); "
            f"building {t1 - t0:.1f} s wall / {c1 - c0:.1f} s CPU, storing {t2 - t1:.1f} s wall / "
            f"{c2 - c1:.1f} s CPU; load average {load:.1f} → {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    print(f"deliveries pending: {NotificationDelivery.objects.filter(status='pending').count():,}")


def lists():
    from django.db import connection
    from django.db.models import Count, Q

    from accounts.models import User
    from organizations.models import Street
    from volunteers.models import VolunteerTeam

    street = Street.objects.annotate(n=Count("organizations")).order_by("-n", "pk").first()
    staff = User.objects.filter(role="staff", street=street).order_by("pk").first()
    bench = Bench()
    bench.other = {}
    client = bench.client_for(staff)
    print(f"load average {os.getloadavg()[0]:.1f}; {street.name}")
    print(bench.header)
    bench.page("needs list (/needs/)", client, "/needs/", rows_of=page_rows)
    for url in ("/api/v1/needs/", "/api/v1/teams/", "/api/v1/service-records/"):
        bench.page(f"API {url}", client, url, rows_of=api_rows)
    bench.page("service records (/volunteers/records/)", client, "/volunteers/records/", rows_of=page_rows)

    base = VolunteerTeam.objects.visible_to(staff).active().select_related("street", "leader")
    joined = base.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True)
    )
    correlated = base.annotate(member_count=VolunteerTeam.objects.current_members())
    for label, qs in (("join + GROUP BY", joined), ("correlated subquery", correlated)):
        sql, params = qs.order_by("street__name", "name", "pk")[:50].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"teams rows statement, {label}: {plan[-1].strip()}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    parts = sys.argv[1:] or ["reminders", "lists"]
    if "lists" in parts:
        lists()
    if "reminders" in parts:
        reminders()
