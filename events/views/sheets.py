"""What staff print, download and count: the QR poster and code, the sign-in sheet, the
attendance and event exports, the figures and a person's record of events."""

import io

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.forms import PeriodForm
from core.masking import shown_phone
from core.permissions import RoleRequiredMixin
from events.filtersets import EventFilterSet
from events.models import Attendance, Event, Registration
from events.views.staff import local_bounds


class PosterView(RoleRequiredMixin, DetailView):
    """A printable A4 poster with the event's QR code."""

    model = Event
    template_name = "events/poster.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).prefetch_related("stops", "organizers")


@login_required
def qr_svg(request, pk):
    """The QR code (SVG, rendered on the server) pointing at the event's check-in URL."""
    if not request.user.can_read_street_records:
        raise PermissionDenied
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    out = io.BytesIO()
    segno.make(event.get_checkin_url(), error="m").save(out, kind="svg", scale=8, border=2, xmldecl=True)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


class SignInSheetView(RoleRequiredMixin, DetailView):
    """A printable sign-in sheet: everyone confirmed, with a column to sign."""

    model = Event
    template_name = "events/signin_sheet.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).prefetch_related("stops", "organizers")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(
            Registration.objects.confirmed()
            .filter(event=self.object)
            .annotate(attended=Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
            .order_by("queued_at", "pk")
        )
        for r in rows:
            r.shown_phone = shown_phone(self.request.user, r.phone, owner_street_id=self.object.street_id)
        ctx["rows"] = rows
        # Walk-ins sign on blank lines: at least five, and the first page filled.
        ctx["blank_rows"] = range(max(5, 20 - len(rows)))
        return ctx


def _attendance_sheet(request, events_qs):
    user = request.user
    regs = (
        Registration.objects.visible_to(user)
        .filter(event__in=events_qs)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .annotate(
            attended_at=Subquery(
                Attendance.objects.filter(registration=OuterRef("pk")).values("checked_in_at")[:1]
            ),
            attended_method=Subquery(
                Attendance.objects.filter(registration=OuterRef("pk")).values("method")[:1]
            ),
        )
        .order_by("event__starts_at", "event_id", "queued_at", "pk")
    )
    methods = dict(Attendance.Method.choices)
    statuses = dict(Registration.Status.choices)
    return Sheet(
        _("Attendance"),
        [
            Column(_("Event"), lambda r: r.event.title, 30),
            Column(_("Starts at"), lambda r: r.event.starts_at, 18),
            Column(pgettext("person", "Name"), lambda r: r.name, 14),
            Column(_("Phone"), lambda r: shown_phone(user, r.phone, owner_street_id=r.event.street_id), 16),
            Column(_("Status"), lambda r: statuses.get(r.status, r.status), 14),
            Column(_("Checked in at"), lambda r: r.attended_at, 18),
            Column(_("Check-in method"), lambda r: methods.get(r.attended_method, ""), 14),
        ],
        chunked(regs),
    )


@login_required
def attendance_export(request, pk):
    """One event's sign-ups and attendance as an Excel workbook."""
    if not request.user.can_read_street_records:
        raise PermissionDenied
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    sheet = _attendance_sheet(request, Event.objects.filter(pk=event.pk))
    return xlsx_response([sheet], f"event-{event.pk}-attendance.xlsx")


class ExportView(RoleRequiredMixin, View):
    """The filtered list as Excel: one sheet of events, one of attendance."""

    def get(self, request):
        base = Event.objects.visible_to(request.user).with_list_relations().with_counts()
        filterset = EventFilterSet(request.GET or None, queryset=base, request=request)
        qs = filterset.qs if filterset.is_bound else base.active()
        kinds, statuses = dict(Event.Kind.choices), dict(Event.Status.choices)
        events_sheet = Sheet(
            _("Events"),
            [
                Column(_("Title"), lambda e: e.title, 30),
                Column(pgettext("event", "Kind"), lambda e: kinds.get(e.kind), 18),
                Column(_("Status"), lambda e: statuses.get(e.status), 10),
                Column(_("Street"), lambda e: e.street.name, 14),
                Column(_("Organizers"), lambda e: "、".join(o.name for o in e.organizers.all()), 30),
                Column(_("Starts at"), lambda e: e.starts_at, 18),
                Column(_("Ends at"), lambda e: e.ends_at, 18),
                Column(_("Place"), lambda e: e.place, 20),
                Column(pgettext("event", "Capacity"), lambda e: e.capacity or "", 10),
                Column(_("Confirmed"), lambda e: e.confirmed_count, 10),
                Column(_("Waiting"), lambda e: e.waiting_count, 10),
                Column(_("Attended"), lambda e: e.attended_count, 10),
            ],
            chunked(qs),
        )
        ids = qs.order_by().values("pk")
        return xlsx_response(
            [events_sheet, _attendance_sheet(request, Event.objects.filter(pk__in=ids))], "events.xlsx"
        )


