from datetime import timedelta

import pytest
from django.utils import timezone

from tests.crossposts.factories import AssignmentFactory, ChecklistTemplateFactory
from tests.factories import BuildingFactory, OrganizationFactory


@pytest.fixture
def checklist(db):
    return ChecklistTemplateFactory()


@pytest.fixture
def building(world):
    return BuildingFactory(
        street=world.street_a, name="东银中心", latitude="31.196000", longitude="121.400000"
    )


@pytest.fixture
def org1(world, building):
    """An organization of street A, assigned to cadre1."""
    org = OrganizationFactory(
        street=world.street_a, building=building, registered_on=timezone.localdate() - timedelta(days=400)
    )
    AssignmentFactory(cadre=world.cadre1, organization=org)
    return org


@pytest.fixture
def org2(world):
    """An organization of street A, assigned to cadre2."""
    org = OrganizationFactory(street=world.street_a, registered_on=timezone.localdate() - timedelta(days=400))
    AssignmentFactory(cadre=world.cadre2, organization=org)
    return org


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The world's seven users are hashed with a fast hasher: these tests are about visits."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
