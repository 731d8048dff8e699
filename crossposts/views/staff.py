"""Staff pages: the visit list and its export, a visit's record, coverage, appointments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.permissions import RoleRequiredMixin
from crossposts import services
from crossposts.filtersets import AssignmentFilterSet, VisitFilterSet
from crossposts.forms import AddendumForm, CoverageForm
from crossposts.models import Assignment, CrossPost, Visit, VisitAddendum
from crossposts.pagination import KeysFirstPaginator


def visit_list_queryset(request):
    """The visits the list page, the export and the API show: the user's scope, filtered."""
    qs = Visit.objects.visible_to(request.user).with_list_relations().with_photo_count()
    qs = qs.order_by("-visited_at", "-id")
    return VisitFilterSet(request.GET or None, queryset=qs, request=request)


class VisitListView(RoleRequiredMixin, ListView):
    """The staff landing page of cross-posting: every visit in the street, newest first."""

    template_name = "crossposts/visit_list.html"
    context_object_name = "visits"
    paginate_by = 50
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        self.filterset = visit_list_queryset(self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        return ctx


class VisitExportView(RoleRequiredMixin, View):
    """The filtered visit list as an Excel workbook."""

    def get(self, request):
        qs = visit_list_queryset(request).qs
        columns = [
            Column(_("visited at"), lambda v: v.visited_at, 18),
            Column(_("organization"), lambda v: v.organization.name, 30),
            Column(_("building"), lambda v: v.organization.building or "", 18),
            Column(_("residential area"), lambda v: v.organization.residential_area or "", 16),
            Column(_("cadre"), lambda v: str(v.cadre), 12),
            Column(_("method"), lambda v: v.get_method_display(), 10),
            Column(_("checklist done"), lambda v: sum(1 for a in v.checklist_answers if a.get("done")), 10),
            Column(_("needs raised"), lambda v: len(v.raised_needs or []), 10),
            Column(_("photos"), lambda v: v.photo_count, 8),
            Column(_("distance to the building (m)"), lambda v: v.distance_m, 12),
            Column(_("notes"), lambda v: v.notes, 50),
        ]
        sheet = Sheet(_("Visits"), columns, chunked(qs))
        return xlsx_response([sheet], f"visits-{timezone.localdate():%Y%m%d}.xlsx")


class VisitReaderMixin(RoleRequiredMixin):
    """Staff read their street's visits; a cadre reads their own (others' look absent)."""

    def has_role(self, user) -> bool:
        return user.can_read_street_records or user.is_cadre


class VisitDetailView(VisitReaderMixin, DetailView):
    template_name = "crossposts/visit_detail.html"
    context_object_name = "visit"

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user)
            .with_list_relations()
            .select_related("checklist_template", "assignment")
            .prefetch_related(
                "photos",
                Prefetch("addenda", queryset=VisitAddendum.objects.select_related("author")),
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        visit, user = self.object, self.request.user
        ctx["can_edit"] = services.can_edit(visit, user)
        ctx["can_add"] = services.can_add_addendum(visit, user)
        ctx["addendum_form"] = kwargs.get("addendum_form") or AddendumForm()
        # One timeline: the record's own versions and the dated addenda made after it.
        timeline = [
            (
                h.history_date,
                h.history_user,
                {"+": "created", "~": "changed"}.get(h.history_type, "deleted"),
                "",
            )
            for h in visit.history.select_related("history_user").order_by("-history_date")[:20]
        ]
        timeline += [(a.created, a.author, "addendum", a.text) for a in visit.addenda.all()]
        ctx["history"] = sorted(timeline, key=lambda row: row[0], reverse=True)
        ctx["mobile"] = user.is_cadre
        return ctx


class AddendumView(RoleRequiredMixin, View):
    """The visit's cadre adds a dated note (after the 24 hours, the only way to add to it)."""

    allowed = "is_cadre"

    def post(self, request, pk):
        visit = get_object_or_404(Visit.objects.editable_by(request.user), pk=pk)
        form = AddendumForm(request.POST)
        if form.is_valid():
            try:
                services.add_addendum(visit, request.user, form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The addendum was added."))
                return redirect(visit)
        view = VisitDetailView(request=request, kwargs={"pk": pk}, args=())
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(addendum_form=form), status=400)


class CoverageView(RoleRequiredMixin, TemplateView):
    """Per street, building, residential area or cadre: organizations visited at least once in a period."""

    template_name = "crossposts/coverage.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = CoverageForm(self.request.GET or None)
        by, days = "building", None
        if form.is_valid():
            by = form.cleaned_data.get("by") or by
            days = form.cleaned_data.get("days")
        start, end = services.coverage_period(days)
        rows, total = services.coverage(self.request.user, by, start, end)
        ctx.update(form=form, rows=rows, total=total, start=start, end=end, by=by)
        return ctx


class AssignmentListView(RoleRequiredMixin, ListView):
    """The street's cadres: their appointments and the organizations assigned to them, with due dates."""

    template_name = "crossposts/assignment_list.html"
    context_object_name = "assignments"
    paginate_by = 100

    def get_queryset(self):
        qs = (
            Assignment.objects.visible_to(self.request.user)
            .filter(active=True)
            .select_related("cadre", "organization__building", "organization__residential_area")
            .order_by("cadre__username", "last_visited_on", "organization__name")
        )
        self.filterset = AssignmentFilterSet(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["cross_posts"] = (
            CrossPost.objects.visible_to(self.request.user)
            .select_related("cadre", "home_area", "home_building", "across_area", "across_building")
            .order_by("cadre__username", "-term_start")
        )
        today = timezone.localdate()
        for a in ctx["assignments"]:
            a.due = services.due_on(a)
            a.days = (a.due - today).days
        return ctx
