"""GET /api/v1/stats/: the dashboard's figures for a period, per street in the caller's scope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import StreetRecordsPermission
from reports import figures, periods
from reports.services import streets_for


class StreetStatsSerializer(serializers.Serializer):
    street = serializers.IntegerField()
    street_name = serializers.CharField()
    figures = serializers.DictField(child=serializers.IntegerField(), help_text=_("Figure key → value."))
    coverage_rate = serializers.FloatField(
        allow_null=True, help_text=_("Organizations visited / active, in %.")
    )
    participation_rate = serializers.FloatField(allow_null=True, help_text=_("Volunteers / residents, in %."))
    needs_by_category = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()))
    building_groups_by_stars = serializers.DictField(child=serializers.IntegerField())


class StatsSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    streets = StreetStatsSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField())


class StatsView(APIView):
    permission_classes = [StreetRecordsPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period", OpenApiTypes.STR, description="2026, 2026-Q3, 2026-07 or 2026-01-01..2026-03-31"
            ),
            OpenApiParameter(
                "street", OpenApiTypes.INT, description="One street; all streets in scope when absent."
            ),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        try:
            period = periods.parse(request.query_params.get("period"))
        except periods.PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        street = request.query_params.get("street")
        if street is not None and not street.isdigit():
            raise ValidationError({"street": [_("A street is given by its number.")]})
        streets = streets_for(request.user, street)
        computed = figures.compute(streets, period)
        rows = [
            {
                "street": s.pk,
                "street_name": s.name,
                "figures": dict(computed[s.pk].values)
                | {f.key: computed[s.pk].value(f.key) for f in figures.FIGURES},
                "coverage_rate": computed[s.pk].coverage,
                "participation_rate": computed[s.pk].participation,
                "needs_by_category": {c: list(v) for c, v in computed[s.pk].needs_by_category.items()},
                "building_groups_by_stars": {str(k): v for k, v in computed[s.pk].stars.items()},
            }
            for s in streets
        ]
        totals = {f.key: sum(r["figures"][f.key] for r in rows) for f in figures.FIGURES}
        data = {
            "period": period.key,
            "start": period.start,
            "end": period.end,
            "streets": rows,
            "totals": totals,
        }
        return Response(StatsSerializer(data).data)
