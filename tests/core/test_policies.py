"""One role rule per model that pages and API both ask, and the 404/403 rule of the scoped viewset."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory, force_authenticate

from core.api.viewsets import ScopedModelViewSet
from core.permissions import Policy, StreetRecordsPolicy


class ApprovalPolicy(Policy):
    actions = {"approve": "is_portal_admin", "export": ("is_street_staff", "is_portal_admin")}


@pytest.mark.django_db
def test_street_records_policy_by_role(world):
    u = world.users
    assert StreetRecordsPolicy.allows(u["district"], "read")
    assert not StreetRecordsPolicy.allows(u["district"], "write")
    assert StreetRecordsPolicy.allows(u["staff_a"], "write")
    assert not StreetRecordsPolicy.allows(u["cadre1"], "read")
    assert not StreetRecordsPolicy.allows(AnonymousUser(), "read")


@pytest.mark.django_db
def test_a_named_action_has_its_own_roles(world):
    u = world.users
    assert not ApprovalPolicy.allows(u["staff_a"], "approve")
    assert ApprovalPolicy.allows(u["admin"], "approve")
    assert ApprovalPolicy.action_for("GET", "export") == "export"
    assert ApprovalPolicy.action_for("GET", "list") == "read"
    assert ApprovalPolicy.action_for("PATCH", "partial_update") == "write"
    assert not ApprovalPolicy.allows(u["district"], ApprovalPolicy.action_for("GET", "export"))


class WritersIncludingDistrict(Policy):
    write = ("can_manage_street_records", "is_district")


def organization_viewset():
    from organizations.api.serializers import OrganizationSerializer
    from organizations.models import TwoNewOrganization

    class Organizations(ScopedModelViewSet):
        queryset = TwoNewOrganization.objects.all()
        serializer_class = OrganizationSerializer
        policy = WritersIncludingDistrict

    return Organizations.as_view({"get": "retrieve", "patch": "partial_update"})


def call(user, method, pk, data=None):
    factory = APIRequestFactory()
    request = getattr(factory, method)(f"/x/{pk}/", data or {}, format="json")
    force_authenticate(request, user=user)
    return organization_viewset()(request, pk=pk)


@pytest.mark.django_db
def test_out_of_scope_is_404_and_read_only_in_scope_is_403(world):
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(street=world.street_a, name="原名称有限公司")
    u = world.users
    assert call(u["staff_b"], "get", org.pk).status_code == 404  # another street's record
    assert call(u["staff_b"], "patch", org.pk, {"name": "x", "version": org.version}).status_code == 404
    # The district reads every street's records but changes none: the policy lets it ask, the
    # scope says no, and it is told so (403), not that the record is missing.
    response = call(u["district"], "patch", org.pk, {"name": "x", "version": org.version})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "原名称有限公司"
    assert call(u["cadre1"], "get", org.pk).status_code == 403  # the policy: cadres do not read


def organization_edit_page(user, pk):
    from django.test import RequestFactory

    from core.views import RecordUpdateView
    from organizations.forms import OrganizationForm
    from organizations.models import TwoNewOrganization

    class Edit(RecordUpdateView):
        model = TwoNewOrganization
        form_class = OrganizationForm
        template_name = "organizations/organization_form.html"
        detail_url = "organizations:detail"

    request = RequestFactory().get(f"/x/{pk}/")
    request.user = user
    return Edit.as_view()(request, pk=pk)


@pytest.mark.django_db
def test_record_pages_follow_the_same_404_and_403_rule(world):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from tests.factories import OrganizationFactory

    org = OrganizationFactory(street=world.street_a)
    with pytest.raises(Http404):
        organization_edit_page(world.users["staff_b"], org.pk)
    with pytest.raises(PermissionDenied):
        organization_edit_page(world.users["district"], org.pk)  # reads it, may not change it
    assert organization_edit_page(world.users["staff_a"], org.pk).status_code == 200
    org.archive()
    with pytest.raises(Http404):
        organization_edit_page(world.users["staff_a"], org.pk)  # restored, not edited
