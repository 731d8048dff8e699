"""Factories for dual check-in: party members, their check-ins and pledge marks."""

import datetime

import factory

from members.models import CommunityCheckIn, PartyMember, PledgeKind, PledgeMark
from tests.factories import (
    OrganizationFactory,
    PartyOrganizationFactory,
    ResidentialAreaFactory,
    StreetFactory,
)


def pledge(rule: str) -> PledgeKind:
    """One of the default kinds created by the data migration."""
    return PledgeKind.objects.filter(rule=rule).order_by("position").first()


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    party_organization = factory.SubFactory(
        PartyOrganizationFactory, street=factory.SelfAttribute("..street")
    )
    work_organization = factory.SubFactory(OrganizationFactory, street=factory.SelfAttribute("..street"))
    residential_area = factory.SubFactory(ResidentialAreaFactory, street=factory.SelfAttribute("..street"))
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    status = PartyMember.Status.IN_SERVICE


class CommunityCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityCheckIn
        skip_postgeneration_save = True

    member = factory.SubFactory(PartyMemberFactory)
    residential_area = factory.SelfAttribute("member.residential_area")
    checked_in_on = datetime.date(2024, 1, 10)

    @factory.post_generation
    def pledges(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.pledges.set(extracted)


class PledgeMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeMark

    member = factory.SubFactory(PartyMemberFactory)
    pledge = factory.LazyFunction(lambda: pledge(PledgeKind.Rule.MANUAL))
    year = 2024
    quarter = 2
