"""Every list page and list endpoint runs the same number of queries for 2 rows as for 12."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.volunteers.factories import (
    BuildingGroupFactory,
    CheckInFactory,
    PairingFactory,
    TeamFactory,
    member_of,
    record,
)
from volunteers import rating
from volunteers.models import ServiceRecord

DAY = datetime.date.today() - datetime.timedelta(days=3)


def grow(vw, n):
    """n more teams (one led by the leader), each with a member, a record, a building group and a pairing."""
    for i in range(n):
        team = TeamFactory(
            street=vw.world.street_a,
            residential_area=vw.area_a,
            leader=vw.world.leader if i % 2 == 0 else None,
        )
        group = BuildingGroupFactory(residential_area=vw.area_a)
        volunteer = member_of(team, building_group=group, is_party_member=True)
        record(
            team,
            [volunteer],
            DAY,
            "2",
            status=ServiceRecord.Status.PENDING if i % 2 else ServiceRecord.Status.APPROVED,
        )
        pairing = PairingFactory(party_member=volunteer, building_group=group)
        CheckInFactory(pairing=pairing)
    rating.rate_street(vw.world.street_a, DAY.year)


PAGES = [
    ("staff_a", "volunteers:index"),
    ("leader", "volunteers:index"),
    ("staff_a", "volunteers:team_list"),
    ("staff_a", "volunteers:volunteer_list"),
    ("district", "volunteers:volunteer_list"),
    ("staff_a", "volunteers:record_list"),
    ("leader", "volunteers:record_list"),
    ("staff_a", "volunteers:group_list"),
    ("staff_a", "volunteers:pairing_list"),
    ("staff_a", "team-list"),
    ("leader", "team-list"),
    ("staff_a", "volunteer-list"),
    ("leader", "volunteer-list"),
    ("staff_a", "service-record-list"),
    ("leader", "service-record-list"),
    ("staff_a", "building-group-list"),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("role", "name"), PAGES)
def test_query_count_does_not_grow_with_rows(vw, client_for, api_for, role, name):
    client = api_for(role) if "-" in name else client_for(role)
    url = reverse(name)
    grow(vw, 2)
    client.get(url)  # warm caches (content types, session)
    small = count_queries(client, url)
    grow(vw, 10)
    large = count_queries(client, url)
    assert small == large, f"{name} as {role}: {small} queries for few rows, {large} for more"
