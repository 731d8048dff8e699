from events.models import CalendarFeed
from tests.events.factories import EventFactory, RegistrationFactory
from tests.matrix import Case, any_user_api, any_user_page, expect, street_page

# Pages only the street's staff and admins change: others are told the event is absent.
EDIT_POST = expect(404, anonymous=302, staff_a=302, admin=302)
STAFF_ONLY_RECORD = expect(
    404, anonymous=302, district=200, staff_a=200, admin=200, cadre1=403, cadre2=403, leader=403
)
# Street A's published event: everyone in street A (and the district, admins) sees it.
VISIBLE_PAGE = expect(200, anonymous=302, staff_b=404)
VISIBLE_API = expect(200, anonymous=401, staff_b=404)


def cases(world):
    event = EventFactory(street=world.street_a)
    other = EventFactory(street=world.street_a)
    registration = RegistrationFactory(event=event)
    to_cancel = RegistrationFactory(event=event)
    api_to_cancel = RegistrationFactory(event=event)
    feed = CalendarFeed.objects.create(user=world.cadre1)
    RegistrationFactory(event=event, user=world.cadre1, name="汪书记")
    pk = {"pk": event.pk}
    return [
        Case("events:index", any_user_page()),
        Case("events:calendar", street_page(staff_b=200)),
        Case("events:figures", street_page(staff_b=200)),
        Case("events:export", street_page(staff_b=200)),
        Case("events:create", expect(403, anonymous=302, staff_a=200, staff_b=200, admin=200)),
        Case("events:my", any_user_page()),
        Case(
            "events:record",
            street_page(staff_b=404),
            query=f"user={world.cadre1.pk}",
        ),
        Case("events:feed", expect(200), kwargs={"token": feed.token}),
        Case("events:feed_reset", expect(302), method="post"),
        Case("events:detail", VISIBLE_PAGE, kwargs=pk),
        Case(
            "events:update",
            expect(403, anonymous=302, staff_a=200, staff_b=404, admin=200),
            kwargs=pk,
        ),
        Case("events:cancel", EDIT_POST, kwargs={"pk": other.pk}, method="post"),
        Case("events:archive", EDIT_POST, kwargs={"pk": other.pk}, method="post"),
        Case("events:register", expect(302, staff_b=404), kwargs=pk, method="post"),
        Case("events:register_person", EDIT_POST, kwargs=pk, method="post", data={"name": "张三"}),
        Case(
            "events:staff_checkin",
            EDIT_POST,
            kwargs={"pk": event.pk, "registration_pk": registration.pk},
            method="post",
        ),
        Case("events:registration_cancel", EDIT_POST, kwargs={"pk": to_cancel.pk}, method="post"),
        Case("events:checkin", VISIBLE_PAGE, kwargs={"pk": event.pk, "token": event.checkin_token}),
        Case("events:qr", STAFF_ONLY_RECORD, kwargs=pk),
        Case("events:poster", STAFF_ONLY_RECORD, kwargs=pk),
        Case("events:signin_sheet", STAFF_ONLY_RECORD, kwargs=pk),
        Case("events:attendance_export", STAFF_ONLY_RECORD, kwargs=pk),
        Case("events:photo_add", EDIT_POST, kwargs=pk, method="post"),
        Case("events:attachment_add", EDIT_POST, kwargs=pk, method="post"),
        Case("event-list", any_user_api(), api=True),
        Case("event-detail", VISIBLE_API, kwargs=pk, api=True),
        Case("event-registrations", VISIBLE_API, kwargs=pk, api=True),
        Case(
            "event-check-in",
            expect(400, anonymous=401, staff_b=404),
            kwargs=pk,
            method="post",
            api=True,
        ),
        Case(
            "event-cancel-registration",
            expect(404, anonymous=401, staff_a=200, admin=400),
            kwargs=pk,
            method="post",
            api=True,
            data=lambda w: {"registration": api_to_cancel.pk},
        ),
        Case(
            "event-cancel",
            expect(403, anonymous=401, staff_a=200, staff_b=404, admin=200),
            kwargs={"pk": other.pk},
            method="post",
            api=True,
        ),
    ]
