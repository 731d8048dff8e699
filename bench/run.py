#!/usr/bin/env python
"""The benchmark suite of issue 8: pages and endpoints timed in-process against a filled database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hongqiao_bench .venv/bin/python bench/run.py

Uses Django's test Client against the database in DATABASE_URL as it is (no test database is
created; run ``manage.py generate_scale_data`` first, or ``make bench`` which does both). For each
row it prints the query count of one request, p50 and p95 of the server time over BENCH_REQUESTS
(default 50) requests after 5 warm-ups, and the rows returned. Results are also written to
``bench/results/<label>.json`` (label: BENCH_LABEL, default the number of organizations), and when
another run's file is there the "vs" column gives p95 here ÷ p95 there (the scale targets).

Writes to the database: a ``bench_admin`` account (for the 100,000-row export) and the
reminders' notifications (the second run of ``send_visit_reminders`` must create none).
"""

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongqiao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hongqiao_bench")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WARMUPS = 5
# A row stops early (and says so in the n column) once it has used this many seconds.
BUDGET = float(os.environ.get("BENCH_MAX_SECONDS_PER_ROW", "120"))
RESULTS = ROOT / "bench" / "results"
PLAIN_RENDER = None  # Template._render before setup_test_environment() instruments it


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def ms(seconds):
    return f"{seconds * 1000:8.1f}"


class Bench:
    def __init__(self):
        from django.test import Client

        self.rows = []
        self.Client = Client

    def client_for(self, user):
        client = self.Client()
        client.force_login(user)
        return client

    def timed(self, name, fn, rows_of=None, n=REQUESTS, note=""):
        """Run fn() once under query capture, WARMUPS times, then n timed times."""
        with CaptureQueriesContext(connection) as ctx:
            result = fn()
        queries = len(ctx.captured_queries)
        rows = rows_of(result) if rows_of else ""
        # Timed without the test instrumentation of template rendering (a signal and a context
        # copy per template rendered, every <option> of a select included), as production runs.
        from django.template import Template

        instrumented, Template._render = Template._render, PLAIN_RENDER
        try:
            for _ in range(WARMUPS):
                fn()
            times = []
            started = time.perf_counter()
            for _ in range(n):
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
                if time.perf_counter() - started > BUDGET and len(times) >= 10:
                    break
        finally:
            Template._render = instrumented
        row = {
            "name": name,
            "queries": queries,
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": p95(times) * 1000,
            "n": len(times),
            "rows": rows,
            "note": note,
        }
        self.rows.append(row)
        self.print_row(row)
        return result

    def page(self, name, client, url, rows_of=None, note=""):
        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response

        return self.timed(name, get, rows_of or page_rows, note=note)

    header = f"{'what':<52} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'n':>4} {'rows':>8}  {'vs':>5}  note"

    def print_row(self, row):
        vs = ""
        other = self.other.get(row["name"]) if hasattr(self, "other") else None
        if other and other.get("p95_ms"):
            vs = f"{row['p95_ms'] / other['p95_ms']:5.2f}"
        print(
            f"{row['name']:<52} {row['queries']:>7} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['n']:>4} "
            f"{row['rows']!s:>8}  {vs:>5}  {row['note']}",
            flush=True,
        )


def page_rows(response):
    ctx = response.context
    if ctx is None:
        return ""
    for key in ("page_obj",):
        if key in ctx and ctx[key] is not None:
            return len(ctx[key].object_list)
    for key in ("object_list", "assignments", "rows"):
        if key in ctx and ctx[key] is not None:
            try:
                return len(ctx[key])
            except TypeError:
                return ""
    if "object" in ctx:
        return 1
    return ""


def api_rows(response):
    data = response.json()
    if isinstance(data, dict) and "results" in data:
        return len(data["results"])
    if isinstance(data, list):
        return len(data)
    return 1


def api_routes():
    """Every list endpoint under /api/v1/: the routers' registries and the plain list views."""
    import importlib

    routes = []
    for app in ("core", "organizations", "crossposts", "needs", "volunteers", "events", "reports"):
        module = importlib.import_module(f"{app}.api.urls")
        router = getattr(module, "router", None)
        if router is not None:
            for prefix, _viewset, _basename in router.registry:
                routes.append(f"/api/v1/{prefix}/")
    routes += ["/api/v1/coverage/", "/api/v1/stats/"]
    return routes


