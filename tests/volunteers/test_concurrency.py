"""Two records saved at once for one volunteer and day cannot together pass 24 hours (PostgreSQL row locks)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.factories import DistrictFactory, StreetFactory
from tests.volunteers.factories import TeamFactory, member_of
from volunteers import services
from volunteers.models import ServiceHours

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


def test_concurrent_records_never_pass_the_daily_limit(postgres_only, transactional_db):
    street = StreetFactory(district=DistrictFactory())
    team = TeamFactory(street=street)
    volunteer = member_of(team)
    day = datetime.date.today() - datetime.timedelta(days=1)

    def save():
        services.save_service_record(
            team=team, day=day, hours="10", description="巡逻", volunteers=[volunteer]
        )

    errors = _run_concurrently([save for _ in range(5)])
    assert len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors)
    assert sum(r.hours for r in ServiceHours.objects.filter(volunteer=volunteer, date=day)) == 20
