"""Staff assign their street's cadres to organizations, change cadences and end assignments."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crossposts.models import Assignment
from organizations.models import TwoNewOrganization
from tests.crossposts.factories import AssignmentFactory, VisitFactory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(world):
    return OrganizationFactory(street=world.street_a, name="虹桥科技有限公司")


def _new(client, org, **data):
    return client.post(reverse("crossposts:assignment_new", args=[org.pk]), data)


def _stored():
    return sorted(Assignment.objects.values_list("cadre_id", "organization_id", "cadence_days", "active"))


def test_staff_assign_a_cadre_from_the_organization_page(world, client_for, org):
    staff = client_for("staff_a")
    page = staff.get(reverse("organizations:detail", args=[org.pk])).content.decode()
    assert reverse("crossposts:assignment_new", args=[org.pk]) in page
    form = staff.get(reverse("crossposts:assignment_new", args=[org.pk]))
    # The street's cadres only.
    assert {c.pk for c in form.context["form"].fields["cadre"].queryset} == {world.cadre1.pk, world.cadre2.pk}

    response = _new(staff, org, cadre=world.cadre1.pk, cadence_days=14)

    assert response.status_code == 302
    a = Assignment.objects.get(organization=org)
    assert (a.cadre, a.cadence_days, a.active, a.street_id) == (world.cadre1, 14, True, world.street_a.pk)
    listed = staff.get(response["Location"])
    assert [x.pk for x in listed.context["assignments"]] == [a.pk]
    assert "每 14 天走访一次虹桥科技有限公司" in str(next(iter(listed.context["messages"])))
    # The cadre's phone lists it at once (never visited: due now).
    home = client_for("cadre1").get(reverse("mobile:home")).content.decode()
    assert "虹桥科技有限公司" in home


@pytest.mark.parametrize(
    ("cadence", "message"),
    [("0", "1"), ("400", "365"), ("abc", "整数"), ("", "必填")],
)
def test_a_bad_cadence_is_refused_with_a_translated_error(world, client_for, org, cadence, message):
    before = _stored()
    response = _new(client_for("staff_a"), org, cadre=world.cadre1.pk, cadence_days=cadence)
    assert response.status_code == 200
    errors = response.context["form"].errors["cadence_days"]
    assert errors and message in errors[0]
    assert _stored() == before


def test_a_cadre_of_another_street_or_twice_the_same_is_refused(world, client_for, org):
    other_street_cadre = UserFactory(role="cadre", street=world.street_b)
    staff = client_for("staff_a")
    response = _new(staff, org, cadre=other_street_cadre.pk, cadence_days=30)
    assert response.status_code == 200 and "cadre" in response.context["form"].errors
    assert not Assignment.objects.exists()

    AssignmentFactory(cadre=world.cadre1, organization=org, cadence_days=30)
    before = _stored()
    response = _new(staff, org, cadre=world.cadre1.pk, cadence_days=7)
    assert response.status_code == 200
    assert response.context["form"].errors["cadre"] == ["该干部已负责联系此组织。"]
    assert _stored() == before


def test_no_assignment_to_an_archived_closed_or_other_streets_organization(world, client_for, org):
    staff = client_for("staff_a")
    closed = OrganizationFactory(street=world.street_a, status=TwoNewOrganization.Status.DEREGISTERED)
    archived = OrganizationFactory(street=world.street_a, archived_at=timezone.now())
    elsewhere = OrganizationFactory(street=world.street_b)
    for target in (closed, archived, elsewhere):
        assert _new(staff, target, cadre=world.cadre1.pk, cadence_days=30).status_code == 404
    assert not Assignment.objects.exists()


def test_changing_the_cadence_moves_the_due_day_and_a_stale_form_does_not_overwrite(world, client_for, org):
    a = AssignmentFactory(cadre=world.cadre1, organization=org, cadence_days=30)
    Assignment.objects.filter(pk=a.pk).update(last_visited_on=timezone.localdate() - timedelta(days=20))
    url = reverse("crossposts:assignment_edit", args=[a.pk])
    staff = client_for("staff_a")
    version = staff.get(url).context["form"]["version"].value()

    assert staff.post(url, {"cadence_days": 14, "version": version}).status_code == 302
    a.refresh_from_db()
    assert (a.cadence_days, a.due_on) == (14, timezone.localdate() - timedelta(days=6))

    # A second editor who opened the form before that save is told, and nothing is overwritten.
    stale = staff.post(url, {"cadence_days": 60, "version": version})
    assert stale.status_code == 200
    assert "他人已保存" in " ".join(stale.context["form"].non_field_errors())
    a.refresh_from_db()
    assert a.cadence_days == 14
    bad = staff.post(url, {"cadence_days": "-3", "version": a.version})
    assert bad.status_code == 200 and "cadence_days" in bad.context["form"].errors
    assert Assignment.objects.get(pk=a.pk).cadence_days == 14


def test_ending_an_assignment_keeps_its_visits_and_frees_the_cadre(world, client_for, org):
    a = AssignmentFactory(cadre=world.cadre1, organization=org)
    visit = VisitFactory(cadre=world.cadre1, organization=org, assignment=a)
    staff = client_for("staff_a")

    response = staff.post(reverse("crossposts:assignment_end", args=[a.pk]))

    assert response.status_code == 302
    a.refresh_from_db()
    assert not a.active and visit.__class__.objects.filter(pk=visit.pk, assignment=a).exists()
    assert a.pk not in [x.pk for x in staff.get(reverse("crossposts:assignments")).context["assignments"]]
    again = staff.post(reverse("crossposts:assignment_end", args=[a.pk]), follow=True)
    assert "该分配此前已结束" in again.content.decode()
    # Ended: the same cadre may be assigned again (a new assignment).
    assert _new(staff, org, cadre=world.cadre1.pk, cadence_days=30).status_code == 302
    assert Assignment.objects.filter(organization=org, active=True).count() == 1


def test_the_district_and_cadres_only_read(world, client_for, org):
    a = AssignmentFactory(cadre=world.cadre1, organization=org)
    for role in ("district", "cadre1", "leader"):
        client = client_for(role)
        assert _new(client, org, cadre=world.cadre1.pk, cadence_days=7).status_code == 403
        assert client.post(reverse("crossposts:assignment_end", args=[a.pk])).status_code == 403
    assert _stored() == [(world.cadre1.pk, org.pk, 30, True)]
    page = client_for("district").get(reverse("crossposts:assignments")).content.decode()
    assert reverse("crossposts:assignment_end", args=[a.pk]) not in page
