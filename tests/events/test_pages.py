"""Pages: list, calendar, forms, photos, figures, feed, scope and query counts."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from events import services
from events.ical import escape, fold
from events.models import Attendance, CalendarFeed, Event, Photo, RouteStop
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import OrganizationFactory, PartyOrganizationFactory


def _form_data(world, **overrides):
    org = PartyOrganizationFactory(street=world.street_a)
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "title": "重温入党誓词骑行",
        "kind": "party_day",
        "theme": "追寻初心",
        "status": "published",
        "organizers": [org.pk],
        "place": "",
        "route": "龙腾大道\n三山会馆\n\n一大会址",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "20",
        "signup_opens_at": "",
        "signup_closes_at": "",
        "description": "",
        "summary": "",
    }
    data.update(overrides)
    return data


def test_staff_create_an_event_with_a_route(world, client_for):
    response = client_for("staff_a").post(reverse("events:create"), _form_data(world))
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.street == world.street_a and event.created_by == world.staff_a
    assert list(event.stops.values_list("position", "name")) == [
        (1, "龙腾大道"),
        (2, "三山会馆"),
        (3, "一大会址"),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_at", "2020-01-01T08:00", "结束"),
        ("title", "=cmd()", "公式"),
        ("capacity", "0", "0"),
    ],
)
def test_event_form_rejects_bad_input(world, client_for, field, value, message):
    response = client_for("staff_a").post(reverse("events:create"), _form_data(world, **{field: value}))
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Event.objects.exists() and not RouteStop.objects.exists()


def test_event_form_refuses_organizers_of_another_street(world, client_for):
    other = PartyOrganizationFactory(street=world.street_b)
    response = client_for("staff_a").post(reverse("events:create"), _form_data(world, organizers=[other.pk]))
    assert response.status_code == 200 and not Event.objects.exists()


def test_stale_edit_is_refused_with_the_conflict(world, client_for):
    event = EventFactory(street=world.street_a, title="旧标题")
    client = client_for("staff_a")
    url = reverse("events:update", kwargs={"pk": event.pk})
    data = _form_data(world, title="我的标题", version=event.version)
    event.title = "别人的标题"
    event.save_checked(event.version)
    response = client.post(url, data)
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "别人的标题"


def test_edit_with_the_current_version_saves(world, client_for):
    event = EventFactory(street=world.street_a)
    data = _form_data(world, title="新标题", version=event.version)
    assert (
        client_for("staff_a").post(reverse("events:update", kwargs={"pk": event.pk}), data).status_code == 302
    )
    event.refresh_from_db()
    assert event.title == "新标题" and event.stops.count() == 3


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(out, format="JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def test_photo_upload_goes_through_the_pipeline(world, client_for):
    event = EventFactory(street=world.street_a)
    client = client_for("staff_a")
    url = reverse("events:photo_add", kwargs={"pk": event.pk})
    client.post(url, {"image": _jpeg(), "caption": "合影"})
    photo = Photo.objects.get()
    assert photo.width == 800 and photo.thumbnail.name and photo.caption == "合影"
    response = client.post(url, {"image": SimpleUploadedFile("x.jpg", b"not an image")}, follow=True)
    assert Photo.objects.count() == 1
    assert "图片" in response.content.decode() or "picture" in response.content.decode()


def test_study_material_rejects_other_files(world, client_for):
    event = EventFactory(street=world.street_a)
    url = reverse("events:attachment_add", kwargs={"pk": event.pk})
    client = client_for("staff_a")
    client.post(url, {"title": "学习材料", "file": SimpleUploadedFile("a.exe", b"MZ")})
    assert not event.attachments.exists()
    client.post(url, {"title": "学习材料", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert event.attachments.count() == 1


def test_list_filters_and_scope(world, client_for):
    mine = EventFactory(street=world.street_a, title="甲街道党日", kind="party_day")
    EventFactory(street=world.street_a, title="甲街道讲座", kind="lecture")
    EventFactory(street=world.street_b, title="乙街道党日")
    page = client_for("staff_a").get(reverse("events:index"), {"kind": "party_day"}).content.decode()
    assert "甲街道党日" in page and "甲街道讲座" not in page and "乙街道党日" not in page
    org = mine.organizers.get()
    page = client_for("staff_a").get(reverse("events:index"), {"organizer": org.pk}).content.decode()
    assert "甲街道党日" in page and "甲街道讲座" not in page
    page = client_for("district").get(reverse("events:index")).content.decode()
    assert "甲街道党日" in page and "乙街道党日" in page


def test_cadres_see_published_events_of_their_street_only(world, client_for):
    EventFactory(street=world.street_a, title="已发布")
    EventFactory(street=world.street_a, title="草稿", status="draft")
    EventFactory(street=world.street_b, title="别的街道")
    page = client_for("cadre1").get(reverse("events:index")).content.decode()
    assert "已发布" in page and "草稿" not in page and "别的街道" not in page
    assert 'class="mobile"' in page


def test_my_registrations_are_mine(world, client_for):
    event = EventFactory(street=world.street_a, title="共同活动")
    services.register(event, user=world.cadre2)
    page = client_for("cadre1").get(reverse("events:my")).content.decode()
    assert "共同活动" not in page
    services.register(event, user=world.cadre1)
    page = client_for("cadre1").get(reverse("events:my")).content.decode()
    assert "共同活动" in page


def test_calendar_shows_the_month(world, client_for):
    start = timezone.localtime().replace(day=15, hour=9, minute=0)
    EventFactory(street=world.street_a, title="月中活动", starts_at=start, ends_at=start + timedelta(hours=1))
    page = (
        client_for("staff_a")
        .get(reverse("events:calendar"), {"month": start.strftime("%Y-%m")})
        .content.decode()
    )
    assert "月中活动" in page
    assert client_for("staff_a").get(reverse("events:calendar"), {"month": "garbage"}).status_code == 200


def test_figures(world, client_for):
    now = timezone.now()
    past = now - timedelta(days=3)
    held = EventFactory(
        street=world.street_a, starts_at=past, ends_at=past + timedelta(hours=2), status="done"
    )
    EventFactory(street=world.street_a, starts_at=past, ends_at=past + timedelta(hours=2), status="cancelled")
    a = RegistrationFactory(event=held)
    RegistrationFactory(event=held)
    Attendance.objects.create(event=held, registration=a)
    response = client_for("staff_a").get(
        reverse("events:figures"),
        {"start": (past - timedelta(days=1)).date().isoformat(), "end": now.date().isoformat()},
    )
    ctx = response.context
    assert ctx["held_count"] == 1 and ctx["party_day_count"] == 1
    assert ctx["participants"] == 1 and ctx["rate"] == 50


def test_organization_panel_lists_its_events(world, client_for):
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    org = OrganizationFactory(street=world.street_a)
    event = EventFactory(street=world.street_a, title="联建活动")
    event.participating_organizations.add(org)
    EventFactory(street=world.street_a, title="无关活动")
    request = RequestFactory().get("/")
    request.user = world.staff_a
    html = Template('{% include "events/_organization_panel.html" %}').render(
        RequestContext(request, {"organization": org})
    )
    assert "联建活动" in html and "无关活动" not in html
    request.user = world.staff_b
    html = Template('{% include "events/_organization_panel.html" %}').render(
        RequestContext(request, {"organization": org})
    )
    assert "联建活动" not in html


def test_ical_feed(world, client):
    event = EventFactory(street=world.street_a, title="学习会, 第一期; 上篇", description="第一行\n第二行")
    services.register(event, user=world.cadre1)
    EventFactory(street=world.street_a, title="没报名的")
    feed = CalendarFeed.objects.create(user=world.cadre1)
    response = client.get(reverse("events:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:学习会\\, 第一期\\; 上篇" in unfolded
    assert "DESCRIPTION:第一行\\n第二行" in unfolded
    assert "没报名的" not in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("events:feed", kwargs={"token": "wrong"})).status_code == 404


def test_feed_reset_revokes_the_old_link(world, client_for, client):
    feed = CalendarFeed.objects.create(user=world.cadre1)
    old = feed.token
    client_for("cadre1").post(reverse("events:feed_reset"))
    assert client.get(reverse("events:feed", kwargs={"token": old})).status_code == 404


def test_ical_escaping_and_folding():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "党" * 40)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "党" * 40


# ------------------------------------------------------------------ query counts


def _events(world, n):
    orgs = [PartyOrganizationFactory(street=world.street_a) for _ in range(2)]
    tn = OrganizationFactory(street=world.street_a)
    events = []
    for _ in range(n):
        e = EventFactory(street=world.street_a, organizers=orgs)
        e.participating_organizations.add(tn)
        RegistrationFactory(event=e)
        RegistrationFactory(event=e, user=world.cadre1)
        events.append(e)
    return events


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("staff_a", "events:index"),
        ("cadre1", "events:index"),
        ("cadre1", "events:my"),
        ("staff_a", "events:calendar"),
        ("staff_a", "event-list"),
        ("cadre1", "event-list"),
    ],
)
def test_list_query_counts_are_constant(world, client_for, role, name):
    client = client_for(role)
    url = reverse(name)
    _events(world, 2)
    client.get(url)  # warm up sessions and caches
    small = _count(client, url)
    _events(world, 10)
    large = _count(client, url)
    assert small == large


def test_detail_and_registrations_query_counts_are_constant(world, client_for, api_for):
    small_event, large_event = _events(world, 1)[0], EventFactory(street=world.street_a)
    for _ in range(12):
        RegistrationFactory(event=large_event)
    client = client_for("staff_a")
    api = api_for("staff_a")
    for name, c in (("events:detail", client), ("event-registrations", api), ("events:signin_sheet", client)):
        c.get(reverse(name, kwargs={"pk": small_event.pk}))
        with CaptureQueriesContext(connection) as small:
            assert c.get(reverse(name, kwargs={"pk": small_event.pk})).status_code == 200
        with CaptureQueriesContext(connection) as large:
            assert c.get(reverse(name, kwargs={"pk": large_event.pk})).status_code == 200
        assert len(small) == len(large), name


def test_list_export_follows_the_filters_and_scope(world, client_for):
    from openpyxl import load_workbook

    a = EventFactory(street=world.street_a, title="=甲党日", kind="party_day")
    EventFactory(street=world.street_a, title="甲讲座", kind="lecture")
    EventFactory(street=world.street_b, title="乙党日", kind="party_day")
    services.register(a, name="赵六", by=world.staff_a)
    response = client_for("staff_a").get(reverse("events:export"), {"kind": "party_day"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    events_sheet, attendance_sheet = wb.worksheets
    titles = [row[0] for row in events_sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=甲党日"]  # formula neutralised, other kind and other street left out
    people = [row[2] for row in attendance_sheet.iter_rows(min_row=2, values_only=True)]
    assert people == ["赵六"]


def test_a_persons_record_of_events(world, client_for):
    now = timezone.now()
    past = now - timedelta(days=10)
    held = EventFactory(
        street=world.street_a, starts_at=past, ends_at=past + timedelta(hours=2), status="done"
    )
    lecture = EventFactory(street=world.street_a, kind="lecture", title="党课")
    r = RegistrationFactory(event=held, user=world.cadre1)
    Attendance.objects.create(event=held, registration=r)
    RegistrationFactory(event=lecture, user=world.cadre1)
    RegistrationFactory(event=lecture, name="路人", phone="13800000000")
    url = reverse("events:record")
    response = client_for("staff_a").get(url, {"user": world.cadre1.pk})
    assert response.status_code == 200
    assert response.context["attended_total"] == 1
    assert [x.event for x in response.context["registrations"]] == [lecture, held]
    by_name = client_for("staff_a").get(url, {"name": "路人", "phone": "13800000000"})
    assert [x.name for x in by_name.context["registrations"]] == ["路人"]
    assert client_for("staff_b").get(url, {"user": world.cadre1.pk}).status_code == 404
    assert client_for("staff_a").get(url, {"user": "x"}).status_code == 404
    assert client_for("staff_a").get(url).status_code == 404


def test_person_record_query_count_is_constant(world, client_for):
    client = client_for("staff_a")
    url = reverse("events:record")
    _events(world, 2)
    client.get(url, {"user": world.cadre1.pk})
    small = _count(client, url, user=world.cadre1.pk)
    _events(world, 10)
    large = _count(client, url, user=world.cadre1.pk)
    assert small == large


def test_archived_events_are_hidden_unless_asked_for(world, client_for):
    kept = EventFactory(street=world.street_a, title="保留的活动")
    gone = EventFactory(street=world.street_a, title="归档的活动")
    client_for("staff_a").post(reverse("events:archive", kwargs={"pk": gone.pk}))
    client = client_for("staff_a")
    titles = lambda **q: [e.title for e in client.get(reverse("events:index"), q).context["events"]]  # noqa: E731
    assert titles() == [kept.title] and titles(kind="party_day") == [kept.title]
    assert titles(archived="archived") == [gone.title]
    assert sorted(titles(archived="all")) == sorted([kept.title, gone.title])
