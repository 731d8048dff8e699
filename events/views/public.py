"""Everyone's pages: signing up and cancelling, the check-in page the QR code opens, my
registrations and the iCalendar feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from events import ical, services
from events.models import Attendance, CalendarFeed, Event, Registration

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
