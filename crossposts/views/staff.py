"""Staff pages: the visit list and its export, a visit's record, coverage, appointments and
assignments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.permissions import RoleRequiredMixin
from core.views import VersionedSaveMixin
from crossposts import services
from crossposts.filtersets import AssignmentFilterSet, VisitFilterSet
from crossposts.forms import AddendumForm, AssignmentForm, CoverageForm
from crossposts.models import Assignment, CrossPost, Visit, VisitAddendum
from crossposts.pagination import KeysFirstPaginator
from organizations.models import TwoNewOrganization


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
        form = self.filterset.form
        org_id = form.cleaned_data.get("organization") if form.is_valid() else None
        ctx["only_organization"] = (
            TwoNewOrganization.objects.visible_to(self.request.user).filter(pk=org_id).first()
            if org_id
            else None
        )
        today = timezone.localdate()
        for a in ctx["assignments"]:
            a.due = services.due_on(a)
            a.days = (a.due - today).days
        return ctx


class AssignmentFormMixin(RoleRequiredMixin, VersionedSaveMixin):
    """Staff assign their street's cadres to its organizations and change the cadences."""

    allowed = "can_manage_street_records"
    model = Assignment
    form_class = AssignmentForm
    template_name = "crossposts/assignment_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization": self.organization}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "organization": self.organization,
            "cancel_url": self.get_success_url(),
        }

    def get_success_url(self):
        return f"{reverse('crossposts:assignments')}?organization={self.organization.pk}"


class AssignmentCreateView(AssignmentFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            orgs = TwoNewOrganization.objects.editable_by(request.user).active()
            self.organization = get_object_or_404(
                orgs.filter(status=TwoNewOrganization.Status.ACTIVE), pk=kwargs["org"]
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:  # the same cadre assigned at the same moment by someone else
            form.add_error("cadre", _("This cadre is already assigned to this organization."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(cadre)s now visits %(org)s every %(n)s days.")
            % {"cadre": self.object.cadre, "org": self.organization, "n": self.object.cadence_days},
        )
        return response


class AssignmentUpdateView(AssignmentFormMixin, UpdateView):
    def get_queryset(self):
        return (
            Assignment.objects.editable_by(self.request.user)
            .filter(active=True)
            .select_related("cadre", "organization")
        )

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.organization = obj.organization
        return obj

    def after_save(self, form):
        messages.success(self.request, _("The cadence was changed."))
        return super().after_save(form)


class AssignmentEndView(RoleRequiredMixin, View):
    """End an assignment (POST): its visits stay, reminders stop; the cadre can be assigned again."""

    allowed = "can_manage_street_records"

    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.editable_by(request.user).select_related("cadre", "organization"), pk=pk
        )
        ended = Assignment.objects.filter(pk=assignment.pk, active=True).update(
            active=False, version=F("version") + 1, updated=timezone.now()
        )
        if ended:
            messages.success(
                request,
                _("%(cadre)s no longer visits %(org)s.")
                % {"cadre": assignment.cadre, "org": assignment.organization},
            )
        else:
            messages.info(request, _("This assignment had already ended."))
        return redirect(f"{reverse('crossposts:assignments')}?organization={assignment.organization_id}")
