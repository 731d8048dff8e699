"""Sign-up, the waiting list, the sign-up window and cancelling a place."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory


def test_sign_up_confirms_until_full_then_waiting_list(world):
    event = EventFactory(street=world.street_a, capacity=2)
    people = [UserFactory(street=world.street_a, role="cadre") for _ in range(4)]
    statuses = [services.register(event, user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert Registration.objects.confirmed().filter(event=event).count() == 2


def test_cancelling_frees_the_place_for_the_first_waiting(world):
    event = EventFactory(street=world.street_a, capacity=1)
    first = services.register(event, user=world.cadre1)
    second = services.register(event, user=world.cadre2)
    third = services.register(event, user=world.leader)
    assert (second.status, third.status) == ("waitlisted", "waitlisted")
    promoted = services.cancel_registration(first, by=world.cadre1)
    assert [r.pk for r in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "confirmed" and second.confirmed_at
    assert third.status == "waitlisted"
    assert Notification.objects.filter(recipient=world.cadre2, kind="events.promoted").count() == 1


def test_raising_the_capacity_moves_people_up(world, client_for):
    event = EventFactory(street=world.street_a, capacity=1)
    services.register(event, user=world.cadre1)
    waiting = services.register(event, user=world.cadre2)
    event.capacity = 2
    event.save()
    services.set_capacity(event, 2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_signing_up_twice_is_refused(world):
    event = EventFactory(street=world.street_a)
    services.register(event, user=world.cadre1)
    with pytest.raises(ValidationError) as exc:
        services.register(event, user=world.cadre1)
    assert exc.value.code == "duplicate"
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Event.Status.DRAFT}, "signup_draft"),
        ({"status": Event.Status.CANCELLED}, "signup_cancelled"),
        ({"signup_opens_at": "future"}, "signup_not_yet"),
        ({"signup_closes_at": "past"}, "signup_closed"),
    ],
)
def test_the_sign_up_window(world, changes, code):
    now = timezone.now()
    values = {
        "future": now + timedelta(days=1),
        "past": now - timedelta(hours=1),
    }
    kwargs = {k: values.get(v, v) for k, v in changes.items()}
    if "signup_closes_at" in kwargs:
        kwargs["signup_opens_at"] = now - timedelta(days=2)
    event = EventFactory(street=world.street_a, **kwargs)
    with pytest.raises(ValidationError) as exc:
        services.register(event, user=world.cadre1)
    assert exc.value.code == code
    assert not Registration.objects.filter(event=event).exists()


def test_sign_up_closes_when_the_event_starts(world):
    event = EventFactory(
        street=world.street_a,
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    assert event.signup_state() == "closed"


def test_staff_may_sign_people_up_after_the_window_closed(world):
    now = timezone.now()
    event = EventFactory(
        street=world.street_a,
        signup_opens_at=now - timedelta(days=3),
        signup_closes_at=now - timedelta(days=1),
    )
    r = services.register(event, name="李四", phone="13900001111", by=world.staff_a, ignore_window=True)
    assert r.status == "confirmed" and r.registered_by == world.staff_a


def test_sign_up_page_shows_the_reason_when_closed(world, client_for):
    event = EventFactory(street=world.street_a, signup_opens_at=timezone.now() + timedelta(days=1))
    client = client_for("cadre1")
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}), follow=True)
    assert (
        "报名尚未开始" in response.content.decode()
        or "Sign-up has not opened yet." in response.content.decode()
    )
    assert not Registration.objects.filter(event=event).exists()


def test_sign_up_page_and_cancel_my_place(world, client_for):
    event = EventFactory(street=world.street_a, capacity=1)
    client = client_for("cadre1")
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert response.status_code == 302
    mine = Registration.objects.get(event=event, user=world.cadre1)
    assert mine.status == "confirmed"
    page = client.get(reverse("events:detail", kwargs={"pk": event.pk}))
    assert reverse("events:registration_cancel", kwargs={"pk": mine.pk}) in page.content.decode()
    client.post(reverse("events:registration_cancel", kwargs={"pk": mine.pk}))
    mine.refresh_from_db()
    assert mine.status == "cancelled" and mine.cancelled_at


def test_cadre_cannot_cancel_someone_elses_place(world, client_for):
    event = EventFactory(street=world.street_a)
    theirs = services.register(event, user=world.cadre2)
    response = client_for("cadre1").post(reverse("events:registration_cancel", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


def test_staff_sign_up_form_rejects_bad_input(world, client_for):
    event = EventFactory(street=world.street_a)
    client = client_for("staff_a")
    url = reverse("events:register_person", kwargs={"pk": event.pk})
    response = client.post(url, {"name": "", "phone": ""}, follow=True)
    assert "请选择门户用户或填写姓名" in response.content.decode() or response.status_code == 200
    response = client.post(url, {"name": "王五", "phone": "12345"}, follow=True)
    assert "12345" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()
    client.post(url, {"name": "王五", "phone": "139 0000 1111"})
    assert Registration.objects.get(event=event).phone == "13900001111"


def test_staff_sign_up_by_portal_user(world, client_for):
    event = EventFactory(street=world.street_a)
    client_for("staff_a").post(
        reverse("events:register_person", kwargs={"pk": event.pk}), {"user": world.cadre2.pk}
    )
    r = Registration.objects.get(event=event)
    assert r.user == world.cadre2 and r.name == world.cadre2.name


def test_staff_of_another_street_cannot_sign_people_up(world, client_for):
    event = EventFactory(street=world.street_a)
    response = client_for("staff_b").post(
        reverse("events:register_person", kwargs={"pk": event.pk}), {"name": "王五"}
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_cancelled_registration_can_sign_up_again(world):
    event = EventFactory(street=world.street_a)
    first = services.register(event, user=world.cadre1)
    services.cancel_registration(first)
    again = services.register(event, user=world.cadre1)
    assert again.pk != first.pk and again.status == "confirmed"


def test_registration_database_constraint_holds(world):
    from django.db import IntegrityError, transaction

    event = EventFactory(street=world.street_a)
    RegistrationFactory(event=event, user=world.cadre1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, user=world.cadre1)


def test_staff_sign_up_a_volunteer(world, client_for):
    from volunteers.models import Volunteer

    event = EventFactory(street=world.street_a)
    volunteer = Volunteer.objects.create(street=world.street_a, name="志愿者甲", phone="13700001111")
    elsewhere = Volunteer.objects.create(street=world.street_b, name="志愿者乙")
    client = client_for("staff_a")
    url = reverse("events:register_person", kwargs={"pk": event.pk})
    client.post(url, {"volunteer": elsewhere.pk})
    assert not Registration.objects.exists()
    client.post(url, {"volunteer": volunteer.pk})
    r = Registration.objects.get()
    assert (r.volunteer, r.name, r.phone) == (volunteer, "志愿者甲", "13700001111")
    with pytest.raises(ValidationError):
        services.register(event, volunteer=volunteer, by=world.staff_a)
    with pytest.raises(ValidationError):
        services.register(event, volunteer=elsewhere, by=world.staff_a)
