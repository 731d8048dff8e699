"""Pages of the volunteers app: staff lists and figures, the team leader's team, a volunteer's own link."""

from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.models import ConcurrentEditError
from core.permissions import RoleRequiredMixin
from core.views import ArchiveToggleView, FilteredExportView, VersionedSaveMixin
from organizations.models import ResidentialArea
from volunteers import rating, services, team_tasks
from volunteers.filtersets import (
    BuildingGroupFilterSet,
    PairingFilterSet,
    ServiceRecordFilterSet,
    TeamFilterSet,
    TeamTaskFilterSet,
    VolunteerFilterSet,
)
from volunteers.forms import (
    BuildingGroupForm,
    CheckInForm,
    ManualScoreItemForm,
    MembershipForm,
    PairingForm,
    RubricForm,
    SelfLogForm,
    ServiceRecordForm,
    TaskStatusForm,
    TeamForm,
    VolunteerForm,
)
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    Pairing,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)

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


# ---------------------------------------------------------------- landing page


class IndexView(TeamWorkMixin, TemplateView):
    """Staff: participation and hours; a team leader: their own team, on the phone too."""

    def get_template_names(self):
        if self.request.user.is_team_leader:
            return ["volunteers/leader_home.html"]
        return ["volunteers/index.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.user.is_team_leader:
            ctx.update(self.leader_context())
        else:
            ctx.update(self.staff_context())
        return ctx

    def leader_context(self):
        user = self.request.user
        teams = list(VolunteerTeam.objects.visible_to(user).active().with_list_relations())
        members = (
            TeamMembership.objects.filter(team__in=teams, left_on__isnull=True)
            .select_related("volunteer", "team")
            .order_by("team__name", "volunteer__name")
        )
        pending = (
            ServiceRecord.objects.visible_to(user)
            .active()
            .filter(status=ServiceRecord.Status.PENDING)
            .with_list_relations()
        )
        recent = (
            ServiceRecord.objects.visible_to(user)
            .active()
            .exclude(status=ServiceRecord.Status.PENDING)
            .with_list_relations()[:10]
        )
        year_hours = ServiceHours.objects.filter(
            record__in=ServiceRecord.objects.visible_to(user).counted(), date__year=timezone.localdate().year
        ).aggregate(total=Sum("hours"))["total"]
        tasks = list(TeamTask.objects.visible_to(user).active().live().with_list_relations())
        for task in tasks:
            task.next_statuses = team_tasks.targets(task)
        return {
            "teams": teams,
            "tasks": tasks,
            "task_form": TaskStatusForm(),
            "members": members,
            "pending": pending,
            "recent": recent,
            "year_hours": year_hours or 0,
        }

    def staff_context(self):
        user = self.request.user
        areas = (
            ResidentialArea.objects.visible_to(user)
            .select_related("street")
            .annotate(
                volunteer_count=Count(
                    "volunteers", filter=Q(volunteers__archived_at__isnull=True), distinct=True
                ),
                team_count=Count(
                    "volunteer_teams", filter=Q(volunteer_teams__archived_at__isnull=True), distinct=True
                ),
            )
            .filter(Q(volunteer_count__gt=0) | Q(team_count__gt=0))
        )
        for area in areas:
            area.participation = (area.volunteer_count / area.residents * 100) if area.residents else None
        today = timezone.localdate()
        # The last twelve months, this one included.
        first_month = today.month - 11
        start = date(today.year - (first_month <= 0), (first_month - 1) % 12 + 1, 1)
        months = []
        cursor = start
        while cursor <= today:
            months.append(cursor)
            cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        rows = (
            ServiceHours.objects.filter(
                record__in=ServiceRecord.objects.visible_to(user).counted(), date__gte=start
            )
            .annotate(month=TruncMonth("date"))
            .values("record__team_id", "month")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        by_team = defaultdict(dict)
        for row in rows:
            month = row["month"]
            month = month.date() if hasattr(month, "date") else month
            by_team[row["record__team_id"]][month] = row["total"]
        teams = VolunteerTeam.objects.visible_to(user).active().select_related("residential_area", "building")
        hours_table = [
            {
                "team": team,
                "cells": [by_team[team.pk].get(m, 0) for m in months],
                "total": sum(by_team[team.pk].values()),
            }
            for team in teams
        ]
        pending_count = (
            ServiceRecord.objects.visible_to(user)
            .active()
            .filter(status=ServiceRecord.Status.PENDING)
            .count()
        )
        return {"areas": areas, "months": months, "hours_table": hours_table, "pending_count": pending_count}


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


# ---------------------------------------------------------------- service records


RECORD_COLUMNS = [
    Column(gettext_lazy("Date"), lambda r: r.date, 12),
    Column(gettext_lazy("Team"), lambda r: r.team.name, 20),
    Column(gettext_lazy("What was done"), lambda r: r.description, 30),
    Column(gettext_lazy("Volunteers"), lambda r: "、".join(h.volunteer.name for h in r.hours_rows.all()), 30),
    Column(gettext_lazy("Hours per volunteer"), lambda r: float(r.hours), 10),
    Column(gettext_lazy("Total hours"), lambda r: float(sum(h.hours for h in r.hours_rows.all())), 10),
    Column(gettext_lazy("Need served"), lambda r: str(r.need or ""), 20),
    Column(gettext_lazy("Event served"), lambda r: str(r.event or ""), 20),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display(), 12),
    Column(gettext_lazy("Logged by"), lambda r: r.get_source_display(), 14),
]


class RecordListView(TeamWorkMixin, FilteredListMixin, ListView):
    model = ServiceRecord
    template_name = "volunteers/record_list.html"
    context_object_name = "records"
    filterset_class = ServiceRecordFilterSet

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_edit"] = user.can_manage_street_records or user.is_team_leader
        return ctx


class RecordExportView(TeamWorkMixin, View):
    def get(self, request):
        qs = ServiceRecordFilterSet(
            request.GET or None,
            queryset=ServiceRecord.objects.visible_to(request.user).with_list_relations(),
            request=request,
        ).qs
        return xlsx_response(
            [Sheet(_("Service records"), RECORD_COLUMNS, chunked(qs))], "service-records.xlsx"
        )


class RecordCreateView(TeamWorkMixin, FormView):
    """Staff or the team leader log service; it counts at once (self-logged hours need approval)."""

    form_class = ServiceRecordForm
    template_name = "volunteers/record_form.html"

    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def teams(self):
        user = self.request.user
        if user.is_team_leader:
            return VolunteerTeam.objects.visible_to(user).active()
        return VolunteerTeam.objects.editable_by(user).active()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"teams": self.teams(), "user": self.request.user}
        team_id = self.request.GET.get("team")
        if team_id and team_id.isdigit():
            kwargs["team"] = self.teams().filter(pk=team_id).first()
        need_id = self.request.GET.get("need")
        if self.request.method == "GET" and need_id and need_id.isdigit():
            # Logging from a task: the record keeps the link to the need it served.
            kwargs["initial"] = {**kwargs.get("initial", {}), "need": int(need_id)}
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        data = form.cleaned_data
        try:
            services.save_service_record(
                team=data["team"],
                day=data["date"],
                hours=data["hours"],
                description=data["description"],
                volunteers=data["volunteers"],
                user=user,
                source=ServiceRecord.Source.LEADER if user.is_team_leader else ServiceRecord.Source.STAFF,
                need=data.get("need"),
                event=data.get("event"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The service was recorded."))
        return redirect("volunteers:index" if user.is_team_leader else "volunteers:record_list")


class RecordEditView(RecordCreateView):
    """Correct a record that is not rejected: staff their street's, a leader their team's."""

    def get_record(self):
        if not hasattr(self, "record"):
            self.record = get_object_or_404(
                ServiceRecord.objects.editable_by(self.request.user)
                .active()
                .exclude(status=ServiceRecord.Status.REJECTED)
                .prefetch_related("hours_rows"),
                pk=self.kwargs["pk"],
            )
        return self.record

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"record": self.get_record()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"record": self.get_record()}

    def form_valid(self, form):
        data = form.cleaned_data
        record = self.get_record()
        try:
            services.save_service_record(
                team=data["team"],
                day=data["date"],
                hours=data["hours"],
                description=data["description"],
                volunteers=data["volunteers"],
                user=self.request.user,
                record=record,
                expected_version=data["version"],
                need=data.get("need"),
                event=data.get("event"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except ConcurrentEditError:
            form.conflict(data["version"])
            return self.form_invalid(form)
        messages.success(self.request, _("The record was corrected."))
        return redirect("volunteers:index" if self.request.user.is_team_leader else "volunteers:record_list")


class RecordArchiveView(TeamWorkMixin, View):
    """Take a mistaken record out of the counts (it is archived, not deleted)."""

    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def post(self, request, pk):
        record = get_object_or_404(ServiceRecord.objects.editable_by(request.user).active(), pk=pk)
        record.archive()
        messages.success(request, _("The record was archived; its hours no longer count."))
        if request.user.is_team_leader:
            return redirect("volunteers:index")
        return redirect("volunteers:record_list")


class RecordDecideView(TeamWorkMixin, View):
    """The team leader (or staff) approves or rejects hours a volunteer logged."""

    def has_role(self, user):
        return user.is_team_leader or user.can_manage_street_records

    def post(self, request, pk):
        record = get_object_or_404(ServiceRecord.objects.editable_by(request.user).active(), pk=pk)
        approve = request.POST.get("decision") == "approve"
        try:
            services.decide(record, request.user, approve=approve)
        except services.DecisionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("The hours were approved.") if approve else _("The hours were rejected.")
            )
        if request.POST.get("next") == "list":
            return redirect("volunteers:record_list")
        return redirect("volunteers:index")


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


# ---------------------------------------------------------------- building groups and their rating


def _score_subqueries(year):
    ratings = BuildingGroupRating.objects.filter(building_group=OuterRef("pk"), year=year)
    return {
        "score": Subquery(
            ratings.values("score")[:1], output_field=DecimalField(max_digits=8, decimal_places=1)
        ),
        "stars": Subquery(ratings.values("stars")[:1]),
    }


def ranked_groups(user, year, data=None, request=None):
    qs = BuildingGroup.objects.visible_to(user).with_list_relations().annotate(**_score_subqueries(year))
    qs = qs.annotate(
        ranked_score=Coalesce("score", -1, output_field=DecimalField(max_digits=8, decimal_places=1))
    )
    filterset = BuildingGroupFilterSet(
        data, queryset=qs.order_by("-ranked_score", "residential_area__name", "number"), request=request
    )
    return filterset


def group_columns():
    return [
        Column(gettext_lazy("Residential area"), lambda g: g.residential_area.name, 14),
        Column(gettext_lazy("Building number"), lambda g: g.number, 10),
        Column(gettext_lazy("Households"), lambda g: g.households, 10),
        Column(gettext_lazy("Party group"), lambda g: str(g.party_group or ""), 18),
        Column(gettext_lazy("Score"), lambda g: float(g.score) if g.score is not None else "", 8),
        Column(gettext_lazy("Stars"), lambda g: g.stars if g.stars is not None else "", 6),
    ]


class GroupListView(StaffMixin, ListView):
    template_name = "volunteers/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    def get_queryset(self):
        self.year = _year(self.request)
        self.filterset = ranked_groups(self.request.user, self.year, self.request.GET or None, self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["year"] = self.year
        ctx["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 5, -1))
        ctx["can_edit"] = self.request.user.can_manage_street_records
        ctx["star_range"] = range(1, 6)
        return ctx


class GroupExportView(StaffMixin, View):
    def get(self, request):
        year = _year(request)
        qs = ranked_groups(request.user, year, request.GET or None, request).qs
        return xlsx_response(
            [Sheet(_("Building groups %(year)s") % {"year": year}, group_columns(), chunked(qs))],
            f"building-groups-{year}.xlsx",
        )


class GroupCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New building group")}
    model = BuildingGroup
    form_class = BuildingGroupForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:group_detail", args=[self.object.pk])


class GroupUpdateView(GroupCreateView, UpdateView):
    def get_queryset(self):
        return BuildingGroup.objects.editable_by(self.request.user)


class GroupDetailView(StaffMixin, DetailView):
    """A building group's ratings per year, each with the parts of its score."""

    template_name = "volunteers/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return BuildingGroup.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = self.object
        ratings = list(group.ratings.order_by("-year"))
        for r in ratings:
            r.parts = [
                p | {"label": PART_LABELS.get(p["key"], p["key"])} for p in r.breakdown.get("parts", [])
            ]
        ctx["ratings"] = ratings
        ctx["items"] = group.manual_items.select_related("recorded_by")
        ctx["can_edit"] = BuildingGroup.objects.editable_by(self.request.user).filter(pk=group.pk).exists()
        if ctx["can_edit"]:
            ctx["item_form"] = ManualScoreItemForm(initial={"year": timezone.localdate().year})
        ctx["volunteer_count"] = group.volunteers.active().count()
        ctx["star_range"] = range(1, 6)
        return ctx


class ManualItemAddView(StaffMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        group = get_object_or_404(BuildingGroup.objects.editable_by(request.user), pk=pk)
        form = ManualScoreItemForm(request.POST)
        if form.is_valid():
            item = form.save(commit=False)
            item.building_group = group
            item.recorded_by = request.user
            item.save()
            messages.success(request, _("The item was recorded; recompute the ratings to include it."))
        else:
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(
                        request, f"{form.fields[field].label if field in form.fields else ''} {error}"
                    )
        return redirect("volunteers:group_detail", pk=group.pk)


class RatingComputeView(StaffMixin, View):
    """Recompute one year's ratings of the staff member's street now (also done nightly)."""

    allowed = "can_manage_street_records"

    def post(self, request):
        year = _year(request)
        streets = self._streets(request.user)
        count = sum(rating.rate_street(street, year) for street in streets)
        messages.success(
            request, _("%(count)s building groups were rated for %(year)s.") % {"count": count, "year": year}
        )
        return redirect(f"{reverse('volunteers:group_list')}?year={year}")

    @staticmethod
    def _streets(user):
        from organizations.models import Street

        return Street.objects.visible_to(user)


class RubricEditView(StaffMixin, VersionedSaveMixin, UpdateView):
    """The weights and star thresholds of the staff member's street for one year."""

    form_class = RubricForm
    template_name = "volunteers/rubric_form.html"
    context_object_name = "rubric"

    def get_object(self, queryset=None):
        user = self.request.user
        if not user.street_id:
            raise Http404(_("Rubrics belong to a street; edit them in the admin."))
        self.year = _year(self.request)
        return rating.rubric_for(user.street, self.year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["year"] = self.year
        ctx["can_edit"] = self.request.user.can_manage_street_records
        return ctx

    def get_success_url(self):
        messages.success(self.request, _("The rubric was saved; recompute the ratings to apply it."))
        return f"{reverse('volunteers:group_list')}?year={self.year}"


# ---------------------------------------------------------------- pairings


PAIRING_COLUMNS = [
    Column(gettext_lazy("Party member"), lambda p: p.party_member.name, 12),
    Column(gettext_lazy("Household"), lambda p: p.household, 16),
    Column(gettext_lazy("Building group"), lambda p: str(p.building_group or ""), 16),
    Column(gettext_lazy("Difficulty"), lambda p: p.difficulty, 24),
    Column(gettext_lazy("Paired on"), lambda p: p.started_on, 12),
    Column(gettext_lazy("Ended on"), lambda p: p.ended_on, 12),
    Column(gettext_lazy("Visits"), lambda p: p.visit_count, 8),
]


class PairingListView(StaffMixin, FilteredListMixin, ListView):
    model = Pairing
    template_name = "volunteers/pairing_list.html"
    context_object_name = "pairings"
    filterset_class = PairingFilterSet


class PairingExportView(StaffMixin, FilteredExportView):
    model = Pairing
    filterset_class = PairingFilterSet
    sheet_title = gettext_lazy("Pairings")
    columns = PAIRING_COLUMNS
    filename = "pairings.xlsx"


class PairingCreateView(StaffMixin, CreateView):
    extra_context = {"title": gettext_lazy("New pairing")}
    model = Pairing
    form_class = PairingForm
    template_name = "volunteers/form.html"
    allowed = "can_manage_street_records"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("volunteers:pairing_detail", args=[self.object.pk])


class PairingDetailView(StaffMixin, DetailView):
    template_name = "volunteers/pairing_detail.html"
    context_object_name = "pairing"

    def get_queryset(self):
        return Pairing.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["checkins"] = self.object.checkins.select_related("recorded_by")
        ctx["can_edit"] = Pairing.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        if ctx["can_edit"]:
            ctx["checkin_form"] = CheckInForm()
        return ctx


class CheckInAddView(StaffMixin, View):
    allowed = "can_manage_street_records"

    def post(self, request, pk):
        pairing = get_object_or_404(Pairing.objects.editable_by(request.user), pk=pk)
        form = CheckInForm(request.POST)
        if form.is_valid():
            checkin = form.save(commit=False)
            checkin.pairing = pairing
            checkin.recorded_by = request.user
            checkin.save()
            messages.success(request, _("The visit was recorded."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("volunteers:pairing_detail", pk=pairing.pk)


# ---------------------------------------------------------------- a volunteer's own link


class SelfLogView(FormView):
    """A volunteer logs their own hours through a personal link; nothing personal is shown."""

    form_class = SelfLogForm
    template_name = "volunteers/self_log.html"

    def dispatch(self, request, *args, **kwargs):
        self.volunteer = get_object_or_404(Volunteer.objects.active(), self_log_token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"volunteer": self.volunteer}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.save_service_record(
                team=data["team"],
                day=data["date"],
                hours=data["hours"],
                description=data["description"],
                volunteers=[self.volunteer],
                source=ServiceRecord.Source.SELF,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you! Your hours count once the team leader approves them."))
        return redirect(self.request.path)
