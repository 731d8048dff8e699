"""The street dashboard (the staff home page), the district view, drill-downs, gaps and reports."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.permissions import RoleRequiredMixin
from core.tasks import enqueue_on_commit
from needs.models import Category
from organizations.models import TwoNewOrganization
from reports import charts, figures, periods
from reports.models import Report
from reports.services import figure_rows, streets_for

# A bar chart of a street's 300 buildings reads as noise: the dashboard charts the worst ones.
BUILDINGS_CHARTED = 15


class PeriodMixin:
    def get_period(self):
        try:
            return periods.parse(self.request.GET.get("range") or self.request.GET.get("period"))
        except periods.PeriodError as exc:
            messages.error(self.request, str(exc))
            return periods.parse(None)

    def period_choices(self, period):
        today = timezone.localdate()
        y = today.year
        choices = [(str(y), str(y)), (str(y - 1), str(y - 1))]
        choices += [(f"{y}-Q{q}", _("Q%(q)s %(year)s") % {"q": q, "year": y}) for q in range(1, 5)]
        choices += [(f"{y}-{m:02d}", f"{y}-{m:02d}") for m in range(1, today.month + 1)]
        if period.key not in dict(choices):
            choices.insert(0, (period.key, period.label))
        return choices


class DashboardView(RoleRequiredMixin, PeriodMixin, TemplateView):
    """A street's figures for a period and what needs attention now."""

    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        if not request.GET.get("street") and not request.user.street_id:
            return redirect(f"{reverse('reports:district')}?{request.GET.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        (street,) = streets_for(user, self.request.GET.get("street") or user.street_id)
        period = self.get_period()
        figs = figures.compute([street], period)[street.pk]
        category_labels = dict(Category.choices)
        ids = [street.pk]
        ctx.update(
            street=street,
            period=period,
            period_choices=self.period_choices(period),
            figs=figs,
            work=[(f, figs.value(f.key)) for f in figures.FIGURES if not f.attention],
            attention=[(f, figs.value(f.key)) for f in figures.FIGURES if f.attention],
            charts=[
                charts.Chart("visits-by-month", _("Visits by month"), figures.visits_by_month(ids, period)),
                charts.Chart(
                    "needs-by-category",
                    _("Needs by category (raised, handled)"),
                    [(category_labels[c], r, h) for c, (r, h) in figs.needs_by_category.items()],
                ),
                charts.Chart(
                    "coverage-by-building",
                    _("Buildings with the most organizations not visited (all, visited)"),
                    figures.coverage_by_building(ids, period, limit=BUILDINGS_CHARTED),
                ),
                charts.Chart(
                    "stars",
                    _("Building groups by stars"),
                    [(f"{n}★", c) for n, c in sorted(figs.stars.items())],
                ),
            ],
            drill_query=f"street={street.pk}&{period.query()}",
        )
        return ctx


class DistrictView(RoleRequiredMixin, PeriodMixin, TemplateView):
    """Every street's figures side by side, with totals and a ranking per figure."""

    template_name = "reports/district.html"

    def has_role(self, user):
        return user.is_district or user.is_portal_admin

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        streets = streets_for(self.request.user)
        period = self.get_period()
        computed = figures.compute(streets, period)
        rows = []
        for figure in figures.FIGURES:
            values = [computed[s.pk].value(figure.key) for s in streets]
            ranking = sorted(set(values), reverse=not figure.attention)
            rows.append(
                {
                    "label": figure.label,
                    "cells": [(v, ranking.index(v) + 1) for v in values],
                    "total": sum(values),
                }
            )
        coverage = [computed[s.pk].coverage for s in streets]
        ctx.update(
            period=period,
            period_choices=self.period_choices(period),
            streets=streets,
            rows=rows,
            coverage=coverage,
            participation=[computed[s.pk].participation for s in streets],
        )
        return ctx


def one_street(user, street_id):
    """The street of a one-street page: the one asked for, the user's own, else the first they read
    (the district office and admins have no street of their own)."""
    streets = streets_for(user, street_id or user.street_id or 0)
    if not streets:
        raise Http404
    return streets[0]


DETAIL_URLS = {
    "twoneworganization": ("organizations:detail", lambda o: o.pk),
    "visit": ("crossposts:visit_detail", lambda o: o.pk),
    "need": ("needs:detail", lambda o: o.pk),
    "event": ("events:detail", lambda o: o.pk),
    "volunteerteam": ("volunteers:team_detail", lambda o: o.pk),
    "volunteer": ("volunteers:volunteer_detail", lambda o: o.pk),
    "assignment": ("organizations:detail", lambda o: o.organization_id),
}


class DrillView(RoleRequiredMixin, PeriodMixin, ListView):
    """The records behind one figure: the same queryset the figure counts."""

    template_name = "reports/drill.html"
    paginate_by = 100
    context_object_name = "rows"

    def get_queryset(self):
        self.figure = figures.BY_KEY.get(self.kwargs["key"])
        if self.figure is None or not self.figure.drill:
            raise Http404
        self.street = one_street(self.request.user, self.request.GET.get("street"))
        self.period = self.get_period()
        qs = self.figure.rows([self.street.pk], self.period, timezone.localdate())
        return qs.order_by("-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        name = self.figure.rows([0], self.period, timezone.localdate()).model._meta.model_name
        url_name, pk_of = DETAIL_URLS.get(name, (None, None))
        links = []
        for obj in ctx["rows"]:
            try:
                links.append((obj, reverse(url_name, args=[pk_of(obj)]) if url_name else ""))
            except NoReverseMatch:
                links.append((obj, ""))
        ctx.update(figure=self.figure, street=self.street, period=self.period, links=links)
        return ctx


class GapsView(RoleRequiredMixin, TemplateView):
    """Per building, floor by floor: organizations not visited within their cadence."""

    template_name = "reports/gaps.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        street = one_street(user, self.request.GET.get("street"))
        today = timezone.localdate()
        late = figures.overdue_assignments([street.pk], None, today).values("organization_id")
        orgs = (
            TwoNewOrganization.objects.filter(pk__in=late)
            .select_related("building")
            .order_by("building__name", "floor", "unit", "name")
        )
        buildings = defaultdict(lambda: defaultdict(list))
        for org in orgs:
            buildings[org.building.name if org.building else _("Not in a building")][org.floor or "—"].append(
                org
            )
        ctx.update(
            street=street,
            buildings=[
                (name, sorted(floors.items(), key=lambda kv: (len(kv[0]), kv[0]), reverse=True))
                for name, floors in sorted(buildings.items())
            ],
            total=len(orgs),
        )
        return ctx


class ReportListView(RoleRequiredMixin, PeriodMixin, ListView):
    """Reports in the user's scope, and a form to ask for a new one."""

    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 30

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related(
            "street", "district", "requested_by"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period = self.get_period()
        ctx["period_choices"] = self.period_choices(period)
        ctx["streets"] = streets_for(self.request.user)
        return ctx

    def post(self, request):
        kind = request.POST.get("kind")
        try:
            period = periods.parse(request.POST.get("period"))
        except periods.PeriodError as exc:
            messages.error(request, str(exc))
            return redirect("reports:reports")
        if kind not in Report.Kind.values:
            messages.error(request, _("Choose a monthly, quarterly or annual report."))
            return redirect("reports:reports")
        street_id = request.POST.get("street") or request.user.street_id
        if street_id == "district":
            if not (request.user.is_district or request.user.is_portal_admin):
                raise PermissionDenied
            street, district = None, request.user.district or streets_for(request.user)[0].district
        else:
            (street,) = streets_for(request.user, street_id)
            district = street.district
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind, period=period.key, street=street, district=district, requested_by=request.user
            )
            from reports.tasks import build_report

            enqueue_on_commit(build_report, report.pk)
        messages.success(request, _("The report is being built; this page shows when it is ready."))
        return redirect("reports:report_detail", pk=report.pk)


class ReportDetailView(RoleRequiredMixin, DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user)


class ReportDownloadView(RoleRequiredMixin, View):
    def get(self, request, pk):
        report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk, status=Report.Status.DONE)
        return FileResponse(
            report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1]
        )


class PrintableReportView(RoleRequiredMixin, PeriodMixin, TemplateView):
    """The report as a printable page (the same figures and lists as the workbook)."""

    template_name = "reports/printable.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        street = one_street(user, self.request.GET.get("street"))
        period = self.get_period()
        figs = figures.compute([street], period)[street.pk]
        ids = [street.pk]
        category_labels = dict(Category.choices)
        ctx.update(
            street=street,
            period=period,
            rows=figure_rows(figs),
            categories=[(category_labels[c], r, h) for c, (r, h) in figs.needs_by_category.items()],
            events=list(figures.events_held(ids, period, None).order_by("starts_at")),
            needs=list(
                figures.needs_handled(ids, period, None)
                .select_related("organization")
                .order_by("resolved_at")[:500]
            ),
            breached=list(figures.breached_needs(ids, period, None).order_by("due_at")[:100]),
            generated=timezone.now(),
        )
        return ctx