def linked_size(html: bytes):
    """HTML plus the CSS and JS files it links, raw and gzip-compressed (bytes)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    text = html.decode("utf-8", "replace")
    assets = re.findall(r'<link[^>]+href="([^"]+\.css)"', text) + re.findall(
        r'<script[^>]+src="([^"]+\.js)"', text
    )
    raw = len(html)
    packed = len(gzip.compress(html))
    files = []
    for url in assets:
        path = url.split("?")[0]
        if path.startswith(settings.STATIC_URL):
            path = path[len(settings.STATIC_URL) :]
        found = finders.find(path)
        if found:
            data = Path(found).read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data))
            files.append(path)
    return raw, packed, files


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM). ru_maxrss is not used: Linux carries it over
    exec from the parent, so a child started by a big parent would report the parent's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export_child(limit: int):
    """In a fresh process: peak RSS of the organization export view over the first ``limit`` rows."""
    from django.test import RequestFactory

    from accounts.models import User
    from organizations.filtersets import OrganizationFilterSet
    from organizations.models import TwoNewOrganization
    from organizations.views import OrganizationExportView

    admin = User.objects.get(username="bench_admin")
    pks = TwoNewOrganization.objects.order_by("pk").values_list("pk", flat=True)
    last = pks[min(limit, pks.count()) - 1]

    class Limited(OrganizationExportView):
        def get_queryset(self):
            return super().get_queryset().filter(pk__lte=last)

    request = RequestFactory().get("/organizations/export.xlsx")
    request.user = admin
    request.session = {}
    view = Limited()
    view.setup(request)
    rows = OrganizationFilterSet({}, queryset=view.get_queryset(), request=request).qs.count()
    before = peak_rss_kb()
    started = time.perf_counter()
    response = Limited.as_view()(request)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    after = peak_rss_kb()
    print(
        json.dumps(
            {"rows": rows, "bytes": size, "seconds": seconds, "rss_before_kb": before, "peak_kb": after}
        )
    )


def run_export(limit):
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--export-child", str(limit)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from accounts.models import User
    from crossposts import reminders
    from crossposts.models import Assignment
    from organizations.models import Street, TwoNewOrganization
    from reports import figures
    from reports.periods import year

    global PLAIN_RENDER
    from django.template import Template

    PLAIN_RENDER = Template._render
    setup_test_environment()  # response.context for the rows column (untimed); 'testserver' allowed
    settings.ALLOWED_HOSTS = ["*"]
    orgs = TwoNewOrganization.objects.count()
    if not orgs:
        sys.exit("The database has no organizations: run manage.py generate_scale_data first.")
    label = os.environ.get("BENCH_LABEL") or f"{orgs}-orgs"
    bench = Bench()
    RESULTS.mkdir(exist_ok=True)
    others = sorted(p for p in RESULTS.glob("*.json") if p.stem != label)
    bench.other = {}
    if others:
        compare = os.environ.get("BENCH_COMPARE") or others[0].stem
        path = RESULTS / f"{compare}.json"
        if path.exists():
            bench.other = {r["name"]: r for r in json.loads(path.read_text())["rows"]}
            print(f"vs = p95 here ÷ p95 in {path.name}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        db_version = cursor.fetchone()[0]
    print(f"Database: {connection.vendor} {db_version.split(',')[0]}; {orgs:,} organizations; label {label}")
    print(f"nproc {os.cpu_count()}; load average {os.getloadavg()[0]:.1f} at start")

    # The actors: the biggest street, its staff, its busiest cadre, the district office.
    street = Street.objects.annotate(n=Count("organizations")).order_by("-n", "pk").first()
    staff = User.objects.filter(role="staff", street=street).order_by("pk").first()
    district = User.objects.filter(role="district", district=street.district).order_by("pk").first()
    cadre = (
        User.objects.filter(role="cadre", street=street)
        .annotate(n=Count("assignments", filter=Q(assignments__active=True)))
        .order_by("-n", "pk")
        .first()
    )
    assignment = Assignment.objects.filter(cadre=cadre, active=True).order_by("pk").first()
    org = assignment.organization
    this_year = timezone.localdate().year
    period = this_year - 1  # the last full year
    User.objects.get_or_create(
        username="bench_admin", defaults={"role": "admin", "is_superuser": True, "name": "bench"}
    )

    staff_client = bench.client_for(staff)
    print(bench.header)
    bench.page(
        "organization list (coverage filter + search)",
        staff_client,
        "/organizations/?coverage=joint&q=%E7%A7%91%E6%8A%80",  # q=科技
    )
    bench.page("organization detail", staff_client, f"/organizations/{org.pk}/")
    bench.page("visit list (/crossposts/)", staff_client, "/crossposts/")
    bench.page("needs list (/needs/)", staff_client, "/needs/")
    bench.page(
        f"street dashboard {period}",
        staff_client,
        f"/dashboard/?street={street.pk}&period={period}",
        rows_of=lambda r: 1,
    )
    bench.page(
        f"district view {period}",
        bench.client_for(district),
        f"/dashboard/district/?period={period}",
        rows_of=lambda r: len(r.context.get("rows", []) or []) if r.context else "",
    )
    floor_sql = (ROOT / "bench" / "dashboard_floor.sql").read_text()
    if connection.vendor == "postgresql":
        p = year(period)
        start, end = p.bounds()
        now = timezone.now()
        today = timezone.localdate()
        params = {
            "street": street.pk,
            "start": start,
            "end": end,
            "now": now,
            "events_end": min(end, now),
            "today": today,
            "start_of_today": timezone.make_aware(
                timezone.datetime.combine(today, timezone.datetime.min.time())
            ),
            "since90": now - timedelta(days=90),
            "since60": today - timedelta(days=60),
            "year": p.end.year,
        }

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(floor_sql, params)
                return cursor.fetchone()

        result = bench.timed(f"  floor: dashboard_floor.sql {period}", floor, rows_of=lambda r: 1)
        figs = figures.compute([street], p)[street.pk]
        keys = [f.key for f in figures.FIGURES]
        mismatched = [k for i, k in enumerate(keys) if figs.value(k) != (result[i] or 0)]
        page_row = next(r for r in bench.rows if r["name"].startswith("street dashboard"))
        floor_row = bench.rows[-1]
        ratio = page_row["p95_ms"] / floor_row["p95_ms"]
        floor_row["note"] = f"dashboard p95 / floor p95 = {ratio:.2f}"
        print(
            f"  dashboard ÷ floor (p95): {ratio:.2f}; figures "
            + ("equal" if not mismatched else f"DIFFER: {mismatched}")
        )
    cadre_client = bench.client_for(cadre)
    bench.page("cadre /m/ home", cadre_client, "/m/", rows_of=lambda r: page_rows(r))
    response = bench.page(
        "visit form /m/visit/<org>/", cadre_client, f"/m/visit/{org.pk}/", rows_of=lambda r: 1
    )
    raw, packed, files = linked_size(response.content)
    bench.rows[-1]["note"] = (
        f"{raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzip ({len(files)} CSS/JS files)"
    )
    print(f"  visit form transfer: {bench.rows[-1]['note']}: {', '.join(files)}")
    for url in api_routes():
        try:
            bench.page(f"API {url}", staff_client, url, rows_of=api_rows)
        except Exception as exc:  # one broken endpoint must not stop the suite
            print(f"API {url:<48} ERROR {type(exc).__name__}: {str(exc).splitlines()[0][:80]}", flush=True)
            bench.rows.append({"name": f"API {url}", "queries": "", "p50_ms": 0, "p95_ms": 0, "n": 0,
                               "rows": "", "note": f"error: {type(exc).__name__}"})  # fmt: skip

    if os.environ.get("BENCH_SKIP_SLOW") == "1":  # pages and endpoints only
        return finish(bench, label, orgs, db_version)
    # Reminders over every assignment, twice (the second run must create nothing).
    n_assignments = Assignment.objects.filter(active=True).count()
    if os.environ.get("BENCH_KEEP_REMINDERS") != "1":
        # Start from no reminders so that run 1 does the full work (bench database only).
        from core.models import Notification

        Notification.objects.filter(kind__in=["visit_due", "visit_escalation"]).delete()
    for attempt in (1, 2):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            created = reminders.send_visit_reminders()
            seconds = time.perf_counter() - t
        row = {
            "name": f"send_visit_reminders run {attempt}",
            "queries": len(ctx.captured_queries),
            "p50_ms": seconds * 1000,
            "p95_ms": seconds * 1000,
            "n": 1,
            "rows": created,
            "note": f"{n_assignments:,} active assignments; rows = notifications created",
        }
        bench.rows.append(row)
        bench.print_row(row)

    # The export: peak memory in a fresh process, 1,000 rows and 100,000 rows.
    small = run_export(1000)
    big = run_export(100_000)
    for label_, res in (("1,000", small), ("100,000", big)):
        row = {
            "name": f"organization export {label_} rows",
            "queries": "",
            "p50_ms": res["seconds"] * 1000,
            "p95_ms": res["seconds"] * 1000,
            "n": 1,
            "rows": res["rows"],
            "note": f"peak RSS {res['peak_kb'] / 1024:.1f} MB (before {res['rss_before_kb'] / 1024:.1f} MB), "
            f"{res['bytes'] / 1024 / 1024:.1f} MB file",
        }
        bench.rows.append(row)
        bench.print_row(row)
    print(
        f"  export peak RSS difference (100,000 vs 1,000 rows): {(big['peak_kb'] - small['peak_kb']) / 1024:.1f} MB"
    )
    finish(bench, label, orgs, db_version)


def finish(bench, label, orgs, db_version):
    from django.utils import timezone

    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    (RESULTS / f"{label}.json").write_text(
        json.dumps(
            {
                "label": label,
                "organizations": orgs,
                "database": db_version,
                "when": timezone.now().isoformat(),
                "rows": bench.rows,
            },
            ensure_ascii=False,
            indent=1,
            default=str,
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--export-child":
        export_child(int(sys.argv[2]))
    else:
        main()
