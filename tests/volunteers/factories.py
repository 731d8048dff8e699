"""Factories for the volunteers app."""

import datetime
from decimal import Decimal

import factory

from tests.factories import ResidentialAreaFactory, StreetFactory
from volunteers.models import (
    BuildingGroup,
    Pairing,
    PairingCheckIn,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)


class BuildingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingGroup

    residential_area = factory.SubFactory(ResidentialAreaFactory)
    number = factory.Sequence(lambda n: f"{n + 1}号")
    households = 20


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    street = factory.SubFactory(StreetFactory)
    residential_area = factory.SubFactory(ResidentialAreaFactory, street=factory.SelfAttribute("..street"))
    name = factory.Sequence(lambda n: f"志愿者队{n}")
    focus = "美化家园"
    founded = datetime.date(2016, 3, 5)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    street = factory.SubFactory(StreetFactory)
    residential_area = factory.SubFactory(ResidentialAreaFactory, street=factory.SelfAttribute("..street"))
    name = factory.Sequence(lambda n: f"志愿者{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    skills = "急救, 书法"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    volunteer = factory.SubFactory(VolunteerFactory, street=factory.SelfAttribute("..team.street"))
    joined_on = datetime.date(2020, 1, 1)


def member_of(team, **kwargs) -> Volunteer:
    """A new volunteer of the team's street who is a current member of it."""
    kwargs.setdefault("residential_area", team.residential_area)
    volunteer = VolunteerFactory(street=team.street, **kwargs)
    MembershipFactory(team=team, volunteer=volunteer)
    return volunteer


def record(team, volunteers, day, hours, status=ServiceRecord.Status.APPROVED, **kwargs) -> ServiceRecord:
    """A service record with its hours rows written directly (bypassing the rule: for fixtures)."""
    rec = ServiceRecord.objects.create(
        team=team,
        date=day,
        hours=Decimal(hours),
        description=kwargs.pop("description", "清扫楼道"),
        status=status,
        **kwargs,
    )
    ServiceHours.objects.bulk_create(
        [ServiceHours(record=rec, volunteer=v, date=day, hours=Decimal(hours)) for v in volunteers]
    )
    return rec


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    party_member = factory.SubFactory(VolunteerFactory, is_party_member=True)
    street = factory.SelfAttribute("party_member.street")
    household = factory.Sequence(lambda n: f"困难家庭{n}")
    started_on = datetime.date(2023, 1, 1)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingCheckIn

    pairing = factory.SubFactory(PairingFactory)
    visited_on = datetime.date(2024, 5, 1)
    note = "上门看望"
