"""Cadre report endpoints (双报告): read by the cadre, both secretaries and the street's staff."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cadre_reports import services as reports
from cadre_reports.api.serializers import (
    CadreReportSerializer,
    CadreReportStartSerializer,
    CadreReportWriteSerializer,
)
from cadre_reports.models import CadreReport
from core.api.exceptions import as_drf


class CadreReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Reports in the caller's scope. POST starts (or returns) the cadre's report for a quarter;
    PATCH saves a draft, ``submit`` sends it, ``receive`` marks it received for the caller's unit(s)."""

    serializer_class = CadreReportSerializer
    filterset_fields = ["status", "year", "quarter", "cadre"]
    ordering_fields = ["year", "quarter", "submitted_at"]

    def get_queryset(self):
        return CadreReport.objects.visible_to(self.request.user).with_list_relations()

    @extend_schema(request=CadreReportStartSerializer, responses=CadreReportSerializer)
    def create(self, request, *args, **kwargs):
        if not request.user.is_cadre:
            self.permission_denied(request)
        start = CadreReportStartSerializer(data=request.data, context={"request": request})
        start.is_valid(raise_exception=True)
        try:
            report = reports.start_report(start.validated_data["cross_post"], start.validated_data["period"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CadreReportSerializer(report).data, status=201)

    def _own_draft(self):
        report = self.get_object()
        if report.cadre_id != self.request.user.pk:
            self.permission_denied(self.request)
        return report

    @extend_schema(request=CadreReportWriteSerializer, responses=CadreReportSerializer)
    def partial_update(self, request, *args, **kwargs):
        report = self._own_draft()
        data = CadreReportWriteSerializer(report, data=request.data)
        data.is_valid(raise_exception=True)
        try:
            reports.save_draft(report, data.validated_data["narrative"], data.validated_data["version"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CadreReportSerializer(report).data)

    @extend_schema(request=CadreReportWriteSerializer, responses=CadreReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self._own_draft()
        data = CadreReportWriteSerializer(report, data=request.data)
        data.is_valid(raise_exception=True)
        try:
            reports.submit(report, data.validated_data["narrative"], data.validated_data["version"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CadreReportSerializer(report).data)

    @extend_schema(request=None, responses=CadreReportSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        report = self.get_object()
        try:
            reports.mark_received(report, request.user, request.data.get("side") or None)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return Response(CadreReportSerializer(report).data)
