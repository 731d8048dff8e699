from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from crossposts import services
from crossposts.api.serializers import (
    AssignmentSerializer,
    CoverageRowSerializer,
    CrossPostSerializer,
    VisitAddendumSerializer,
    VisitSerializer,
)
from crossposts.filtersets import AssignmentFilterSet, CrossPostFilterSet, VisitFilterSet
from crossposts.forms import CoverageForm
from crossposts.models import Assignment, CrossPost, Visit, VisitAddendum
from crossposts.pagination import VisitPagination


class ReadersAndCadres(permissions.BasePermission):
    """Staff, district and admin read the street's records; a cadre reads (and logs) their own."""

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.can_read_street_records or user.is_cadre
        return user.is_cadre


class CrossPostViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CrossPostSerializer
    permission_classes = [ReadersAndCadres]
    filterset_class = CrossPostFilterSet
    ordering_fields = ["term_start"]

    def get_queryset(self):
        return CrossPost.objects.visible_to(self.request.user).select_related(
            "cadre", "home_area", "home_building", "across_area", "across_building"
        )


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer
    permission_classes = [ReadersAndCadres]
    filterset_class = AssignmentFilterSet
    ordering_fields = ["last_visited_on", "cadence_days"]

    def get_queryset(self):
        return Assignment.objects.visible_to(self.request.user).select_related("cadre", "organization")


class VisitViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Visits: a cadre lists and logs their own (photos as multipart `uploaded_photos`); staff read their street's.

    POSTing again with the same `idempotency_key` returns the visit already saved (200), never a second one.
    PATCH changes a visit within 24 hours of logging it (403 after; 409 when `version` is stale).
    """

    serializer_class = VisitSerializer
    permission_classes = [ReadersAndCadres]
    filterset_class = VisitFilterSet
    pagination_class = VisitPagination
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    search_fields = ["organization__name", "notes"]

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user)
            .with_list_relations()
            .prefetch_related(
                "photos", Prefetch("addenda", queryset=VisitAddendum.objects.order_by("created"))
            )
        )

    def create(self, request, *args, **kwargs):
        existing = services.existing_visit(request.user, request.data.get("idempotency_key"))
        if existing is not None:
            return Response(self.get_serializer(existing).data, status=status.HTTP_200_OK)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = serializer.save()
        code = status.HTTP_201_CREATED if getattr(serializer, "created", True) else status.HTTP_200_OK
        return Response(self.get_serializer(visit).data, status=code)

    @extend_schema(request=VisitAddendumSerializer, responses=VisitAddendumSerializer)
    @action(detail=True, methods=["post"])
    def addenda(self, request, pk=None):
        visit = self.get_object()
        if not services.can_add_addendum(visit, request.user):
            return Response(status=status.HTTP_403_FORBIDDEN)
        serializer = VisitAddendumSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            addendum = services.add_addendum(visit, request.user, serializer.validated_data["text"])
        except DjangoValidationError as exc:
            return Response({"text": list(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(VisitAddendumSerializer(addendum).data, status=status.HTTP_201_CREATED)


class CoverageView(APIView):
    """Coverage for a period: `?by=street|building|area|cadre&days=N` (this year when days is absent)."""

    def get_permissions(self):
        from core.permissions import StreetRecordsPermission

        return [StreetRecordsPermission()]

    @extend_schema(
        parameters=[OpenApiParameter("by", str), OpenApiParameter("days", int)],
        responses=inline_serializer(
            "Coverage",
            {
                "by": serializers.CharField(),
                "start": serializers.DateField(),
                "end": serializers.DateField(),
                "total": CoverageRowSerializer(),
                "rows": CoverageRowSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        form = CoverageForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        by = form.cleaned_data.get("by") or "building"
        start, end = services.coverage_period(form.cleaned_data.get("days"))
        rows, total = services.coverage(request.user, by, start, end)
        return Response(
            {
                "by": by,
                "start": start,
                "end": end,
                "total": CoverageRowSerializer(total).data,
                "rows": CoverageRowSerializer(rows, many=True).data,
            }
        )
