"""Cadre reports (双报告): the staff and secretaries' list and detail, and the cadre's form (phone or desktop)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from cadre_reports import services as reports
from cadre_reports.forms import ReportFilterForm, ReportForm
from cadre_reports.models import CadreReport
from core.models import ConcurrentEditError
from core.permissions import RoleRequiredMixin
from crossposts.models import CrossPost
from organizations.periods import Quarter


class ReportListView(LoginRequiredMixin, ListView):
    """Reports the user may read: staff their street's, secretaries those addressed to them, cadres their own."""

    template_name = "cadre_reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        qs = CadreReport.objects.visible_to(self.request.user).with_list_relations()
        self.form = ReportFilterForm(self.request.GET or None)
        if self.form.is_valid():
            period = self.form.cleaned_data.get("period")
            if period:
                quarter = Quarter.parse(period)
                qs = qs.filter(year=quarter.year, quarter=quarter.number)
            status = self.form.cleaned_data.get("status")
            if status == "received":
                qs = qs.filter(home_received_at__isnull=False, across_received_at__isnull=False)
            elif status:
                qs = qs.filter(status=status)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        quarter = Quarter.parse(self.request.GET.get("period"), Quarter.current().previous())
        ctx["form"] = self.form
        ctx["figures"] = reports.report_figures(self.request.user, quarter)
        return ctx


class ReportDetailView(LoginRequiredMixin, DetailView):
    template_name = "cadre_reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return CadreReport.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sides"] = reports.receivable_sides(self.object, self.request.user)
        ctx["quarter"] = reports.quarter_of(self.object)
        ctx["due_on"] = reports.due_on(ctx["quarter"])
        return ctx


class ReportReceiveView(LoginRequiredMixin, View):
    """A secretary of an addressed unit, or the street's staff, marks the report received."""

    def post(self, request, pk):
        report = get_object_or_404(CadreReport.objects.visible_to(request.user).with_list_relations(), pk=pk)
        side = request.POST.get("side") or None
        try:
            reports.mark_received(report, request.user, side if side in ("home", "across") else None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is marked received."))
        return redirect("cadre_reports:detail", pk=report.pk)


# --- The cadre's own pages (phone first; the same pages work on the desktop) -------------------


class CadreMixin(RoleRequiredMixin):
    allowed = "is_cadre"


class MyReportsView(CadreMixin, TemplateView):
    """The cadre's appointments and, for each recent quarter, the report's state, one tap from its form."""

    template_name = "cadre_reports/my_reports.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        posts = list(
            CrossPost.objects.visible_to(user)
            .filter(active=True)
            .select_related("home_area", "home_building", "across_area", "across_building")
        )
        existing = {
            (r.cross_post_id, r.year, r.quarter): r
            for r in CadreReport.objects.filter(cadre=user).only(
                "id", "cross_post_id", "year", "quarter", "status", "home_received_at", "across_received_at"
            )
        }
        today = timezone.localdate()
        rows = []
        for post in posts:
            for quarter in Quarter.recent(4):
                if not reports.held_during(post, quarter):
                    continue
                report = existing.get((post.pk, quarter.year, quarter.number))
                overdue = reports.due_on(quarter) < today and (
                    report is None or report.status == CadreReport.Status.DRAFT
                )
                rows.append({"post": post, "quarter": quarter, "report": report, "overdue": overdue})
        ctx["rows"] = rows
        return ctx


class ReportFormView(CadreMixin, View):
    """Write the quarter's report; the figures are filled from the records. Save a draft or submit."""

    template_name = "cadre_reports/report_form.html"

    def get_report(self, post_pk, period):
        post = get_object_or_404(CrossPost.objects.visible_to(self.request.user), pk=post_pk)
        quarter = Quarter.parse(period, default=None) if period else None
        if quarter is None or quarter.key != period.upper():
            raise Http404
        try:
            return reports.start_report(post, quarter)
        except ValidationError as exc:
            raise Http404(" ".join(exc.messages)) from exc

    def render(self, report, form):
        quarter = reports.quarter_of(report)
        context = {"report": report, "form": form, "quarter": quarter, "due_on": reports.due_on(quarter)}
        return render(self.request, self.template_name, context)

    def get(self, request, post, period):
        report = self.get_report(post, period)
        return self.render(report, ReportForm(instance=report))

    def post(self, request, post, period):
        report = self.get_report(post, period)
        if report.status != CadreReport.Status.DRAFT:
            messages.error(request, _("This report has already been submitted."))
            return redirect(request.path)
        form = ReportForm(request.POST, instance=report)
        if not form.is_valid():  # a missing version is refused here (VersionedModelForm)
            return self.render(report, form)
        narrative = form.cleaned_data["narrative"]
        version = form.cleaned_data["version"]
        try:
            if "submit" in request.POST:
                reports.submit(report, narrative, version)
                messages.success(request, _("Your report was sent to both units."))
            else:
                reports.save_draft(report, narrative, version)
                messages.success(request, _("Draft saved."))
        except ConcurrentEditError:
            form.conflict(version)
            report.refresh_from_db()
            return self.render(report, form)
        except ValidationError as exc:
            report.refresh_from_db()
            for field, errors in (
                exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            ).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.render(report, form)
        return redirect(
            reverse("cadre_reports:form", args=[report.cross_post_id, reports.quarter_of(report).key])
        )
