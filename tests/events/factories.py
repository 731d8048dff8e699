"""Factories for events, registrations and attendance."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Attendance, Event, Registration
from tests.factories import PartyOrganizationFactory, StreetFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    street = factory.SubFactory(StreetFactory)
    title = factory.Sequence(lambda n: f"集体党日活动{n}")
    kind = Event.Kind.PARTY_DAY
    status = Event.Status.PUBLISHED
    place = "虹桥街道党群服务中心"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    capacity = 30

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if not create:
            return
        orgs = extracted if extracted is not None else [PartyOrganizationFactory(street=obj.street)]
        obj.organizers.set(orgs)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    phone = "13812345678"
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    event = factory.LazyAttribute(lambda a: a.registration.event)
