"""Pages for needs: the staff list and desk, a cadre's phone list, the actions on one need, figures and deadlines."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.forms import PeriodForm
from core.models import ConcurrentEditError
from core.permissions import RoleRequiredMixin
from core.views import VersionedSaveMixin
from needs import extensions, services
from needs.figures import compute
from needs.filtersets import NeedFilterSet
from needs.forms import (
    AttachmentForm,
    CommentForm,
    DeadlineForm,
    MakeProjectForm,
    MatchForm,
    NeedForm,
    TransitionForm,
)
from needs.models import Need, NeedAttachment, NeedEvent
from needs.workflow import check, transition
from organizations.models import Street


class StreetPageMixin(RoleRequiredMixin):
    allowed = "can_read_street_records"
    write_allowed = "can_manage_street_records"


class NeedsUserMixin(RoleRequiredMixin):
    """Pages for staff, district, admin and cadres (who see only their own needs)."""

    def has_role(self, user) -> bool:
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return user.can_manage_street_records or user.is_cadre
        return user.can_read_street_records or user.is_cadre


def _filtered_needs(request):
    qs = Need.objects.visible_to(request.user).active().with_list_relations()
    return NeedFilterSet(request.GET or None, queryset=qs, request=request)


class NeedListView(NeedsUserMixin, ListView):
    """Staff: the street's needs with filters. A cadre: the needs they raised or are assigned."""

    paginate_by = 30
    context_object_name = "needs"

    def get_template_names(self):
        return ["needs/mobile_list.html" if self.request.user.is_cadre else "needs/index.html"]

    def get_queryset(self):
        self.filterset = _filtered_needs(self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["query"] = self.request.GET.urlencode()
        return ctx


class NeedExportView(StreetPageMixin, View):
    def get(self, request):
        qs = _filtered_needs(request).qs
        columns = [
            Column(_("reference number"), lambda n: n.reference, 16),
            Column(_("raised"), lambda n: n.created, 18),
            Column(_("street"), lambda n: n.street.name, 12),
            Column(_("requester"), lambda n: n.requester, 28),
            Column(_("building"), lambda n: n.building, 18),
            Column(_("category"), lambda n: n.get_category_display(), 14),
            Column(_("title"), lambda n: n.title, 30),
            Column(_("came in by"), lambda n: n.get_source_display(), 10),
            Column(_("urgency"), lambda n: n.get_urgency_display(), 8),
            Column(_("status"), lambda n: n.get_status_display(), 10),
            Column(_("deadline"), lambda n: n.get_sla_display(), 10),
            Column(_("due"), lambda n: n.due_at, 18),
            Column(_("assignee"), lambda n: str(n.assignee or ""), 12),
            Column(_("resolved at"), lambda n: n.resolved_at, 18),
            Column(_("satisfaction"), lambda n: n.rating, 8),
        ]
        stamp = timezone.localdate().isoformat()
        return xlsx_response([Sheet(_("Needs"), columns, chunked(qs))], f"needs-{stamp}.xlsx")


def _visible_need(request, pk):
    return get_object_or_404(Need.objects.visible_to(request.user).active().with_list_relations(), pk=pk)


def _editable_need(request, pk):
    """A need this user may change: out of scope is 404, in scope but read-only is 403."""
    need = _visible_need(request, pk)
    if not Need.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return need


class NeedDetailView(NeedsUserMixin, DetailView):
    template_name = "needs/detail.html"
    context_object_name = "need"

    def get_object(self, queryset=None):
        return _visible_need(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        need, user = self.object, self.request.user
        can_edit = Need.objects.editable_by(user).filter(pk=need.pk).exists()
        can_manage = can_edit and user.can_manage_street_records
        ctx.update(
            can_edit=can_edit,
            can_manage=can_manage,
            events=need.events.select_related("actor"),
            attachments=need.attachments.all(),
            matches=need.matches.select_related("resource"),
            projects=list(need.projects.all()),
            sla=need.sla_state(),
        )
        if can_edit:
            ctx["transition_form"] = TransitionForm(need=need, user=user)
            ctx["comment_form"] = CommentForm()
            ctx["attachment_form"] = AttachmentForm()
        if can_manage and need.is_open:
            ctx["suggestions"] = services.suggest_resources(need, user)
            ctx["match_form"] = MatchForm(user=user, initial={"version": need.version})
        if can_manage and not ctx["projects"]:
            ctx["project_form"] = MakeProjectForm(initial={"name": need.title})
        if can_manage and need.status in Need.HANDLED_STATUSES and need.rated_at is None:
            ctx["rating_link"] = self.request.build_absolute_uri(services.rating_url(need))
        # What other apps show here (team tasks, events made from the need, ...): needs.extensions.
        page = extensions.NeedPage(self.request, need, can_edit=can_edit, can_manage=can_manage)
        ctx["panels"] = extensions.panels_for(page)
        return ctx


class NeedCreateView(NeedsUserMixin, CreateView):
    template_name = "needs/form.html"
    form_class = NeedForm

    def has_role(self, user):
        return user.can_manage_street_records or user.is_cadre

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.request.method == "GET":
            kwargs["initial"] = {"organization": self.request.GET.get("organization")}
        return kwargs

    def form_valid(self, form):
        need = form.save(commit=False)
        if self.request.user.is_cadre:
            need.source = need.source or Need.Source.VISIT
        services.open_need(need, self.request.user)
        messages.success(self.request, _("Need %(reference)s raised.") % {"reference": need.reference})
        return redirect("needs:detail", pk=need.pk)


class NeedUpdateView(NeedsUserMixin, VersionedSaveMixin, UpdateView):
    template_name = "needs/form.html"
    form_class = NeedForm
    context_object_name = "need"

    def has_role(self, user):
        return user.can_read_street_records or user.is_cadre

    def get_object(self, queryset=None):
        return _editable_need(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def after_save(self, form):
        if "assignee" in form.changed_data:
            services.note_assignment(self.object, form.initial.get("assignee"), self.request.user)
        if form.changed_data:
            NeedEvent.objects.create(
                need=self.object,
                kind=NeedEvent.Kind.EDIT,
                note=", ".join(str(form.fields[f].label) for f in form.changed_data if f != "version"),
                actor=self.request.user,
            )
        messages.success(self.request, _("Saved."))
        return redirect("needs:detail", pk=self.object.pk)


def need_action(view, manager_only=False):
    """A POST-only action ``view(request, need)`` on one need, for users who may change it.

    Out of scope is 404, read-only 403, and for a ``manager_only`` action a cadre too; a refused
    rule or a stale version becomes a message on the need page. Other apps' actions registered
    in needs.extensions are served through it too.
    """

    @require_POST
    def wrapper(request, pk):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if not (request.user.can_read_street_records or request.user.is_cadre):
            raise PermissionDenied
        need = _editable_need(request, pk)
        if manager_only:
            _require_manager(request)
        try:
            response = view(request, need)
            if response is not None:
                return response
        except ConcurrentEditError:
            messages.error(
                request,
                _(
                    "Someone else changed this need meanwhile; nothing was changed. Check the page and try again."
                ),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("needs:detail", pk=need.pk)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _require_manager(request):
    if not request.user.can_manage_street_records:
        raise PermissionDenied


@need_action
def transition_view(request, need):
    """Move the need along the workflow (the rules live in needs.workflow)."""
    form = TransitionForm(request.POST, need=need, user=request.user)
    if not form.is_valid():
        # A target outside the offered choices is the workflow's refusal: give its own clear message.
        check(need, request.POST.get("to", ""), request.user, request.POST.get("note", ""))
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    data = form.cleaned_data
    transition(need, data["to"], request.user, data["note"], data["version"])
    messages.success(request, _("Status changed to “%(status)s”.") % {"status": need.get_status_display()})


@need_action
def comment_view(request, need):
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Write a comment."))
    services.add_comment(need, request.user, form.cleaned_data["text"])


@need_action
def attach_view(request, need):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    upload = form.cleaned_data["file"]
    attachment = NeedAttachment(
        need=need, file=upload, name=form.cleaned_data["name"] or upload.name[:120], uploaded_by=request.user
    )
    attachment.full_clean()
    with transaction.atomic():
        attachment.save()
        NeedEvent.objects.create(
            need=need, kind=NeedEvent.Kind.ATTACHMENT, note=attachment.name, actor=request.user
        )
    messages.success(request, _("Attachment added."))


@need_action
def match_view(request, need):
    _require_manager(request)
    form = MatchForm(request.POST, user=request.user)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    services.match_resource(
        need,
        form.cleaned_data["resource"],
        request.user,
        form.cleaned_data["note"],
        form.cleaned_data["version"],
    )
    messages.success(request, _("Resource matched."))


@need_action
def make_project_view(request, need):
    _require_manager(request)
    form = MakeProjectForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errs in form.errors.values() for e in errs])
    project = services.make_project(need, request.user, form.cleaned_data["kind"], form.cleaned_data["name"])
    messages.success(request, _("Project “%(name)s” created.") % {"name": project.name})


class FiguresView(StreetPageMixin, TemplateView):
    template_name = "needs/figures.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = PeriodForm(self.request.GET or {"start": date(today.year, 1, 1), "end": today})
        start = end = None
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        ctx["form"] = form
        ctx["figures"] = compute(Need.objects.visible_to(self.request.user), start, end)
        return ctx


class DeadlineView(StreetPageMixin, View):
    """Each category's response deadline, per street."""

    template_name = "needs/deadlines.html"

    def _street(self, request):
        streets = Street.objects.visible_to(request.user)
        wanted = request.GET.get("street") or request.user.street_id
        street = streets.filter(pk=wanted).first() if wanted and str(wanted).isdigit() else None
        if street is None:
            street = streets.first()
        if street is None:
            raise Http404
        return street, streets

    def get(self, request):
        street, streets = self._street(request)
        return render(
            request,
            self.template_name,
            {"form": DeadlineForm(street=street), "street": street, "streets": streets},
        )

    def post(self, request):
        street, streets = self._street(request)
        form = DeadlineForm(request.POST, street=street)
        if form.is_valid():
            form.save()
            messages.success(request, _("Deadlines saved; they apply to needs raised from now on."))
            return redirect(f"{reverse('needs:deadlines')}?street={street.pk}")
        return render(request, self.template_name, {"form": form, "street": street, "streets": streets})
