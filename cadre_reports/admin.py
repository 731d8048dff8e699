from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cadre_reports.models import CadreReport
from core.admin import VersionedAdminMixin


@admin.register(CadreReport)
class CadreReportAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Reports are written by the cadre and counted from the records: the admin reads them and may
    correct the text; who, when and the figures stay as the portal recorded them."""

    list_display = [
        "cadre",
        "year",
        "quarter",
        "status",
        "submitted_at",
        "home_received_at",
        "across_received_at",
    ]
    list_filter = ["status", "year", "quarter", "cadre__street"]
    search_fields = ["cadre__username", "cadre__name", "narrative"]
    list_select_related = ["cadre"]
    fields = [
        "cadre",
        "cross_post",
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
        "home_received_by",
        "across_received_at",
        "across_received_by",
    ]
    readonly_fields = [f for f in fields if f != "narrative"]

    def has_add_permission(self, request):
        return False  # a report is started by its cadre for an appointment and quarter
