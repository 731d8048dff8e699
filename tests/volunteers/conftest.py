"""Shared data for the volunteers tests: street A with the leader's team and another team, street B."""

import datetime
from types import SimpleNamespace

import pytest

from tests.factories import ResidentialAreaFactory
from tests.volunteers.factories import BuildingGroupFactory, PairingFactory, TeamFactory, member_of, record
from volunteers.models import ServiceRecord


def make_volunteer_world(world):
    area_a = ResidentialAreaFactory(street=world.street_a, name="虹储居民区", households=1300, residents=3000)
    area_b = ResidentialAreaFactory(street=world.street_b, name="仙霞居民区", households=900, residents=2000)
    group_a = BuildingGroupFactory(residential_area=area_a, number="1号", households=20)
    group_b = BuildingGroupFactory(residential_area=area_b, number="9号", households=30)
    own_team = TeamFactory(
        street=world.street_a, residential_area=area_a, name="美化家园队", leader=world.leader
    )
    other_team = TeamFactory(street=world.street_a, residential_area=area_a, name="助老队")
    team_b = TeamFactory(street=world.street_b, residential_area=area_b, name="仙霞队")
    own_member = member_of(own_team, name="王芳", phone="13812345678", building_group=group_a)
    other_member = member_of(other_team, name="李强", phone="13987654321", building_group=group_a)
    b_member = member_of(team_b, name="赵敏", phone="13700001111", building_group=group_b)
    today = datetime.date.today() - datetime.timedelta(days=1)
    own_pending = record(own_team, [own_member], today, "2", status=ServiceRecord.Status.PENDING)
    other_pending = record(other_team, [other_member], today, "3", status=ServiceRecord.Status.PENDING)
    b_record = record(team_b, [b_member], today, "4")
    pairing = PairingFactory(
        party_member=member_of(own_team, name="党员张", is_party_member=True), building_group=group_a
    )
    pairing_b = PairingFactory(party_member=member_of(team_b, name="党员钱", is_party_member=True))
    return SimpleNamespace(**locals())


@pytest.fixture
def vw(world):
    return make_volunteer_world(world)
