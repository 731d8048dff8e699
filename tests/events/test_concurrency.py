"""Concurrent sign-ups never overbook an event (real row locks: PostgreSQL only)."""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Registration
from tests.events.factories import EventFactory
from tests.factories import StreetFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SELECT … FOR UPDATE row locks need PostgreSQL; SQLite serialises all writers anyway")


def _run_concurrently(fns):
    barrier = threading.Barrier(len(fns))
    errors = []

    def wrap(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_concurrent_sign_ups_never_overbook(postgres_only, transactional_db):
    street = StreetFactory()
    event = EventFactory(street=street, capacity=5)
    users = [UserFactory(street=street, role="cadre") for _ in range(20)]
    errors = _run_concurrently([lambda u=u: services.register(event, user=u) for u in users])
    assert not errors, errors
    regs = Registration.objects.filter(event=event)
    assert regs.filter(status="confirmed").count() == 5
    assert regs.filter(status="waitlisted").count() == 15


def test_concurrent_cancel_and_sign_up_keep_the_count(postgres_only, transactional_db):
    street = StreetFactory()
    event = EventFactory(street=street, capacity=3)
    users = [UserFactory(street=street, role="cadre") for _ in range(10)]
    first = [services.register(event, user=u) for u in users[:6]]  # 3 confirmed, 3 waiting
    cancels = [lambda r=r: services.cancel_registration(r) for r in first[:3]]
    signups = [lambda u=u: services.register(event, user=u) for u in users[6:]]
    errors = _run_concurrently(cancels + signups)
    assert not errors, errors
    regs = Registration.objects.filter(event=event)
    assert regs.filter(status="confirmed").count() == 3
    assert regs.filter(status="waitlisted").count() == 4
    # The three who waited longest got the freed places.
    assert set(regs.filter(status="confirmed").values_list("pk", flat=True)) == {r.pk for r in first[3:]}


def test_same_person_signing_up_twice_at_once_gets_one_place(postgres_only, transactional_db):
    street = StreetFactory()
    event = EventFactory(street=street, capacity=5)
    user = UserFactory(street=street, role="cadre")
    errors = _run_concurrently([lambda: services.register(event, user=user) for _ in range(5)])
    assert len(errors) == 4
    assert Registration.objects.filter(event=event, user=user).count() == 1
