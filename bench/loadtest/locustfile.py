"""Load test: street-office staff and cross-post cadres using the portal at the same time.

    locust -f bench/loadtest/locustfile.py --host http://127.0.0.1:8765 --headless -u 50 -r 10 -t 2m

Run through bench/loadtest/run.sh, which sets up a fresh PostgreSQL database with the demo data,
gunicorn and Redis. Each demo account logs in once before the start (login.py); its users share
its session:

- staff (``staff``), three in four users: the organization ledger filtered, one organization's page,
  the needs list, the home page (a redirect to the dashboard, followed);
- cadres (``cadre1``/``cadre2``), one in four: the phone home page ``/m/`` and the visit form of an
  organization they are assigned to.

Requests are grouped by page in the statistics (ids and filters folded into one name). A response
counts as an error unless it is 200 and is the page asked for (not the login page). The run is
bounded in time (``-t``) and in count: after LOADTEST_MAX_REQUESTS requests (default 50,000) the
runner stops by itself.
"""

import json
import os
import random
import re
import sys

from locust import HttpUser, between, events, task

sys.path.insert(0, os.path.dirname(__file__))

PASSWORD = os.environ.get("DEMO_PASSWORD", "hongqiao-demo")
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "50000"))
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ORG_RE = re.compile(r'href="/organizations/(\d+)/"')
VISIT_RE = re.compile(r'href="/m/visit/(\d+)/"')

# Filters a staff member really uses on the ledger.
LEDGER_FILTERS = [
    "?kind=economic",
    "?coverage=none",
    "?kind=social&coverage=own",
    "?q=上海",
    "?ownership=domestic_private&ordering=-headcount",
    "?status=active&ordering=name&page=2",
]

_sent = 0


@events.request.add_listener
def _count(**_kwargs):
    """Stop the whole run after MAX_REQUESTS requests, whatever the time limit."""
    global _sent
    _sent += 1
    if _sent == MAX_REQUESTS:
        runner = _environment.runner if _environment else None
        if runner is not None:
            runner.quit()


_environment = None


@events.init.add_listener
def _keep_environment(environment, **_kwargs):
    global _environment
    _environment = environment


SESSIONS: dict[str, dict] = {}


@events.test_start.add_listener
def _sessions(environment, **_kwargs):
    """One logged-in session per demo account, shared by its users (see login.py: why, and timings).

    run.sh logs in before starting locust and passes the cookies in LOADTEST_SESSIONS; run alone,
    locust logs in here.
    """
    path = os.environ.get("LOADTEST_SESSIONS")
    if path:
        with open(path, encoding="utf-8") as fh:
            SESSIONS.update(json.load(fh))
        return
    import tempfile

    from login import main as log_in

    with tempfile.NamedTemporaryFile("r", suffix=".json") as fh:
        if log_in(environment.host, fh.name) != 0:
            raise RuntimeError("cannot log the demo accounts in")
        SESSIONS.update(json.load(fh))


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reads a page before the next click
    username = ""

    def on_start(self):
        self.client.cookies.update(SESSIONS[self.username])

    def page(self, path: str, name: str, lands_on: str = ""):
        """GET a page; anything but a 200 that is the page itself is an error.

        With ``lands_on``, the page is a redirect: it is followed (its time counts in) and must land there.
        """
        with self.client.get(
            path, name=name, catch_response=True, allow_redirects=bool(lands_on)
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif lands_on and not response.url.endswith(lands_on):
                response.failure(f"landed on {response.url}, not {lands_on}")
            elif "<html" not in response.text[:500]:
                response.failure("not an HTML page")
            else:
                response.success()
            return response


class Staff(PortalUser):
    weight = 3
    username = "staff"
    organization_ids: list[int]

    def on_start(self):
        super().on_start()
        response = self.page("/organizations/", "/organizations/")
        self.organization_ids = [int(i) for i in ORG_RE.findall(response.text)] or [1]

    @task(3)
    def ledger_filtered(self):
        response = self.page("/organizations/" + random.choice(LEDGER_FILTERS), "/organizations/?<filter>")
        found = ORG_RE.findall(response.text)
        if found:
            self.organization_ids = [int(i) for i in found]

    @task(3)
    def organization_page(self):
        self.page(f"/organizations/{random.choice(self.organization_ids)}/", "/organizations/<id>/")

    @task(2)
    def needs(self):
        self.page("/needs/", "/needs/")

    @task(2)
    def home(self):
        # The home page sends staff on to their dashboard.
        self.page("/", "/ -> /dashboard/", lands_on="/dashboard/")


class Cadre(PortalUser):
    weight = 1
    organization_ids: list[int]

    def on_start(self):
        self.username = random.choice(["cadre1", "cadre2"])
        super().on_start()
        self.organization_ids = []
        self.phone_home()

    @task(2)
    def phone_home(self):
        response = self.page("/m/", "/m/")
        found = VISIT_RE.findall(response.text)
        if found:
            self.organization_ids = [int(i) for i in found]

    @task(3)
    def visit_form(self):
        if not self.organization_ids:
            self.phone_home()
            return
        self.page(f"/m/visit/{random.choice(self.organization_ids)}/", "/m/visit/<org>/")
