"""factory_boy factories for the foundation models; each app adds its own in tests/<app>/factories.py."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from organizations.models import (
    Building,
    District,
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)
from organizations.validators import make_credit_code


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = "长宁区"
    code = "310105"


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"街道{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.STAFF
    street = factory.SubFactory(StreetFactory)
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ResidentialAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentialArea

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"居民区{n}")
    households = 1300
    residents = 3000


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"大厦{n}")
    floors = 30


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"党支部{n}")
    level = PartyOrganization.Level.BRANCH
    kind = PartyOrganization.Kind.INDEPENDENT
    member_count = 5


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TwoNewOrganization

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"上海测试{n}有限公司")
    credit_code = factory.Sequence(lambda n: make_credit_code("91310105", 10_000_000 + n))
    industry = "咨询"
    headcount = 50
    party_members = 3
    contact_name = "王伟"
    contact_phone = "13812345678"
    floor = "12"
    unit = "1201"
    # In the ledger long before any test's visits: a visit made minutes ago, just after local
    # midnight, would otherwise fall on the day before the organization's registration.
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
