"""Volunteers: the register of people, their page, edits and archiving."""

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core.exports import Column
from core.views import ArchiveToggleView, FilteredExportView, VersionedSaveMixin
from volunteers.filtersets import (
    VolunteerFilterSet,
)
from volunteers.forms import (
    VolunteerForm,
)
from volunteers.models import (
    ServiceRecord,
    Volunteer,
)
from volunteers.views.base import FilteredListMixin, StaffMixin, TeamWorkMixin

# ---------------------------------------------------------------- volunteers


def volunteer_columns(user):
    return [
        Column(gettext_lazy("Name"), lambda v: v.name, 12),
        Column(gettext_lazy("Phone"), lambda v: v.phone_for(user), 14),
        Column(gettext_lazy("Residential area"), lambda v: str(v.residential_area or ""), 14),
        Column(
            gettext_lazy("Building group"), lambda v: v.building_group.number if v.building_group else "", 10
        ),
        Column(gettext_lazy("Party member"), lambda v: v.is_party_member, 8),
        Column(gettext_lazy("Party organization"), lambda v: str(v.party_organization or ""), 18),
        Column(gettext_lazy("Teams"), lambda v: "、".join(m.team.name for m in v.current_memberships), 24),
        Column(gettext_lazy("Skills"), lambda v: v.skills, 20),
        Column(gettext_lazy("Availability"), lambda v: v.get_availability_display(), 12),
    ]


class VolunteerListView(StaffMixin, FilteredListMixin, ListView):
    model = Volunteer
    template_name = "volunteers/volunteer_list.html"
    context_object_name = "volunteers"
    filterset_class = VolunteerFilterSet

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for v in ctx["volunteers"]:
            v.shown_phone = v.phone_for(self.request.user)
        return ctx


class VolunteerExportView(StaffMixin, FilteredExportView):
    model = Volunteer
    filterset_class = VolunteerFilterSet
    sheet_title = gettext_lazy("Volunteers")
    filename = "volunteers.xlsx"

    def get_columns(self):
        return volunteer_columns(self.request.user)


class VolunteerCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New volunteer")}
    model = Volunteer
    form_class = VolunteerForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:volunteer_detail", args=[self.object.pk])


class VolunteerDetailView(TeamWorkMixin, DetailView):
    template_name = "volunteers/volunteer_detail.html"
    context_object_name = "volunteer"

    def get_queryset(self):
        return Volunteer.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        v = self.object
        ctx["shown_phone"] = v.phone_for(user)
        if user.is_team_leader:
            # A leader sees the memberships of their own teams only.
            v.current_memberships = [m for m in v.current_memberships if m.team.leader_id == user.pk]
        ctx["hours_rows"] = (
            v.hours_rows.filter(record__in=ServiceRecord.objects.visible_to(user).active())
            .select_related("record__team")
            .order_by("-date")[:30]
        )
        ctx["year_hours"] = (
            v.hours_rows.filter(
                record__in=ServiceRecord.objects.counted(), date__year=timezone.localdate().year
            ).aggregate(total=Sum("hours"))["total"]
            or 0
        )
        ctx["can_edit"] = Volunteer.objects.editable_by(user).filter(pk=v.pk).exists()
        if ctx["can_edit"] or user.is_team_leader:
            # Staff and the member's own team leader pass the personal link on.
            ctx["self_log_url"] = self.request.build_absolute_uri(
                reverse("volunteers:self_log", args=[v.self_log_token])
            )
        return ctx


class VolunteerUpdateView(StaffMixin, VersionedSaveMixin, UpdateView):
    form_class = VolunteerForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_queryset(self):
        return Volunteer.objects.editable_by(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:volunteer_detail", args=[self.object.pk])


class VolunteerArchiveView(StaffMixin, ArchiveToggleView):
    allowed = "can_manage_street_records"
    model = Volunteer
    detail_url = "volunteers:volunteer_detail"
    toggle = True
