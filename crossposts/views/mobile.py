"""The cadre's phone pages (/m/): what is due, the visit form, their own visits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.models import ConcurrentEditError
from core.permissions import RoleRequiredMixin
from crossposts import services
from crossposts.forms import VisitForm
from crossposts.models import ChecklistTemplate, Visit
from organizations.models import TwoNewOrganization


class CadreMixin(RoleRequiredMixin):
    allowed = "is_cadre"


class HomeView(CadreMixin, TemplateView):
    """Visits overdue, due today and coming up, nearest first, each one tap from its form."""

    template_name = "crossposts/mobile/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["due"] = services.due_for_cadre(self.request.user)
        ctx["recent"] = Visit.objects.visible_to(self.request.user).select_related("organization")[:5]
        return ctx


class MyVisitsView(CadreMixin, ListView):
    template_name = "crossposts/mobile/visits.html"
    context_object_name = "visits"
    paginate_by = 30

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user)
            .select_related("organization")
            .with_photo_count()
            .order_by("-visited_at", "-id")
        )


def _wants_json(request) -> bool:
    """The offline script posts with this header and reads a JSON answer."""
    return request.headers.get("X-Requested-With") == "fetch"


def _form_errors(form) -> dict:
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for i, need_form in enumerate(form.needs.forms):
        for name, errs in need_form.errors.items():
            errors[f"needs-{i}-{name}"] = [str(e) for e in errs]
    if form.needs.non_form_errors():
        errors["needs"] = [str(e) for e in form.needs.non_form_errors()]
    return errors


class VisitFormMixin(CadreMixin):
    template_name = "crossposts/mobile/visit_form.html"

    def render_form(self, form, status=200):
        if _wants_json(self.request) and self.request.method == "POST":
            return JsonResponse({"ok": False, "errors": _form_errors(form)}, status=400)
        return render(
            self.request,
            self.template_name,
            {"form": form, "organization": form.organization, "visit": form.instance},
            status=status,
        )

    def saved(self, visit, created):
        if _wants_json(self.request):
            return JsonResponse(
                {"ok": True, "created": created, "id": visit.pk, "url": visit.get_absolute_url()},
                status=201 if created else 200,
            )
        if created:
            messages.success(self.request, _("The visit was saved."))
        else:
            messages.info(self.request, _("This visit had already been received; nothing was saved twice."))
        return redirect(visit)


class VisitCreateView(VisitFormMixin, View):
    """Log a visit to one of the cadre's organizations. Resending the same form never makes two visits."""

    def get_organization(self, pk):
        qs = TwoNewOrganization.objects.visible_to(self.request.user).select_related("building")
        return get_object_or_404(qs, pk=pk)

    def get(self, request, org):
        form = VisitForm(
            organization=self.get_organization(org), template=ChecklistTemplate.objects.current()
        )
        return self.render_form(form)

    def post(self, request, org):
        organization = self.get_organization(org)
        key = request.POST.get("idempotency_key")
        existing = services.existing_visit(request.user, key)
        if existing is not None:  # a resend: answer with what was saved, before checking anything again
            return self.saved(existing, False)
        form = VisitForm(
            request.POST,
            request.FILES,
            organization=organization,
            template=ChecklistTemplate.objects.current(),
        )
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            visit, created = services.record_visit(
                request.user, form.visit_input(), form.cleaned_data["idempotency_key"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form, status=400)
        return self.saved(visit, created)


class VisitEditView(VisitFormMixin, View):
    """Change a visit within 24 hours of logging it; afterwards the page sends the cadre to add an addendum."""

    def get_visit(self, pk):
        qs = Visit.objects.editable_by(self.request.user).select_related(
            "organization__building", "checklist_template"
        )
        visit = get_object_or_404(qs, pk=pk)
        if not services.can_edit(visit, self.request.user):
            return visit, False
        return visit, True

    def get(self, request, pk):
        visit, editable = self.get_visit(pk)
        if not editable:
            messages.warning(request, services.LOCKED_MESSAGE)
            return redirect(visit)
        return self.render_form(VisitForm(organization=visit.organization, instance=visit))

    def post(self, request, pk):
        visit, editable = self.get_visit(pk)
        if not editable:
            messages.warning(request, services.LOCKED_MESSAGE)
            return redirect(visit)
        form = VisitForm(request.POST, request.FILES, organization=visit.organization, instance=visit)
        if not form.is_valid():
            return self.render_form(form, status=400)
        expected = form.cleaned_data["version"]  # VisitForm refuses an edit without one
        try:
            services.update_visit(visit, request.user, form.visit_input(), expected)
        except ConcurrentEditError:
            form.conflict(expected)
            visit.refresh_from_db()
            return self.render_form(form, status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form, status=400)
        if _wants_json(request):
            return JsonResponse(
                {"ok": True, "created": False, "id": visit.pk, "url": visit.get_absolute_url()}
            )
        messages.success(request, _("The visit was updated."))
        return redirect(visit)
