"""What the volunteers pages share: who may open them, the filtered lists, the year asked for."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.permissions import RoleRequiredMixin

PART_LABELS = {
    "hours": gettext_lazy("Volunteer hours per household"),
    "events": gettext_lazy("Event participation"),
    "needs": gettext_lazy("Needs resolved"),
    "visits": gettext_lazy("Visits to families in difficulty"),
    "manual": gettext_lazy("Items recorded by staff"),
}


class StaffMixin(RoleRequiredMixin):
    """Street-wide pages: staff, district and admins read; staff and admins write."""

    allowed = "can_read_street_records"
    write_allowed = "can_manage_street_records"


class TeamWorkMixin(RoleRequiredMixin):
    """Pages a team leader uses too; what they see is narrowed to their team by the scope rule."""

    def has_role(self, user) -> bool:
        if user.is_team_leader:
            return True
        return super().has_role(user)

    allowed = "can_read_street_records"
    write_allowed = "can_manage_street_records"


class FilteredListMixin:
    """A list page whose filters (and export) come from the app's filtersets."""

    filterset_class = None
    paginate_by = 50

    def base_queryset(self):
        # The same records as the list's export (core.views.FilteredExportView.base_queryset).
        return self.model.objects.visible_to(self.request.user).with_list_relations()

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["can_edit"] = self.request.user.can_manage_street_records
        return ctx


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year
