"""Event pages: the staff list, calendar, event page and figures; the phone pages
(upcoming events, my registrations, the check-in page the QR code opens); the
QR poster, sign-in sheet, exports and the iCalendar feed."""

import calendar as pycalendar
import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.forms import PeriodForm
from core.masking import shown_phone
from core.permissions import RoleRequiredMixin
from core.views import VersionedSaveMixin
from events import ical, services
from events.filtersets import EventFilterSet
from events.forms import AttachmentForm, EventForm, PhotoForm, RegisterPersonForm
from events.models import Attachment, Attendance, CalendarFeed, Event, Photo, Registration


def _local_bounds(first: date, last: date):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return start, end


# ---------------------------------------------------------------- staff pages


class EventListView(RoleRequiredMixin, ListView):
    """Staff: events with filters (kind, organizer, street, period, status)."""

    template_name = "events/event_list.html"
    paginate_by = 30
    context_object_name = "events"

    def get_queryset(self):
        base = Event.objects.visible_to(self.request.user).with_list_relations().with_counts()
        self.filterset = EventFilterSet(self.request.GET or None, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_bound else base.active()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["can_edit"] = self.request.user.can_manage_street_records
        return ctx


class UpcomingView(LoginRequiredMixin, ListView):
    """Phones: upcoming events to sign up to, with the caller's own status on each."""

    template_name = "events/upcoming.html"
    paginate_by = 30
    context_object_name = "events"

    def get_queryset(self):
        user = self.request.user
        mine = Registration.objects.active().filter(event=OuterRef("pk"), user=user)
        return (
            Event.objects.visible_to(user)
            .active()
            .filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
            .upcoming()
            .with_counts()
            .select_related("street")
            .annotate(my_status=Subquery(mine.values("status")[:1]))
        )


def index(request):
    """The events list: staff get the list with filters, everyone else the phone list."""
    if request.user.is_authenticated and request.user.can_read_street_records:
        return EventListView.as_view()(request)
    return UpcomingView.as_view()(request)


class CalendarView(RoleRequiredMixin, TemplateView):
    """A month of events, Monday first."""

    template_name = "events/calendar.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year, month = (int(x) for x in self.request.GET.get("month", "").split("-"))
            first = date(year, month, 1)
        except (ValueError, TypeError):
            first = today.replace(day=1)
        last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
        start, end = _local_bounds(first, last)
        events = (
            Event.objects.visible_to(self.request.user)
            .active()
            .filter(starts_at__gte=start, starts_at__lt=end)
            .order_by("starts_at", "pk")
        )
        by_day = defaultdict(list)
        for event in events:
            by_day[timezone.localdate(event.starts_at)].append(event)
        weeks = [
            [{"day": d, "in_month": d.month == first.month, "events": by_day.get(d, [])} for d in week]
            for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        ]
        prev_month = (first - timedelta(days=1)).replace(day=1)
        next_month = last + timedelta(days=1)
        ctx.update(
            month=first,
            weeks=weeks,
            today=today,
            prev_month=f"{prev_month:%Y-%m}",
            next_month=f"{next_month:%Y-%m}",
            weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        )
        return ctx


class EventCreateView(RoleRequiredMixin, CreateView):
    allowed = "can_manage_street_records"
    model = Event
    form_class = EventForm
    template_name = "events/event_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = Event(street=self.request.user.street, created_by=self.request.user)
        return kwargs

    def form_valid(self, form):
        self.object = form.save_versioned()
        messages.success(self.request, _("The event was saved."))
        return redirect(self.object.get_absolute_url())


class EventUpdateView(RoleRequiredMixin, VersionedSaveMixin, UpdateView):
    allowed = "can_manage_street_records"
    model = Event
    form_class = EventForm
    template_name = "events/event_form.html"

    def get_queryset(self):
        return Event.objects.editable_by(self.request.user).active().prefetch_related("stops")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def after_save(self, form):
        services.set_capacity(self.object, self.object.capacity)
        messages.success(self.request, _("The event was saved."))
        return redirect(self.object.get_absolute_url())


class EventDetailView(LoginRequiredMixin, DetailView):
    """The event's page: staff manage sign-ups, waiting list, attendance, photos and summary;
    others see the event and sign up or cancel their own place."""

    model = Event
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("street", "created_by")
            .prefetch_related("organizers", "participating_organizations", "stops", "attachments", "photos")
            .with_counts()
        )

    def get_template_names(self):
        if self.request.user.can_read_street_records:
            return ["events/event_detail.html"]
        return ["events/event_phone.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        ctx["mine"] = (
            Registration.objects.active()
            .filter(event=event, user=user)
            .annotate(attended=Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
            .first()
        )
        ctx["signup_closed_reason"] = services.signup_closed_reason(event)
        if event.need_id:
            from needs.models import Need

            # Shown only to whoever may see the need itself.
            ctx["from_need"] = Need.objects.visible_to(user).filter(pk=event.need_id).first()
        if user.can_read_street_records:
            can_edit = Event.objects.editable_by(user).filter(pk=event.pk).exists()
            registrations = list(
                Registration.objects.filter(event=event)
                .select_related("user")
                .annotate(
                    attended_at=Subquery(
                        Attendance.objects.filter(registration=OuterRef("pk")).values("checked_in_at")[:1]
                    )
                )
                .order_by("queued_at", "pk")
            )
            for r in registrations:
                r.shown_phone = shown_phone(user, r.phone, owner_street_id=event.street_id)
            ctx.update(
                can_edit=can_edit,
                confirmed=[r for r in registrations if r.status == Registration.Status.CONFIRMED],
                waiting=[r for r in registrations if r.status == Registration.Status.WAITLISTED],
                cancelled=[r for r in registrations if r.status == Registration.Status.CANCELLED],
                register_form=RegisterPersonForm(event=event) if can_edit else None,
                photo_form=PhotoForm() if can_edit else None,
                attachment_form=AttachmentForm() if can_edit else None,
            )
        return ctx


def _editable_event(request, pk) -> Event:
    if not request.user.can_manage_street_records:
        raise Http404
    return get_object_or_404(Event.objects.editable_by(request.user), pk=pk)


@login_required
@require_POST
def event_cancel(request, pk):
    event = _editable_event(request, pk)
    told = services.cancel_event(event, by=request.user)
    messages.success(request, _("The event was cancelled; %(n)d people were notified.") % {"n": told})
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_archive(request, pk):
    event = _editable_event(request, pk)
    if event.is_archived:
        event.restore()
        messages.success(request, _("The event was restored."))
    else:
        event.archive()
        messages.success(request, _("The event was archived."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def register_person(request, pk):
    """Staff sign someone up (outside the sign-up window if need be)."""
    event = _editable_event(request, pk)
    form = RegisterPersonForm(request.POST, event=event)
    if form.is_valid():
        try:
            r = services.register(
                event,
                user=form.cleaned_data["user"],
                volunteer=form.cleaned_data["volunteer"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                by=request.user,
                ignore_window=True,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(name)s: %(status)s.") % {"name": r.name, "status": r.get_status_display()}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#registrations")


@login_required
@require_POST
def staff_checkin(request, pk, registration_pk):
    event = _editable_event(request, pk)
    registration = get_object_or_404(Registration.objects.filter(event=event), pk=registration_pk)
    try:
        _attendance, created = services.check_in(
            event, registration=registration, by=request.user, method=Attendance.Method.STAFF
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        else:
            messages.info(request, _("%(name)s was already checked in.") % {"name": registration.name})
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#registrations")


@login_required
@require_POST
def photo_add(request, pk):
    event = _editable_event(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        p = form.processed
        Photo.objects.create(
            event=event,
            image=p.image,
            thumbnail=p.thumbnail,
            taken_at=p.taken_at,
            caption=form.cleaned_data["caption"],
            uploaded_by=request.user,
        )
        messages.success(request, _("The photo was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#photos")


@login_required
@require_POST
def attachment_add(request, pk):
    event = _editable_event(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        Attachment.objects.create(
            event=event,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("The study material was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#material")


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
        start, end = _local_bounds(first, last)
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


# ---------------------------------------------------------------- everyone's pages


@login_required
@require_POST
def register_self(request, pk):
    """Sign yourself up (the link on the phone list and the event page)."""
    event = get_object_or_404(Event.objects.visible_to(request.user).active(), pk=pk)
    try:
        r = services.register(event, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if r.status == Registration.Status.WAITLISTED:
            messages.warning(request, _("The event is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are signed up."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def registration_cancel(request, pk):
    """Cancel a place: your own, or (staff) anyone's in your street."""
    editable = Registration.objects.filter(event__in=Event.objects.editable_by(request.user).values("pk"))
    own = Registration.objects.filter(user=request.user)
    registration = get_object_or_404((editable | own).select_related("event"), pk=pk)
    try:
        promoted = services.cancel_registration(registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = _("The registration was cancelled.")
        if promoted:
            text += " " + _("%(n)d moved up from the waiting list.") % {"n": len(promoted)}
        messages.success(request, text)
    target = request.POST.get("next")
    if target == "my":
        return redirect("events:my")
    return redirect(registration.event.get_absolute_url())


class CheckInView(LoginRequiredMixin, View):
    """The page the QR code opens: one tap checks the logged-in person in, once."""

    template_name = "events/checkin.html"

    def get_event(self, request, pk, token):
        event = get_object_or_404(Event.objects.visible_to(request.user).active(), pk=pk)
        if event.checkin_token != token:
            raise Http404
        return event

    def render(self, request, event, **extra):
        from django.shortcuts import render

        mine = (
            Registration.objects.active()
            .filter(event=event, user=request.user)
            .annotate(
                attended_at=Subquery(
                    Attendance.objects.filter(registration=OuterRef("pk")).values("checked_in_at")[:1]
                )
            )
            .first()
        )
        return render(request, self.template_name, {"event": event, "mine": mine, **extra})

    def get(self, request, pk, token):
        return self.render(request, self.get_event(request, pk, token))

    def post(self, request, pk, token):
        event = self.get_event(request, pk, token)
        try:
            _attendance, created = services.check_in(event, user=request.user)
        except ValidationError as exc:
            return self.render(request, event, error=" ".join(exc.messages))
        return self.render(request, event, just_checked_in=created)


class MyRegistrationsView(LoginRequiredMixin, ListView):
    """Phones: my sign-ups, newest first, and my calendar link."""

    template_name = "events/my.html"
    paginate_by = 30
    context_object_name = "registrations"

    def get_queryset(self):
        return (
            Registration.objects.filter(user=self.request.user)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event")
            .annotate(attended=Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
            .order_by("-event__starts_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        feed, _created = CalendarFeed.objects.get_or_create(user=self.request.user)
        ctx["feed_url"] = self.request.build_absolute_uri(
            reverse("events:feed", kwargs={"token": feed.token})
        )
        ctx["attended_count"] = Attendance.objects.filter(registration__user=self.request.user).count()
        return ctx


@login_required
@require_POST
def feed_reset(request):
    """A new secret calendar link; the old one stops working."""
    from events.models import new_token

    CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_token()})
    messages.success(request, _("Your calendar link was renewed; the old link no longer works."))
    return redirect("events:my")


def feed(request, token):
    """The user's iCalendar feed: the events they are signed up to (cancelled ones marked so).

    No login: the secret token in the URL is the credential; a wrong token is a 404.
    """
    subscription = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = subscription.user
    if not user.is_active:
        raise Http404
    since = timezone.now() - timedelta(days=90)
    mine = Registration.objects.active().filter(event=OuterRef("pk"), user=user)
    events = (
        Event.objects.visible_to(user)
        .active()
        .filter(Exists(mine), ends_at__gte=since)
        .exclude(status=Event.Status.DRAFT)
        .prefetch_related(Prefetch("stops"))
        .order_by("starts_at", "pk")
    )
    body = ical.calendar(events, _("Party-building events"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