class FiguresView(RoleRequiredMixin, TemplateView):
    """Events held per period by kind, organizer and street; participants; attendance rate."""

    template_name = "events/figures.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = PeriodForm(self.request.GET or None)
        first, last = today.replace(month=1, day=1), today.replace(month=12, day=31)
        if form.is_valid():
            first = form.cleaned_data["start"] or first
            last = form.cleaned_data["end"] or last
        start, end = local_bounds(first, last)
        now = timezone.now()
        held = (
            Event.objects.visible_to(self.request.user)
            .active()
            .filter(starts_at__gte=start, starts_at__lt=end)
            .filter(Q(status=Event.Status.DONE) | Q(status=Event.Status.PUBLISHED, ends_at__lte=now))
        )
        ids = held.order_by().values("pk")
        kinds = dict(Event.Kind.choices)
        by_kind = [
            {"label": kinds.get(row["kind"], row["kind"]), "kind": row["kind"], "n": row["n"]}
            for row in held.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
        ]
        by_organizer = list(
            held.order_by()
            .values("organizers__pk", "organizers__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "organizers__name")
        )
        by_street = list(
            held.order_by()
            .values("street__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("street__name")
        )
        confirmed = Registration.objects.filter(event__in=ids, status=Registration.Status.CONFIRMED).count()
        attendances = Attendance.objects.filter(event__in=ids)
        attended = attendances.count()
        people = (
            attendances.order_by()
            .values("registration__user_id", "registration__name", "registration__phone")
            .distinct()
            .count()
        )
        ctx.update(
            form=form,
            first=first,
            last=last,
            held_count=held.count(),
            party_day_count=held.filter(kind=Event.Kind.PARTY_DAY).count(),
            by_kind=by_kind,
            by_organizer=by_organizer,
            by_street=by_street,
            attended=attended,
            participants=people,
            confirmed=confirmed,
            rate=round(100 * attended / confirmed) if confirmed else None,
        )
        return ctx


class PersonRecordView(RoleRequiredMixin, ListView):
    """One person's record of events: what they signed up to and attended, by kind.

    The person is a portal user (?user=id), a volunteer (?volunteer=id) or, for
    people with neither, a name and phone (?name=…&phone=…).
    """

    template_name = "events/person_record.html"
    paginate_by = 50
    context_object_name = "registrations"

    def person_filter(self):
        get = self.request.GET
        try:
            if get.get("user"):
                return Q(user_id=int(get["user"]))
            if get.get("volunteer"):
                return Q(volunteer_id=int(get["volunteer"]))
        except ValueError:
            raise Http404 from None
        if get.get("name"):
            return Q(name=get["name"], phone=get.get("phone", ""), user__isnull=True, volunteer__isnull=True)
        raise Http404

    def get_queryset(self):
        self.base = (
            Registration.objects.visible_to(self.request.user)
            .filter(self.person_filter())
            .exclude(status=Registration.Status.CANCELLED)
        )
        return (
            self.base.select_related("event")
            .annotate(
                attended_at=Subquery(
                    Attendance.objects.filter(registration=OuterRef("pk")).values("checked_in_at")[:1]
                )
            )
            .order_by("-event__starts_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        first = self.base.order_by("-pk").first()
        if first is None:
            raise Http404
        kinds = dict(Event.Kind.choices)
        attended = Attendance.objects.filter(registration__in=self.base.values("pk"))
        ctx.update(
            person_name=first.name,
            attended_total=attended.count(),
            by_kind=[
                {"label": kinds.get(row["event__kind"]), "n": row["n"]}
                for row in attended.order_by()
                .values("event__kind")
                .annotate(n=Count("pk"))
                .order_by("-n", "event__kind")
            ],
        )
        return ctx
