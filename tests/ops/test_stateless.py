"""Web processes keep no state of their own: two gunicorn processes serve one session.

Both processes share the database and Redis (cache and cached-db sessions), as two replicas
behind a load balancer would. A user logs in on the first, is logged in on the second, a form
fetched from the first is accepted by the second (the CSRF token lives in the cookie, not in a
process), and logging out on the second ends the session on the first.

On PostgreSQL the processes use the test database; on SQLite the test copies its database to
a file both can open. It needs a Redis server (REDIS_URL, default redis://127.0.0.1:6379/0).
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from core.models import Notification

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
PASSWORD = "stateless-test-pw"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shared_database(tmp_path):
    """The database URL both processes use, and a function reading a notification's read_at there."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return url, lambda pk: Notification.objects.get(pk=pk).read_at
    # The SQLite test database lives in memory: copy it (committed, see transaction=True) to a file.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()

    def read_at(pk):
        with sqlite3.connect(path) as db_file:
            return db_file.execute("SELECT read_at FROM core_notification WHERE id = ?", [pk]).fetchone()[0]

    return f"sqlite:///{path}", read_at


def _serve(port, env, log):
    return subprocess.Popen(  # noqa: S603 - our own interpreter and app
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hongqiao.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_ready(base, proc, log_path):
    import requests

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{base} exited: {log_path.read_text()[-2000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code in (200, 503):
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"{base} did not start: {log_path.read_text()[-2000:]}")


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_two_web_processes_serve_one_session(world, tmp_path):
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: sessions and cache need it to be shared")
    import requests

    user = world.staff_a
    # A hash the servers' own hashers accept (the tests' MD5 is not one of them), cheap to check.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "statelesssalt", iterations=1000)
    user.save(update_fields=["password"])
    note = Notification.objects.create(recipient=user, kind="test", key="stateless", title="两个进程")

    database_url, read_at = _shared_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "SECRET_KEY": "stateless-test-" + "k" * 40,  # the same key in every replica
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: cookies without the Secure flag, no redirect to HTTPS.
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_MANIFEST": "false",
    }
    procs, bases = [], []
    try:
        for name in ("one", "two"):
            port = _free_port()
            log_path = tmp_path / f"{name}.log"
            proc = _serve(port, env, log_path.open("w"))
            procs.append(proc)
            bases.append(f"http://127.0.0.1:{port}")
            _wait_ready(bases[-1], proc, log_path)
        one, two = bases
        login, notifications = reverse("accounts:login"), reverse("core:notifications")
        browser = requests.Session()

        # Not logged in anywhere yet.
        assert "/accounts/login/" in browser.get(f"{two}{notifications}", timeout=30).url
        # Log in on process one.
        form = browser.get(f"{one}{login}", timeout=30)
        response = browser.post(
            f"{one}{login}",
            data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(form.text)},
            headers={"Referer": f"{one}{login}"},
            timeout=60,
        )
        assert response.status_code == 200 and "/accounts/login/" not in response.url, response.text[-500:]
        # Process two knows the session: the logged-in page, with the user's notification.
        page = browser.get(f"{two}{notifications}", timeout=30)
        assert page.status_code == 200 and page.url == f"{two}{notifications}"
        assert "两个进程" in page.text

        # A form from process one is accepted by process two.
        token = _csrf(browser.get(f"{one}{notifications}", timeout=30).text)
        read = browser.post(
            f"{two}{reverse('core:notification_read', args=[note.pk])}",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{two}{notifications}"},
            allow_redirects=False,
            timeout=30,
        )
        assert read.status_code == 302, read.text[-500:]
        assert read_at(note.pk) is not None
        # Without the token process two refuses it, as usual.
        refused = browser.post(
            f"{two}{reverse('core:notifications_read_all')}",
            headers={"Referer": f"{two}{notifications}"},
            allow_redirects=False,
            timeout=30,
        )
        assert refused.status_code == 403

        # Logging out on process two ends the session on process one too.
        browser.post(
            f"{two}{reverse('accounts:logout')}",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{two}{notifications}"},
            timeout=30,
        )
        assert "/accounts/login/" in browser.get(f"{one}{notifications}", timeout=30).url
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
