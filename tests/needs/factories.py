"""Factories for needs, resources and projects."""

import factory

from needs import services
from needs.models import Need, Project, Resource
from tests.factories import OrganizationFactory


class NeedFactory(factory.django.DjangoModelFactory):
    """A submitted need saved through services.open_need (reference, deadline, timeline)."""

    class Meta:
        model = Need

    organization = factory.SubFactory(OrganizationFactory)
    street = factory.SelfAttribute("organization.street")
    source = Need.Source.PHONE
    category = Need.Category.CONSULTING
    title = factory.Sequence(lambda n: f"需求{n}")
    description = "需要帮助"
    contact_name = "李娜"
    contact_phone = "13900001111"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.pop("user", None)
        hours = kwargs.pop("hours", None)
        need = model_class(*args, **kwargs)
        return services.open_need(need, user, hours=hours)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    organization = factory.SubFactory(OrganizationFactory)
    street = factory.SelfAttribute("organization.street")
    name = factory.Sequence(lambda n: f"资源{n}")
    category = Need.Category.VENUE
    capacity = 30
    contact_name = "张强"
    contact_phone = "021-62345678"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    street = factory.SubFactory("tests.factories.StreetFactory")
    name = factory.Sequence(lambda n: f"暖情项目{n}")
    kind = Project.Kind.WARM_HEART
