import pytest
from django.db import IntegrityError, transaction

from core.models import ConcurrentEditError
from organizations.models import TwoNewOrganization
from tests.factories import OrganizationFactory, PartyOrganizationFactory

pytestmark = pytest.mark.django_db


def test_credit_code_is_unique_in_the_database(world):
    org = OrganizationFactory(street=world.street_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(street=world.street_a, credit_code=org.credit_code)


def test_database_refuses_more_party_members_than_staff(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(street=world.street_a, headcount=3, party_members=5)


def test_database_refuses_a_lower_case_code(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(street=world.street_a, credit_code="91310105r6ulpynx8t")


def test_uncovered_organization_has_no_covering_party_organization(world):
    branch = PartyOrganizationFactory(street=world.street_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(street=world.street_a, coverage="none", covering_party_organization=branch)


def test_archive_and_restore_keep_the_record(world):
    org = OrganizationFactory(street=world.street_a)
    org.archive()
    assert not TwoNewOrganization.objects.active().filter(pk=org.pk).exists()
    assert TwoNewOrganization.objects.archived().filter(pk=org.pk).exists()
    org.restore()
    assert TwoNewOrganization.objects.active().filter(pk=org.pk).exists()


def test_every_change_is_kept_in_the_history(world):
    org = OrganizationFactory(street=world.street_a, name="旧名称")
    org.name = "新名称"
    org.save()
    names = list(org.history.order_by("history_id").values_list("name", flat=True))
    assert names == ["旧名称", "新名称"]


def test_a_stale_save_is_refused_and_changes_nothing(world):
    org = OrganizationFactory(street=world.street_a, name="原名")
    first = TwoNewOrganization.objects.get(pk=org.pk)
    second = TwoNewOrganization.objects.get(pk=org.pk)
    first.name = "甲的修改"
    first.save_checked(1)
    second.name = "乙的修改"
    with pytest.raises(ConcurrentEditError):
        second.save_checked(1)
    org.refresh_from_db()
    assert org.name == "甲的修改"
    assert org.version == 2


def test_scope_per_role(world):
    mine = OrganizationFactory(street=world.street_a)
    theirs = OrganizationFactory(street=world.street_b)
    qs = TwoNewOrganization.objects
    assert set(qs.visible_to(world.staff_a)) == {mine}
    assert set(qs.visible_to(world.staff_b)) == {theirs}
    assert set(qs.visible_to(world.district)) == {mine, theirs}
    assert set(qs.visible_to(world.admin)) == {mine, theirs}
    assert not qs.visible_to(world.leader).exists()
    assert not qs.editable_by(world.district).exists()
    assert set(qs.editable_by(world.staff_a)) == {mine}


def test_a_cadre_sees_only_assigned_organizations(world):
    from crossposts.models import Assignment

    assigned = OrganizationFactory(street=world.street_a)
    OrganizationFactory(street=world.street_a)
    Assignment.objects.create(cadre=world.cadre1, organization=assigned)
    assert list(TwoNewOrganization.objects.visible_to(world.cadre1)) == [assigned]
    assert not TwoNewOrganization.objects.visible_to(world.cadre2).exists()
