"""Dual check-in endpoints. Scope is the models' visible_to/editable_by, as on the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ArchivableViewSetMixin, ScopedModelViewSet
from members import rules
from members.api.serializers import CheckInSerializer, PartyMemberSerializer, ServiceCardSerializer
from members.filtersets import CheckInFilterSet, PartyMemberFilterSet
from members.models import CommunityCheckIn, PartyMember


class PartyMemberViewSet(ArchivableViewSetMixin, ScopedModelViewSet):
    """Party members. DELETE archives, POST …/restore/ brings one back; ``service-card`` gives a quarter's card from the records."""

    queryset = PartyMember.objects.all()
    serializer_class = PartyMemberSerializer
    filterset_class = PartyMemberFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "updated"]

    def get_queryset(self):
        return super().get_queryset().with_list_relations()

    @extend_schema(
        parameters=[OpenApiParameter("period", str, description="A quarter such as 2026Q3")],
        responses=ServiceCardSerializer,
    )
    @action(detail=True, methods=["get"], url_path="service-card")
    def service_card(self, request, pk=None):
        member = self.get_object()
        card = rules.service_card(member, rules.Quarter.parse(request.query_params.get("period")))
        return Response(ServiceCardSerializer(card).data)


class CheckInViewSet(ScopedModelViewSet):
    """Community check-ins (报到). DELETE is not offered: end a check-in with ``status=ended``."""

    queryset = CommunityCheckIn.objects.all()
    serializer_class = CheckInSerializer
    filterset_class = CheckInFilterSet
    search_fields = ["member__name"]
    ordering_fields = ["checked_in_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().with_list_relations()
