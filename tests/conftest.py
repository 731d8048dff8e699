"""Fixtures shared by every app's tests: the roles, their clients, a temporary media folder."""

import uuid
from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import DistrictFactory, StreetFactory, UserFactory

ROLES = ["anonymous", "district", "staff_a", "staff_b", "cadre1", "cadre2", "leader", "admin"]


@pytest.fixture(autouse=True)
def _media_and_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # Fast hashing: the real one costs a second a user on a loaded 2-core machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"
    # Each test its own cache namespace: rate limits and counters never leak between tests
    # or between parallel workers sharing one Redis.
    settings.CACHES = {
        name: {**conf, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for name, conf in settings.CACHES.items()
    }
    from hongqiao.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    # A test's own worker (celery.contrib.testing start_worker) makes its app the current one;
    # the next test must find the project's app there again.
    app.set_current()
    app.set_default()


@pytest.fixture
def world(db):
    """Two streets of one district, and one user of every role (street A unless named B)."""
    district = DistrictFactory()
    street_a = StreetFactory(district=district, name="虹桥街道")
    street_b = StreetFactory(district=district, name="仙霞新村街道")
    users = {
        "district": UserFactory(username="district", role=User.Role.DISTRICT, street=None, district=district),
        "staff_a": UserFactory(username="staff", role=User.Role.STAFF, street=street_a),
        "staff_b": UserFactory(username="staff2", role=User.Role.STAFF, street=street_b),
        "cadre1": UserFactory(username="cadre1", role=User.Role.CADRE, street=street_a),
        "cadre2": UserFactory(username="cadre2", role=User.Role.CADRE, street=street_a),
        "leader": UserFactory(username="leader1", role=User.Role.LEADER, street=street_a),
        "admin": UserFactory(
            username="admin", role=User.Role.ADMIN, street=None, is_staff=True, is_superuser=True
        ),
    }
    return SimpleNamespace(district_obj=district, street_a=street_a, street_b=street_b, users=users, **users)


@pytest.fixture
def client_for(world):
    """client_for("staff_a") is a Client logged in as that role; "anonymous" is not logged in."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        return client

    return make


@pytest.fixture
def api_for(world):
    """api_for("cadre1") is a DRF APIClient authenticated as that role."""
    from rest_framework.test import APIClient

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(world.users[role])
        return client

    return make
