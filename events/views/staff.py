"""Staff pages of events: the list, calendar, event page, editing and what staff do on it
(cancel, archive, sign someone up, check them in, add photos and material)."""

import calendar as pycalendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from core.masking import shown_phone
from core.permissions import RoleRequiredMixin
from core.views import VersionedSaveMixin
from events import services
from events.filtersets import EventFilterSet
from events.forms import AttachmentForm, EventForm, PhotoForm, RegisterPersonForm
from events.models import Attachment, Attendance, Event, Photo, Registration


def local_bounds(first: date, last: date):
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
        start, end = local_bounds(first, last)
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
