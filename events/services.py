"""The rules of events in one place: sign-up with capacity and waiting list, cancelling,
check-in, cancelling an event, reminders. Pages, the API, admin and tasks call these."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications import Message, notify
from events.models import Attendance, Event, Registration


def signup_closed_reason(event, now=None) -> str | None:
    """A translated reason why nobody may sign up now, or None when sign-up is open."""
    state = event.signup_state(now)
    if state == "open":
        return None
    return {
        "draft": _("This event is not published yet."),
        "cancelled": _("This event was cancelled."),
        "done": _("This event is over."),
        "not_yet": _("Sign-up has not opened yet."),
        "closed": _("Sign-up for this event has closed."),
    }[state]


def _lock(event) -> Event:
    """Re-read the event under a row lock: sign-ups to one event queue up here."""
    return Event.objects.select_for_update().get(pk=event.pk)


def register(event, *, user=None, name="", phone="", by=None, volunteer=None, ignore_window=False):
    """Sign a person up: confirmed while places last, then on the waiting list.

    The event row is locked for the transaction, so concurrent sign-ups are
    counted one after another and the event is never overbooked. Staff may
    sign people up outside the window (``ignore_window``) but not to a draft
    or cancelled event. Returns the registration; raises ValidationError.
    """
    if volunteer is not None and volunteer.street_id != event.street_id:
        raise ValidationError(_("This volunteer belongs to another street."), code="other_street")
    if user is None and volunteer is None and not name.strip():
        raise ValidationError(_("Give the person's name."), code="no_person")
    with transaction.atomic():
        locked = _lock(event)
        state = locked.signup_state()
        if state != "open" and not (ignore_window and state in ("not_yet", "closed")):
            raise ValidationError(signup_closed_reason(locked), code=f"signup_{state}")
        existing = Registration.objects.active().filter(event=locked)
        if user is not None and existing.filter(user=user).exists():
            raise ValidationError(_("This person is already signed up to this event."), code="duplicate")
        if volunteer is not None and existing.filter(volunteer=volunteer).exists():
            raise ValidationError(_("This person is already signed up to this event."), code="duplicate")
        if user is not None:
            name = name or user.get_full_name()
            phone = phone or user.phone
        elif volunteer is not None:
            name = name or volunteer.name
            phone = phone or getattr(volunteer, "phone", "")
        confirmed = Registration.objects.confirmed().filter(event=locked).count()
        full = locked.capacity is not None and confirmed >= locked.capacity
        now = timezone.now()
        registration = Registration(
            event=locked,
            user=user,
            name=name.strip()[:50],
            phone=phone,
            status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
            queued_at=now,
            confirmed_at=None if full else now,
            registered_by=by or user,
        )
        registration.volunteer = volunteer
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise ValidationError(
                _("This person is already signed up to this event."), code="duplicate"
            ) from None
    return registration


def _promote(event) -> list[Registration]:
    """Move people up from the waiting list while places are free (event row already locked)."""
    promoted = []
    if event.capacity is None:
        waiting = list(Registration.objects.waiting().filter(event=event))
    else:
        free = event.capacity - Registration.objects.confirmed().filter(event=event).count()
        waiting = list(Registration.objects.waiting().filter(event=event)[: max(free, 0)])
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated"])
        promoted.append(registration)
    if promoted:
        url = reverse("events:detail", kwargs={"pk": event.pk})
        notify(
            Message(
                recipient_id=r.user_id,
                kind="events.promoted",
                key=f"events:promoted:{r.pk}",
                title=_("You have a place at %(event)s") % {"event": event.title},
                body=_("A place freed up and you moved up from the waiting list."),
                url=url,
            )
            for r in promoted
            if r.user_id
        )
    return promoted


def cancel_registration(registration, *, by=None) -> list[Registration]:
    """Cancel a sign-up; a freed place goes to the first on the waiting list. Returns those promoted."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise ValidationError(_("This registration is already cancelled."), code="already_cancelled")
        if Attendance.objects.filter(registration=registration).exists():
            raise ValidationError(_("This person has already checked in."), code="attended")
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated"])
        if event.status in (Event.Status.PUBLISHED, Event.Status.DRAFT):
            return _promote(event)
        return []


