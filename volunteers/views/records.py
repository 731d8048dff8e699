"""Service records: the list and export, logging and correcting hours, archiving, approval."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.models import ConcurrentEditError
from volunteers import services
from volunteers.filtersets import (
    ServiceRecordFilterSet,
)
from volunteers.forms import (
    ServiceRecordForm,
)
from volunteers.models import (
    ServiceRecord,
    VolunteerTeam,
)
from volunteers.views.base import FilteredListMixin, TeamWorkMixin

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
