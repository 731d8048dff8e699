"""The landing page (staff figures or the team leader's team) and a volunteer's own link to log hours."""

from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from organizations.models import ResidentialArea
from volunteers import services, team_tasks
from volunteers.forms import (
    SelfLogForm,
    TaskStatusForm,
)
from volunteers.models import (
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)
from volunteers.views.base import TeamWorkMixin

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