def set_capacity(event, capacity) -> list[Registration]:
    """After the capacity changed: move people up into new places. Returns those promoted."""
    with transaction.atomic():
        locked = _lock(event)
        if locked.status != Event.Status.PUBLISHED:
            return []
        return _promote(locked)


def check_in(event, *, registration=None, user=None, by=None, method=Attendance.Method.QR):
    """Check a person in, once. Returns (attendance, created).

    A logged-in user scanning the QR code is checked in on their registration;
    a walk-in without one is signed up as confirmed (they are there) first.
    A waiting-list registration becomes confirmed on arrival.
    """
    if event.status in (Event.Status.DRAFT, Event.Status.CANCELLED):
        raise ValidationError(_("Nobody can check in to this event."), code="not_open")
    today = timezone.localdate()
    if today < timezone.localdate(event.starts_at):
        raise ValidationError(_("Check-in opens on the day of the event."), code="not_yet")
    if method == Attendance.Method.QR and today > timezone.localdate(event.ends_at):
        # Staff may still record attendance afterwards; the QR code is for the day itself.
        raise ValidationError(_("This event is over; ask the staff to record your attendance."), code="over")
    with transaction.atomic():
        locked = _lock(event)
        if registration is None:
            registration = Registration.objects.active().filter(event=locked, user=user).first()
        if registration is None:
            now = timezone.now()
            registration = Registration.objects.create(
                event=locked,
                user=user,
                name=user.get_full_name(),
                phone=user.phone,
                status=Registration.Status.CONFIRMED,
                queued_at=now,
                confirmed_at=now,
                registered_by=by or user,
            )
        elif registration.event_id != locked.pk or not registration.is_active:
            raise ValidationError(_("This registration is not for this event."), code="wrong_event")
        existing = Attendance.objects.filter(registration=registration).first()
        if existing:
            return existing, False
        if registration.status == Registration.Status.WAITLISTED:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = timezone.now()
            registration.save(update_fields=["status", "confirmed_at", "updated"])
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    event=locked, registration=registration, method=method, checked_in_by=by or user
                )
        except IntegrityError:
            return Attendance.objects.get(registration=registration), False
    return attendance, True


def cancel_event(event, *, by=None) -> int:
    """Cancel an event and tell everyone registered (once each). Returns how many were told."""
    with transaction.atomic():
        locked = _lock(event)
        if locked.status == Event.Status.CANCELLED:
            return 0
        locked.status = Event.Status.CANCELLED
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated"])
        recipients = (
            Registration.objects.active()
            .filter(event=locked, user__isnull=False)
            .values_list("user_id", flat=True)
        )
        when = timezone.localtime(locked.starts_at).strftime("%Y-%m-%d %H:%M")
        created = notify(
            Message(
                recipient_id=user_id,
                kind="events.cancelled",
                key=f"events:cancelled:{locked.pk}",
                title=_("Cancelled: %(event)s") % {"event": locked.title},
                body=_("The event on %(when)s is cancelled.") % {"when": when},
                url=locked.get_absolute_url(),
            )
            for user_id in set(recipients)
        )
    event.status = locked.status
    event.version = locked.version
    return len(created)


def reminder_messages(day):
    """Reminders for the published events starting on ``day`` (a local date); fixed query count."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    end = start + timedelta(days=1)
    rows = (
        Registration.objects.active()
        .filter(
            event__status=Event.Status.PUBLISHED,
            event__archived_at__isnull=True,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            user__isnull=False,
        )
        .select_related("event")
        .order_by("event_id", "pk")
    )
    for r in rows:
        when = timezone.localtime(r.event.starts_at).strftime("%H:%M")
        place = r.event.place
        if r.status == Registration.Status.WAITLISTED:
            body = _("Tomorrow at %(when)s. You are on the waiting list.") % {"when": when}
        else:
            body = _("Tomorrow at %(when)s, %(place)s.") % {"when": when, "place": place}
        yield Message(
            recipient_id=r.user_id,
            kind="events.reminder",
            key=f"events:reminder:{r.event_id}",
            title=_("Reminder: %(event)s") % {"event": r.event.title},
            body=body,
            url=reverse("events:detail", kwargs={"pk": r.event_id}),
        )


def send_reminders(day=None) -> int:
    """Remind everyone registered to the events of ``day`` (default: tomorrow). Returns how many were new."""
    day = day or timezone.localdate() + timedelta(days=1)
    return len(notify(reminder_messages(day)))
