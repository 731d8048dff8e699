"""Volunteer teams: lists, the team page, members joining and leaving, and the teams' tasks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core.exports import Column
from core.models import ConcurrentEditError
from core.views import ArchiveToggleView, FilteredExportView, VersionedSaveMixin
from volunteers import team_tasks
from volunteers.filtersets import (
    TeamFilterSet,
    TeamTaskFilterSet,
)
from volunteers.forms import (
    MembershipForm,
    TaskStatusForm,
    TeamForm,
    VolunteerForm,
)
from volunteers.models import (
    ServiceRecord,
    TeamMembership,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)
from volunteers.views.base import FilteredListMixin, StaffMixin, TeamWorkMixin

# ---------------------------------------------------------------- teams


TEAM_COLUMNS = [
    Column(gettext_lazy("Team"), lambda t: t.name, 24),
    Column(gettext_lazy("Street"), lambda t: t.street.name, 12),
    Column(gettext_lazy("Residential area or building"), lambda t: str(t.place or ""), 20),
    Column(gettext_lazy("Focus"), lambda t: t.focus, 16),
    Column(gettext_lazy("Team leader"), lambda t: str(t.leader or ""), 12),
    Column(gettext_lazy("Members"), lambda t: t.member_count, 8),
    Column(gettext_lazy("Founded"), lambda t: t.founded, 12),
    Column(gettext_lazy("Active"), lambda t: t.active, 8),
]


class TeamListView(StaffMixin, FilteredListMixin, ListView):
    model = VolunteerTeam
    template_name = "volunteers/team_list.html"
    context_object_name = "teams"
    filterset_class = TeamFilterSet


class TeamExportView(StaffMixin, FilteredExportView):
    model = VolunteerTeam
    filterset_class = TeamFilterSet
    sheet_title = gettext_lazy("Volunteer teams")
    columns = TEAM_COLUMNS
    filename = "volunteer-teams.xlsx"


class TeamCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New volunteer team")}
    model = VolunteerTeam
    form_class = TeamForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:team_detail", args=[self.object.pk])


class TeamDetailView(TeamWorkMixin, DetailView):
    template_name = "volunteers/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return VolunteerTeam.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        team = self.object
        members = list(
            team.memberships.filter(left_on__isnull=True)
            .select_related("volunteer")
            .order_by("volunteer__name")
        )
        for m in members:
            m.shown_phone = m.volunteer.phone_for(user)
        ctx["members"] = members
        ctx["records"] = (
            ServiceRecord.objects.visible_to(user).active().filter(team=team).with_list_relations()[:20]
        )
        ctx["tasks"] = list(
            TeamTask.objects.visible_to(user).active().live().filter(team=team).with_list_relations()
        )
        ctx["can_edit"] = VolunteerTeam.objects.editable_by(user).filter(pk=team.pk).exists()
        ctx["can_log"] = user.is_team_leader or user.can_manage_street_records
        ctx["can_keep_roster"] = roster_teams(user).filter(pk=team.pk).exists()
        if ctx["can_edit"]:
            ctx["membership_form"] = MembershipForm(team=team, user=user)
        return ctx


class TeamUpdateView(StaffMixin, VersionedSaveMixin, UpdateView):
    form_class = TeamForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_queryset(self):
        return VolunteerTeam.objects.editable_by(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:team_detail", args=[self.object.pk])


class TeamArchiveView(StaffMixin, ArchiveToggleView):
    allowed = "can_manage_street_records"
    model = VolunteerTeam
    detail_url = "volunteers:team_detail"
    toggle = True


class MembershipAddView(StaffMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        team = get_object_or_404(VolunteerTeam.objects.editable_by(request.user), pk=pk)
        form = MembershipForm(request.POST, team=team, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("The volunteer joined the team."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("volunteers:team_detail", pk=team.pk)


def roster_teams(user):
    """The teams whose roster ``user`` keeps: a leader their own, staff their street's."""
    if user.is_team_leader:
        return VolunteerTeam.objects.visible_to(user)
    return VolunteerTeam.objects.editable_by(user)


class TeamMemberCreateView(TeamWorkMixin, CreateView):
    """Register a new volunteer straight into a team (the team leader keeps their roster)."""

    model = Volunteer
    form_class = VolunteerForm
    template_name = "volunteers/form.html"

    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            self.team = get_object_or_404(roster_teams(request.user).active(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"residential_area": self.team.residential_area_id}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "title": _("New member of %(team)s") % {"team": self.team.name}
        }

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            TeamMembership.objects.create(
                team=self.team, volunteer=self.object, joined_on=timezone.localdate()
            )
        messages.success(self.request, _("The volunteer joined the team."))
        return redirect("volunteers:team_detail", pk=self.team.pk)


class MembershipEndView(TeamWorkMixin, View):
    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def post(self, request, pk):
        membership = get_object_or_404(
            TeamMembership.objects.filter(team__in=roster_teams(request.user), left_on__isnull=True),
            pk=pk,
        )
        membership.left_on = max(timezone.localdate(), membership.joined_on)
        membership.save(update_fields=["left_on", "updated"])
        messages.success(request, _("%(name)s left the team.") % {"name": membership.volunteer.name})
        return redirect("volunteers:team_detail", pk=membership.team_id)


# ---------------------------------------------------------------- team tasks


class TaskListView(TeamWorkMixin, FilteredListMixin, ListView):
    """Needs handed to volunteer teams: a leader their teams', staff their street's."""

    model = TeamTask
    template_name = "volunteers/task_list.html"
    context_object_name = "tasks"
    filterset_class = TeamTaskFilterSet

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        # Whoever sees a task here may answer it, except the district, which only reads.
        ctx["can_answer"] = user.is_team_leader or user.can_manage_street_records
        for task in ctx["tasks"]:
            task.next_statuses = team_tasks.targets(task)
        ctx["task_form"] = TaskStatusForm()
        return ctx


class TaskStatusView(TeamWorkMixin, View):
    """The team leader (or staff on their behalf) accepts, declines or reports a task done."""

    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def post(self, request, pk):
        task = get_object_or_404(TeamTask.objects.editable_by(request.user).active(), pk=pk)
        form = TaskStatusForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            data = form.cleaned_data
            try:
                team_tasks.change_status(task, data["to"], request.user, data["reason"], data["version"])
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            except ConcurrentEditError:
                messages.error(request, _("Someone else answered this task meanwhile; check it again."))
            else:
                messages.success(
                    request, _("The task is now “%(status)s”.") % {"status": task.get_status_display()}
                )
        if request.POST.get("next") == "home":
            return redirect("volunteers:index")
        return redirect(reverse("volunteers:task_list") + f"#task-{task.pk}")
