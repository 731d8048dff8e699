from types import SimpleNamespace

import pytest

from crossposts.models import Assignment
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory, ProjectFactory, ResourceFactory

# Each test already has a cache namespace of its own (tests/conftest.py); clearing the cache
# here would flush the shared Redis database under the tests running in parallel.


def make_needs_world(world):
    org_a = OrganizationFactory(street=world.street_a, name="上海东银咨询有限公司")
    org_b = OrganizationFactory(street=world.street_b, name="仙霞贸易有限公司")
    Assignment.objects.create(cadre=world.cadre1, organization=org_a)
    need_a = NeedFactory(organization=org_a, raised_by=world.cadre1, user=world.cadre1, title="场地需求A")
    need_b = NeedFactory(organization=org_b, user=world.staff_b, title="培训需求B")
    resource_a = ResourceFactory(organization=org_a, name="东银会议室")
    resource_b = ResourceFactory(organization=org_b, name="仙霞会议室")
    project_a = ProjectFactory(street=world.street_a, need=need_a, name="暖情项目A")
    project_b = ProjectFactory(street=world.street_b, name="暖情项目B")
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        need_a=need_a,
        need_b=need_b,
        resource_a=resource_a,
        resource_b=resource_b,
        project_a=project_a,
        project_b=project_b,
    )


@pytest.fixture
def nw(world):
    return make_needs_world(world)
