"""CSRF everywhere, login throttling by address too, and production settings."""

import pytest
from django.test import Client
from django.urls import reverse

from organizations.models import TwoNewOrganization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_form_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff_a)
    org = OrganizationFactory(street=world.street_a)
    response = client.post(reverse("organizations:archive", args=[org.pk]))
    assert response.status_code == 403
    org.refresh_from_db()
    assert not org.is_archived


def test_session_api_writes_need_csrf_too(world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.staff_a)
    response = client.post(
        reverse("organization-list"), {"name": "x", "credit_code": "91310105N92L43K43K"}, format="json"
    )
    assert response.status_code == 403
    assert not TwoNewOrganization.objects.exists()


def test_login_is_throttled_by_address(client, world, settings):
    from axes.utils import reset

    settings.AXES_ENABLED = True
    reset()
    url = reverse("accounts:login")
    for n in range(5):
        client.post(url, {"username": f"nobody{n}", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    response = client.post(url, {"username": "staff", "password": "hongqiao-demo"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    # Another address may still log in.
    ok = client.post(url, {"username": "staff", "password": "hongqiao-demo"}, REMOTE_ADDR="10.9.9.10")
    assert ok.status_code == 302
    reset()


def test_api_token_is_throttled_too(client, world, settings):
    from axes.utils import reset
    from rest_framework.test import APIClient

    settings.AXES_ENABLED = True
    reset()
    api = APIClient()
    for _ in range(5):
        api.post(
            reverse("api-token"),
            {"username": "staff", "password": "wrong"},
            format="json",
            REMOTE_ADDR="10.8.8.8",
        )
    response = api.post(
        reverse("api-token"),
        {"username": "staff", "password": "hongqiao-demo"},
        format="json",
        REMOTE_ADDR="10.8.8.7",
    )
    assert response.status_code == 429
    assert b'"token"' not in response.content
    reset()


def test_production_settings_are_secure(monkeypatch):
    import importlib

    import hongqiao.settings as base

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    prod = importlib.reload(base)
    try:
        assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
        assert prod.SECURE_HSTS_SECONDS >= 31536000
        assert prod.SESSION_COOKIE_HTTPONLY
        assert prod.X_FRAME_OPTIONS == "DENY"
    finally:
        monkeypatch.delenv("DEBUG")
        importlib.reload(base)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/assignments/?organization=-4.56e292",
        "/api/v1/visits/?organization=-2.34e123",
        "/api/v1/crossposts/?cadre=-2.69e42",
    ],
)
def test_out_of_range_numbers_never_cause_a_server_error(api_for, url):
    response = api_for("staff_a").get(url)
    assert response.status_code in (200, 400), response.content[:300]
