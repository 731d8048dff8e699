"""Cadre report serializers (双报告)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadre_reports.models import CadreReport
from core.api.versioning import VersionedSerializerMixin
from crossposts.models import CrossPost
from organizations.periods import Quarter


class CadreReportSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()
    is_received = serializers.BooleanField(read_only=True)

    class Meta:
        model = CadreReport
        fields = [
            "id",
            "cadre",
            "cross_post",
            "period",
            "year",
            "quarter",
            "home_party_organization",
            "across_party_organization",
            "visits_made",
            "needs_handled",
            "events_joined",
            "narrative",
            "status",
            "submitted_at",
            "home_received_at",
            "across_received_at",
            "is_received",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def get_period(self, report) -> str:
        return f"{report.year}Q{report.quarter}"


class CadreReportStartSerializer(serializers.Serializer):
    cross_post = serializers.PrimaryKeyRelatedField(queryset=CrossPost.objects.none())
    period = serializers.CharField(help_text=_("A quarter such as 2026Q3."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["cross_post"].queryset = CrossPost.objects.filter(cadre=request.user)

    def validate_period(self, value):
        quarter = Quarter.parse(value, default=None) if value else None
        if quarter is None or quarter.key != value.upper():
            raise serializers.ValidationError(_("Give a quarter such as 2026Q3."))
        return quarter


class CadreReportWriteSerializer(VersionedSerializerMixin, serializers.Serializer):
    """A draft's narrative; bound to the report, so the version rule of every update applies."""

    narrative = serializers.CharField(max_length=4000, allow_blank=True)
