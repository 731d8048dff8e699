"""Ledger endpoints. Scope is the models' visible_to/editable_by, as on the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.permissions import StreetRecordsPermission
from organizations import filtersets
from organizations.api import serializers
from organizations.models import Building, PartyOrganization, ResidentialArea, Street, TwoNewOrganization


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads go through visible_to, writes through editable_by."""

    permission_classes = [StreetRecordsPermission]
    write_serializer_class = None
    list_relations = ()

    def get_queryset(self):
        manager = self.queryset.model.objects
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            qs = manager.visible_to(self.request.user)
        else:
            qs = manager.editable_by(self.request.user)
        return qs.select_related(*self.list_relations)

    def get_serializer_class(self):
        if self.write_serializer_class and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self.write_serializer_class
        return self.serializer_class


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


class OrganizationViewSet(ScopedModelViewSet):
    """Two-new organizations. DELETE archives; POST …/restore/ brings one back."""

    queryset = TwoNewOrganization.objects.all()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    search_fields = ["name", "credit_code"]
    ordering_fields = ["name", "credit_code", "headcount", "party_members", "updated"]
    cadre_readable = True

    def get_queryset(self):
        return super().get_queryset().with_list_relations()

    def filter_queryset(self, queryset):
        # The list hides archived records; a detail URL (restore included) still finds them.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def perform_destroy(self, instance):
        instance.archive()

    @extend_schema(request=None, responses=serializers.OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        organization = self.get_object()
        organization.restore()
        return Response(self.get_serializer(organization).data)
