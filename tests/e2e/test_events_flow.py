"""Events: staff create one with two places; three people sign up on their phones, the third
waits; one cancels and the third moves up; the third checks in with the link behind the QR code."""

import re
from datetime import timedelta

from django.utils import timezone

from events.models import Event, Registration

MY_PLACE = "main section[aria-labelledby=my-place]"


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _sign_up(session, title):
    page = session.page
    session.goto("/events/")
    page.locator("main a", has_text=title).first.tap()
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    with page.expect_navigation():
        page.locator(f"{MY_PLACE} form[action$='/sign-up/'] button[type=submit]").tap()
    return page.locator(MY_PLACE).inner_text()


def test_event_with_two_places_a_waiting_list_and_qr_check_in(desktop, open_session, e2e_world):
    page = desktop.page
    desktop.login("staff")
    title = "浏览器测试：楼宇党员志愿服务"

    # Staff create a published event with a capacity of 2, later today (check-in opens on the day).
    now = timezone.localtime()
    starts = now + timedelta(minutes=30)
    if starts.date() != now.date():  # too close to midnight for a same-day event; start now instead
        starts = now + timedelta(minutes=1)
    ends = min(starts + timedelta(hours=2), starts.replace(hour=23, minute=59))
    desktop.goto("/events/new/")
    page.fill("#id_title", title)
    page.select_option("#id_kind", Event.Kind.VOLUNTEER_SERVICE)
    page.select_option("#id_status", Event.Status.PUBLISHED)
    page.locator("#id_organizers option").first.click()
    page.fill("#id_place", "东银中心一楼大堂")
    page.fill("#id_starts_at", _local(starts))
    page.fill("#id_ends_at", _local(ends))
    page.fill("#id_capacity", "2")
    desktop.shot("event-form")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    event = Event.objects.get(title=title)
    assert event.capacity == 2 and event.status == Event.Status.PUBLISHED
    desktop.shot("event-created")

    # Three people sign up from their phones; the third goes on the waiting list.
    people = {name: open_session(name, phone=True) for name in ("cadre1", "cadre2", "leader1")}
    first = _sign_up(people["cadre1"], title)
    assert people["cadre1"].page.locator(f"{MY_PLACE} .tag-ok").count() == 1, first
    people["cadre1"].shot("signed-up")
    _sign_up(people["cadre2"], title)
    people["cadre2"].shot("signed-up")
    third = _sign_up(people["leader1"], title)
    assert people["leader1"].page.locator(f"{MY_PLACE} .tag-warn").count() == 1, third
    people["leader1"].shot("waiting")
    statuses = dict(Registration.objects.filter(event=event).values_list("user__username", "status"))
    assert statuses == {
        "cadre1": Registration.Status.CONFIRMED,
        "cadre2": Registration.Status.CONFIRMED,
        "leader1": Registration.Status.WAITLISTED,
    }, statuses
    waiting_text = third
    desktop.goto(f"/events/{event.pk}/")
    assert page.locator("main #waiting + ol li").count() == 1
    desktop.shot("event-full-with-waiting-list")

    # cadre1 cancels their place (confirming the question); leader1 moves up.
    cadre1 = people["cadre1"]
    cadre1.goto(f"/events/{event.pk}/")
    with cadre1.page.expect_navigation():
        cadre1.page.locator(f"{MY_PLACE} form[action*='/registrations/'] button[type=submit]").tap()
    assert cadre1.dialogs, "cancelling did not ask for confirmation"
    cadre1.shot("cancelled")
    statuses = dict(Registration.objects.filter(event=event).values_list("user__username", "status"))
    assert statuses["leader1"] == Registration.Status.CONFIRMED, statuses
    assert statuses["cadre1"] == Registration.Status.CANCELLED, statuses
    leader = people["leader1"]
    leader.goto(f"/events/{event.pk}/")
    assert leader.page.locator(MY_PLACE).inner_text() != waiting_text
    assert leader.page.locator(f"{MY_PLACE} .tag-ok").count() == 1
    leader.shot("moved-up")

    # The QR poster carries the check-in link; leader1 opens it and checks in.
    desktop.goto(f"/events/{event.pk}/poster/")
    assert page.locator("main img.ev-qr").get_attribute("alt")
    qr = page.request.get(desktop.base_url + page.locator("main img.ev-qr").get_attribute("src"))
    assert qr.ok and "svg" in qr.headers["content-type"]
    link = page.locator("main .ev-poster-url").inner_text()
    path = re.search(r"/events/\d+/check-in/[^/\s]+/", link).group(0)
    assert path == f"/events/{event.pk}/check-in/{event.checkin_token}/"
    desktop.shot("poster")

    leader.goto(path)
    leader.shot("check-in")
    with leader.page.expect_navigation():
        leader.page.locator("main form button[type=submit]").tap()
    assert leader.page.locator("main [role=status]").count() == 1
    assert not leader.page.locator("main [role=alert]").count()
    leader.shot("checked-in")
    registration = Registration.objects.get(event=event, user__username="leader1")
    assert registration.attendances.count() == 1

    # The staff page counts one check-in.
    desktop.goto(f"/events/{event.pk}/")
    counts = page.locator("main .grid .card .stat").all_inner_texts()
    assert counts[:3] == ["2/2", "0", "1"], counts
    desktop.shot("event-checked-in")
