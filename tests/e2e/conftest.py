"""End-to-end tests: Playwright (Python) driving Debian's Chromium against a live server.

Playwright's own browser download cannot work here, so the tests use
/usr/bin/chromium (``.ci/run`` installs it with apt-get when missing) and skip,
saying why, where it is absent.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def _axe_source() -> str | None:
    """axe-core from the npm registry (`make e2e-deps`), injected by the test, never from a CDN."""
    return AXE.read_text(encoding="utf-8") if AXE.exists() else None


class Session:
    """A browser page that records console CSP violations and saves screenshots."""

    def __init__(self, page, base_url, flow):
        self.page = page
        self.base_url = base_url
        self.flow = flow
        self.step = 0
        self.csp_violations = []
        self.dialogs = []
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        """Accept confirm()/alert() (the portal asks before cancelling), remembering what was said."""
        self.dialogs.append(dialog.message)
        dialog.accept()

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(text)

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        return response

    def check_accessibility(self):
        """axe-core on the current page: no critical violations; every field labelled, images described."""
        source = _axe_source()
        if source is None:
            pytest.skip("axe-core is not installed (make e2e-deps)")
        self.page.evaluate(source)
        result = self.page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"""
        )
        critical = [v for v in result["violations"] if v["impact"] == "critical"]
        must = [
            v for v in result["violations"] if v["id"] in ("label", "image-alt", "select-name", "svg-img-alt")
        ]
        problems = critical + [v for v in must if v not in critical]
        assert not problems, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems]
        return result

    def shot(self, name, check=True):
        if check:
            self.check_accessibility()
        self.step += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.flow}-{self.step:02d}-{name}.png"), full_page=True)

    def login(self, username, password="hongqiao-demo"):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()


@pytest.fixture
def desktop(browser, live_server, request):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    session = Session(context.new_page(), live_server.url, request.node.name)
    session.context = context
    yield session
    context.close()
    assert not session.csp_violations, session.csp_violations


@pytest.fixture
def phone(browser, live_server, request):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="zh-CN",
    )
    session = Session(context.new_page(), live_server.url, request.node.name)
    session.context = context
    yield session
    context.close()
    assert not session.csp_violations, session.csp_violations


@pytest.fixture
def open_session(browser, live_server, request):
    """More people at once: ``open_session("cadre1", phone=True)`` opens a fresh browser context,
    logs that user in and returns its Session; every context's CSP violations fail the test."""
    opened = []

    def _open(username=None, phone=False):
        options = {"viewport": {"width": 1366, "height": 900}, "locale": "zh-CN"}
        if phone:
            options = {
                "viewport": {"width": 390, "height": 844},
                "is_mobile": True,
                "has_touch": True,
                "device_scale_factor": 2,
                "locale": "zh-CN",
            }
        context = browser.new_context(**options)
        name = f"{request.node.name}-{username or 'anonymous'}"
        session = Session(context.new_page(), live_server.url, name)
        session.context = context
        opened.append(session)
        if username:
            session.login(username)
        return session

    yield _open
    for session in opened:
        session.context.close()
    violations = [v for session in opened for v in session.csp_violations]
    assert not violations, violations


@pytest.fixture
def e2e_world(transactional_db, django_db_serialized_rollback, settings):
    """The demo data set, as a user would find it after `make run`.

    The live server needs a transactional database, which is flushed after each test; the
    serialized rollback puts back what data migrations created (pledge kinds, checklist,
    periodic tasks), so every test starts from the same database as the first one.
    """
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
