"""Ledger endpoints. Scope is the models' visible_to/editable_by, as on the pages."""

from rest_framework import viewsets

from core.api.viewsets import ArchivableViewSetMixin, ScopedModelViewSet
from core.permissions import Policy, StreetRecordsPermission
from organizations import filtersets
from organizations.api import serializers
from organizations.models import Building, PartyOrganization, ResidentialArea, Street, TwoNewOrganization


class LedgerPolicy(Policy):
    """The two-new ledger: cadres read it too (their scope: the organizations assigned to them)."""

    read = ("can_read_street_records", "is_cadre")


class StreetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Street.objects.all()
    serializer_class = serializers.StreetSerializer
    permission_classes = [StreetRecordsPermission]
    filterset_class = filtersets.StreetFilterSet
    search_fields = ["name"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return Street.objects.visible_to(self.request.user).select_related("district")


class ResidentialAreaViewSet(ScopedModelViewSet):
    queryset = ResidentialArea.objects.all()
    serializer_class = serializers.ResidentialAreaSerializer
    write_serializer_class = serializers.ResidentialAreaWriteSerializer
    filterset_class = filtersets.ResidentialAreaFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "households", "residents"]


class BuildingViewSet(ScopedModelViewSet):
    queryset = Building.objects.all()
    serializer_class = serializers.BuildingSerializer
    write_serializer_class = serializers.BuildingWriteSerializer
    filterset_class = filtersets.BuildingFilterSet
    search_fields = ["name", "address"]
    ordering_fields = ["name", "floors"]


class PartyOrganizationViewSet(ScopedModelViewSet):
    queryset = PartyOrganization.objects.all()
    serializer_class = serializers.PartyOrganizationSerializer
    write_serializer_class = serializers.PartyOrganizationWriteSerializer
    filterset_class = filtersets.PartyOrganizationFilterSet
    search_fields = ["name", "secretary"]
    ordering_fields = ["name", "member_count"]


class OrganizationViewSet(ArchivableViewSetMixin, ScopedModelViewSet):
    """Two-new organizations. DELETE archives; POST …/restore/ brings one back."""

    queryset = TwoNewOrganization.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    search_fields = ["name", "credit_code"]
    ordering_fields = ["name", "credit_code", "headcount", "party_members", "updated"]
    policy = LedgerPolicy

    def get_queryset(self):
        return super().get_queryset().with_list_relations()
