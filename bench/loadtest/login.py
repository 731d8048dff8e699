"""Log the demo accounts in once and warm the server up, before the load test starts.

    python bench/loadtest/login.py http://127.0.0.1:8765 sessions.json

A login costs a deliberately slow password hash (PBKDF2, 1,000,000 iterations: seconds of CPU on a
loaded 2-core machine), so the load test's users share one session per account instead of each
logging in: the test then measures the pages, not the hash. The login times are printed here.
Each gunicorn worker imports and compiles its templates on its first requests: a few rounds of
every page are requested first, so that the test does not measure the warm-up either.
"""

import json
import os
import re
import sys
import time

import requests

PASSWORD = os.environ.get("DEMO_PASSWORD", "hongqiao-demo")
ACCOUNTS = ["staff", "cadre1", "cadre2"]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WARM_UP = {
    "staff": ["/dashboard/", "/organizations/", "/organizations/?kind=economic", "/needs/"],
    "cadre1": ["/m/"],
}


def main(host: str, out: str) -> int:
    sessions = {}
    for username in ACCOUNTS:
        session = requests.Session()
        page = session.get(f"{host}/accounts/login/", timeout=120)
        match = CSRF_RE.search(page.text)
        if not match:
            print(f"login: no CSRF token on the login page ({page.status_code})", file=sys.stderr)
            return 1
        started = time.perf_counter()
        response = session.post(
            f"{host}/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
            timeout=120,
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or "/accounts/login/" in response.url:
            print(f"login: {username} could not log in ({response.status_code})", file=sys.stderr)
            return 1
        print(f"login: {username} logged in in {elapsed * 1000:.0f} ms")
        sessions[username] = session.cookies.get_dict()
        started = time.perf_counter()
        for _round in range(4):
            for path in WARM_UP.get(username, []):
                session.get(f"{host}{path}", timeout=120)
        if username in WARM_UP:
            print(
                f"warm-up: {4 * len(WARM_UP[username])} pages as {username} in {time.perf_counter() - started:.1f} s"
            )
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(sessions, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
