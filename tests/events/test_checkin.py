"""QR codes, check-in (once, however often scanned), posters and sign-in sheets."""

import io
from datetime import timedelta

import segno
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Attendance, Registration
from tests.events.factories import EventFactory


def today_event(world, **kwargs):
    now = timezone.now()
    return EventFactory(
        street=world.street_a,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        **kwargs,
    )


def test_qr_code_points_at_the_events_checkin_url(world, client_for, settings):
    settings.SITE_URL = "https://portal.example.cn"
    event = EventFactory(street=world.street_a)
    other = EventFactory(street=world.street_a)
    response = client_for("staff_a").get(reverse("events:qr", kwargs={"pk": event.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    expected_url = f"https://portal.example.cn/events/{event.pk}/check-in/{event.checkin_token}/"
    assert event.get_checkin_url() == expected_url

    def svg(url):
        out = io.BytesIO()
        segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=True)
        return out.getvalue()

    assert response.content == svg(expected_url)
    assert response.content != svg(other.get_checkin_url())
    # And the URL it encodes opens this event's check-in page.
    page = client_for("cadre1").get(expected_url.removeprefix("https://portal.example.cn"))
    assert page.status_code == 200 and event.title in page.content.decode()


def test_poster_shows_the_qr_code_and_url(world, client_for):
    event = EventFactory(street=world.street_a, title="骑行党日")
    page = client_for("staff_a").get(reverse("events:poster", kwargs={"pk": event.pk})).content.decode()
    assert reverse("events:qr", kwargs={"pk": event.pk}) in page
    assert event.get_checkin_url() in page
    assert "style=" not in page and "<script>" not in page


def test_checkin_is_idempotent(world, client_for):
    event = today_event(world)
    services.register(event, user=world.cadre1, ignore_window=True)
    client = client_for("cadre1")
    url = event.get_checkin_path()
    assert client.get(url).status_code == 200
    assert Attendance.objects.count() == 0  # opening the page checks nobody in
    for _ in range(3):
        response = client.post(url)
        assert response.status_code == 200
    assert Attendance.objects.filter(event=event).count() == 1
    assert "签到" in response.content.decode() or "checked in" in response.content.decode()


def test_walk_in_scanning_is_signed_up_and_checked_in(world, client_for):
    event = today_event(world, capacity=1)
    services.register(event, name="张三", by=world.staff_a, ignore_window=True)
    client_for("leader").post(event.get_checkin_path())
    r = Registration.objects.get(event=event, user=world.leader)
    assert r.status == "confirmed"
    assert Attendance.objects.filter(registration=r).count() == 1


def test_waiting_person_who_comes_is_confirmed(world):
    event = today_event(world, capacity=1)
    services.register(event, name="张三", by=world.staff_a, ignore_window=True)
    waiting = services.register(event, user=world.cadre1, ignore_window=True)
    assert waiting.status == "waitlisted"
    services.check_in(event, user=world.cadre1)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_wrong_token_is_404(world, client_for):
    event = today_event(world)
    url = reverse("events:checkin", kwargs={"pk": event.pk, "token": "nope"})
    assert client_for("cadre1").post(url).status_code == 404
    assert not Attendance.objects.exists()


def test_checkin_before_the_day_is_refused(world, client_for):
    event = EventFactory(street=world.street_a)  # in three days
    response = client_for("cadre1").post(event.get_checkin_path())
    assert "活动当天" in response.content.decode() or "day of the event" in response.content.decode()
    assert not Attendance.objects.exists()


def test_other_street_cannot_check_in(world, client_for):
    event = today_event(world)
    assert client_for("staff_b").post(event.get_checkin_path()).status_code == 404
    assert not Attendance.objects.exists()


def test_staff_check_in_from_the_list_once(world, client_for):
    event = today_event(world)
    r = services.register(event, name="王五", by=world.staff_a, ignore_window=True)
    client = client_for("staff_a")
    url = reverse("events:staff_checkin", kwargs={"pk": event.pk, "registration_pk": r.pk})
    client.post(url)
    client.post(url)
    attendance = Attendance.objects.get(registration=r)
    assert attendance.method == "staff" and attendance.checked_in_by == world.staff_a


def test_staff_may_record_attendance_after_the_event(world):
    now = timezone.now()
    event = EventFactory(
        street=world.street_a,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
    )
    r = Registration.objects.create(event=event, name="王五", status="confirmed", confirmed_at=now)
    _attendance, created = services.check_in(
        event, registration=r, by=world.staff_a, method=Attendance.Method.STAFF
    )
    assert created


def test_signin_sheet_lists_the_confirmed(world, client_for):
    event = today_event(world)
    services.register(event, name="赵六", phone="13912345678", by=world.staff_a, ignore_window=True)
    page = client_for("staff_a").get(reverse("events:signin_sheet", kwargs={"pk": event.pk})).content.decode()
    assert "赵六" in page and "13912345678" in page
    page_district = (
        client_for("district").get(reverse("events:signin_sheet", kwargs={"pk": event.pk})).content.decode()
    )
    assert "13912345678" not in page_district  # the district sees phones masked


def test_attendance_export(world, client_for):
    from openpyxl import load_workbook

    event = today_event(world)
    r = services.register(event, name="赵六", by=world.staff_a, ignore_window=True)
    services.check_in(event, registration=r, by=world.staff_a, method=Attendance.Method.STAFF)
    response = client_for("staff_a").get(reverse("events:attendance_export", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.values)
    assert rows[1][2] == "赵六" and rows[1][5]
