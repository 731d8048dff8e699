"""The events API: list, sign-up, check-in, cancel; the same scope rules as the pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from events.models import Attendance, Event, Registration
from tests.events.factories import EventFactory
from tests.factories import PartyOrganizationFactory


def test_list_is_scoped(world, api_for):
    EventFactory(street=world.street_a, title="甲")
    EventFactory(street=world.street_a, title="甲草稿", status="draft")
    EventFactory(street=world.street_b, title="乙")
    titles = lambda role: {e["title"] for e in api_for(role).get(reverse("event-list")).json()["results"]}  # noqa: E731
    assert titles("staff_a") == {"甲", "甲草稿"}
    assert titles("staff_b") == {"乙"}
    assert titles("cadre1") == {"甲"}
    assert titles("district") == {"甲", "甲草稿", "乙"}


def test_filters_shared_with_the_list_page(world, api_for):
    EventFactory(street=world.street_a, title="党日", kind="party_day")
    EventFactory(street=world.street_a, title="讲座", kind="lecture")
    data = api_for("staff_a").get(reverse("event-list"), {"kind": "lecture"}).json()
    assert [e["title"] for e in data["results"]] == ["讲座"]


def test_create_with_route(world, api_for):
    org = PartyOrganizationFactory(street=world.street_a)
    start = timezone.now() + timedelta(days=5)
    response = api_for("staff_a").post(
        reverse("event-list"),
        {
            "title": "骑行",
            "kind": "party_day",
            "status": "published",
            "organizers": [org.pk],
            "route": ["龙腾大道", "三山会馆"],
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
            "capacity": 10,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    event = Event.objects.get()
    assert event.street == world.street_a and [s["name"] for s in response.json()["stops"]] == [
        "龙腾大道",
        "三山会馆",
    ]


def test_create_rejects_bad_input(world, api_for):
    org = PartyOrganizationFactory(street=world.street_b)
    start = timezone.now() + timedelta(days=5)
    response = api_for("staff_a").post(
        reverse("event-list"),
        {
            "title": "x",
            "organizers": [org.pk],
            "starts_at": start.isoformat(),
            "ends_at": (start - timedelta(hours=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "organizers" in response.json()
    assert not Event.objects.exists()


def test_cadre_cannot_create(world, api_for):
    response = api_for("cadre1").post(reverse("event-list"), {"title": "x"}, format="json")
    assert response.status_code == 403


def test_stale_update_is_a_409(world, api_for):
    event = EventFactory(street=world.street_a)
    api = api_for("staff_a")
    url = reverse("event-detail", kwargs={"pk": event.pk})
    assert api.patch(url, {"title": "一", "version": 1}, format="json").status_code == 200
    response = api.patch(url, {"title": "二", "version": 1}, format="json")
    assert response.status_code == 409
    event.refresh_from_db()
    assert event.title == "一"


def test_sign_up_and_waiting_list(world, api_for):
    event = EventFactory(street=world.street_a, capacity=1)
    url = reverse("event-registrations", kwargs={"pk": event.pk})
    first = api_for("cadre1").post(url, {}, format="json")
    second = api_for("cadre2").post(url, {}, format="json")
    assert (first.status_code, first.json()["status"]) == (201, "confirmed")
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    again = api_for("cadre1").post(url, {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate"
    # Each sees their own; staff see all.
    mine = api_for("cadre2").get(url).json()["results"]
    assert [r["status"] for r in mine] == ["waitlisted"]
    assert len(api_for("staff_a").get(url).json()["results"]) == 2


def test_only_staff_sign_other_people_up(world, api_for):
    event = EventFactory(street=world.street_a)
    url = reverse("event-registrations", kwargs={"pk": event.pk})
    assert api_for("cadre1").post(url, {"name": "别人"}, format="json").status_code == 403
    response = api_for("staff_a").post(url, {"name": "张三", "phone": "bad"}, format="json")
    assert response.status_code == 400 and "phone" in response.json()
    response = api_for("staff_a").post(url, {"name": "张三", "phone": "13812345678"}, format="json")
    assert response.status_code == 201
    assert Registration.objects.get().name == "张三"


def test_sign_up_window_through_the_api(world, api_for):
    event = EventFactory(street=world.street_a, signup_opens_at=timezone.now() + timedelta(days=1))
    response = api_for("cadre1").post(
        reverse("event-registrations", kwargs={"pk": event.pk}), {}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "signup_not_yet"


def test_check_in_through_the_api_is_idempotent(world, api_for):
    now = timezone.now()
    event = EventFactory(
        street=world.street_a, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    url = reverse("event-check-in", kwargs={"pk": event.pk})
    assert api_for("cadre1").post(url, {}, format="json").status_code == 201
    assert api_for("cadre1").post(url, {}, format="json").status_code == 200
    assert Attendance.objects.count() == 1


def test_staff_check_in_someone_through_the_api(world, api_for):
    now = timezone.now()
    event = EventFactory(
        street=world.street_a, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    r = Registration.objects.create(event=event, name="王五", status="confirmed", confirmed_at=now)
    url = reverse("event-check-in", kwargs={"pk": event.pk})
    assert api_for("cadre1").post(url, {"registration": r.pk}, format="json").status_code == 403
    assert api_for("staff_a").post(url, {"registration": r.pk}, format="json").status_code == 201
    assert Attendance.objects.get().method == "staff"


def test_cancel_through_the_api(world, api_for):
    event = EventFactory(street=world.street_a)
    api_for("cadre1").post(reverse("event-registrations", kwargs={"pk": event.pk}), {}, format="json")
    response = api_for("staff_a").post(reverse("event-cancel", kwargs={"pk": event.pk}))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert world.cadre1.notifications.filter(kind="events.cancelled").count() == 1


def test_status_cancelled_cannot_be_set_directly(world, api_for):
    event = EventFactory(street=world.street_a)
    response = api_for("staff_a").patch(
        reverse("event-detail", kwargs={"pk": event.pk}), {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 400


def test_cancel_a_place_through_the_api(world, api_for):
    event = EventFactory(street=world.street_a, capacity=1)
    url = reverse("event-registrations", kwargs={"pk": event.pk})
    mine = api_for("cadre1").post(url, {}, format="json").json()["id"]
    waiting = api_for("cadre2").post(url, {}, format="json").json()["id"]
    cancel = reverse("event-cancel-registration", kwargs={"pk": event.pk})
    assert api_for("cadre2").post(cancel, {"registration": mine}, format="json").status_code == 404
    response = api_for("cadre1").post(cancel, {"registration": mine}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=waiting).status == "confirmed"
    again = api_for("cadre1").post(cancel, {"registration": mine}, format="json")
    assert again.status_code == 400


def test_created_event_answers_with_its_counts(api_for, world):
    from django.urls import reverse

    from tests.factories import PartyOrganizationFactory

    org = PartyOrganizationFactory(street=world.street_a)
    response = api_for("staff_a").post(
        reverse("event-list"),
        {
            "title": "党日",
            "starts_at": "2030-01-01T09:00:00+08:00",
            "ends_at": "2030-01-01T11:00:00+08:00",
            "organizers": [org.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["confirmed_count"], body["waiting_count"], body["attended_count"]) == (0, 0, 0)
