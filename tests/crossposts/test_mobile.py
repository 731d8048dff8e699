"""The cadre's phone: what is due, the visit form, bad photos, resends, the 24-hour rule."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crossposts.models import Assignment, Visit, VisitPhoto
from tests.crossposts import factories as f

pytestmark = pytest.mark.django_db


def visit_data(checklist=None, **overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": "on_site",
        "notes": "与负责人面谈，了解招聘需求",
        "needs-TOTAL_FORMS": "2",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "10",
        "needs-0-category": "recruitment",
        "needs-0-title": "招聘会场地",
        "needs-0-description": "需要一次招聘会",
        "needs-1-category": "",
        "needs-1-title": "",
        "needs-1-description": "",
    }
    if checklist is not None:
        data["checklist_template"] = str(checklist.pk)
        data["checklist"] = [str(i.pk) for i in checklist.items.all()[:3]]
    data.update(overrides)
    return data


def test_home_lists_overdue_today_and_upcoming_nearest_first(world, client_for, org1, building):
    today = timezone.localdate()
    a1 = Assignment.objects.get(organization=org1)
    Assignment.objects.filter(pk=a1.pk).update(last_visited_on=today - timedelta(days=40))  # 10 days overdue
    soon = f.AssignmentFactory(cadre=world.cadre1, organization__street=world.street_a)
    Assignment.objects.filter(pk=soon.pk).update(last_visited_on=today - timedelta(days=25))
    f.AssignmentFactory(cadre=world.cadre2, organization__name="别人的公司")
    response = client_for("cadre1").get(reverse("mobile:home"))
    assert response.status_code == 200
    due = response.context["due"]
    assert [a.pk for a in due.overdue] == [a1.pk]
    assert [a.pk for a in due.upcoming] == [soon.pk]
    html = response.content.decode()
    assert reverse("mobile:visit_new", kwargs={"org": org1.pk}) in html
    assert "别人的公司" not in html


def test_visit_form_is_light_and_quick(world, client_for, org1, checklist, settings):
    client = client_for("cadre1")
    url = reverse("mobile:visit_new", kwargs={"org": org1.pk})
    client.get(url)  # warm caches (ContentType etc.)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    # session, user, organization, checklist version, its items, unread badge (+ savepoints).
    assert len(ctx.captured_queries) <= 10, [q["sql"] for q in ctx.captured_queries]
    html = response.content
    total = len(html)
    for path in ("css/portal.css", "js/portal.js", "crossposts/crossposts.css", "crossposts/offline.js"):
        with open(finders.find(path), "rb") as fh:
            total += len(fh.read())
    assert total < 60 * 1024, total
    text = html.decode()
    assert 'capture="environment"' in text and "offline.js" in text
    assert "<script>" not in text and 'style="' not in text
    assert 'name="idempotency_key"' in text


def test_logging_a_visit_saves_everything_and_updates_last_visit(world, client_for, org1, checklist):
    data = visit_data(checklist, latitude="31.196100", longitude="121.400100")
    data["photos"] = [f.jpeg_upload("a.jpg"), f.jpeg_upload("b.png", fmt="PNG")]
    response = client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert response["Location"] == visit.get_absolute_url()
    assert visit.cadre == world.cadre1 and visit.checklist_template == checklist
    done = [a for a in visit.checklist_answers if a["done"]]
    assert len(visit.checklist_answers) == 6 and len(done) == 3
    assert visit.raised_needs == [
        {"category": "recruitment", "title": "招聘会场地", "description": "需要一次招聘会"}
    ]
    assert visit.photos.count() == 2
    assert visit.distance_m is not None and visit.distance_m < 50 and not visit.far_from_building
    assert Assignment.objects.get(organization=org1).last_visited_on == timezone.localdate()


def test_visit_far_from_the_building_is_flagged_not_refused(world, client_for, org1, checklist):
    data = visit_data(checklist, latitude="31.230000", longitude="121.470000")  # People's Square
    client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), data)
    visit = Visit.objects.get()
    assert visit.far_from_building and visit.distance_m > 300


def test_resending_the_same_key_never_makes_a_second_visit(world, client_for, org1, checklist):
    client = client_for("cadre1")
    url = reverse("mobile:visit_new", kwargs={"org": org1.pk})
    data = visit_data(checklist)
    first = client.post(url, data, HTTP_X_REQUESTED_WITH="fetch")
    assert first.status_code == 201 and first.json()["created"] is True
    again = client.post(url, data, HTTP_X_REQUESTED_WITH="fetch")
    assert again.status_code == 200
    assert again.json() == first.json() | {"created": False}
    assert Visit.objects.count() == 1
    plain = client.post(url, data)
    assert plain.status_code == 302 and Visit.objects.count() == 1


def test_offline_client_gets_json_errors(world, client_for, org1, checklist):
    data = visit_data(checklist, method="teleport")
    response = client_for("cadre1").post(
        reverse("mobile:visit_new", kwargs={"org": org1.pk}), data, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 400
    assert "method" in response.json()["errors"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "bad, message",
    [
        (f.not_an_image, "不是图片"),
        (f.truncated_jpeg, "损坏"),
        (f.bomb_png, "像素"),
        (f.oversized, "15 MB"),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_typed_is_lost(world, client_for, org1, checklist, bad, message):
    data = visit_data(checklist)
    data["photos"] = [f.jpeg_upload(), bad()]
    response = client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), data)
    assert response.status_code == 400
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    form = response.context["form"]
    assert form.errors["photos"]
    text = response.content.decode()
    assert data["notes"] in text and "招聘会场地" in text and data["idempotency_key"] in text
    assert all(f'value="{pk}" checked' in text or f'value="{pk}"' in text for pk in data["checklist"])


def test_more_than_six_photos_are_refused(world, client_for, org1, checklist):
    data = visit_data(checklist)
    data["photos"] = [f.jpeg_upload(f"p{i}.jpg", size=(50, 50)) for i in range(7)]
    response = client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), data)
    assert response.status_code == 400 and not Visit.objects.exists()


def test_visit_in_the_future_or_before_registration_is_refused(world, client_for, org1, checklist):
    url = reverse("mobile:visit_new", kwargs={"org": org1.pk})
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for("cadre1").post(url, visit_data(checklist, visited_at=tomorrow))
    assert response.status_code == 400
    assert "未来" in response.content.decode()
    old = (timezone.localtime() - timedelta(days=500)).strftime("%Y-%m-%dT%H:%M")
    response = client_for("cadre1").post(url, visit_data(checklist, visited_at=old))
    assert response.status_code == 400
    assert not Visit.objects.exists()
    assert Assignment.objects.get(organization=org1).last_visited_on is None


def test_a_cadre_cannot_log_or_see_visits_for_someone_elses_organization(
    world, client_for, org1, org2, checklist
):
    client = client_for("cadre1")
    assert client.get(reverse("mobile:visit_new", kwargs={"org": org2.pk})).status_code == 404
    assert (
        client.post(reverse("mobile:visit_new", kwargs={"org": org2.pk}), visit_data(checklist)).status_code
        == 404
    )
    other = f.VisitFactory(cadre=world.cadre2, organization=org2)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("mobile:visit_edit", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.post(reverse("crossposts:visit_addendum", kwargs={"pk": other.pk}), {"text": "x"}).status_code
        == 404
    )
    listing = client.get(reverse("mobile:visits"))
    assert list(listing.context["visits"]) == []


def test_edit_within_24_hours_then_only_addenda(world, client_for, org1, checklist):
    client = client_for("cadre1")
    client.post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), visit_data(checklist))
    visit = Visit.objects.get()
    edit_url = reverse("mobile:visit_edit", kwargs={"pk": visit.pk})
    page = client.get(edit_url)
    assert page.status_code == 200
    data = visit_data(
        checklist, idempotency_key=str(visit.idempotency_key), version="1", notes="补充了更多信息"
    )
    assert client.post(edit_url, data).status_code == 302
    visit.refresh_from_db()
    assert visit.notes == "补充了更多信息" and visit.version == 2
    assert visit.history.count() == 2
    # A stale form (version 1) is refused with a conflict, and nothing changes.
    stale = client.post(edit_url, data | {"notes": "旧版本"})
    assert stale.status_code == 409
    visit.refresh_from_db()
    assert visit.notes == "补充了更多信息"
    # After 24 hours the visit is locked: the edit page sends the cadre to the addendum form.
    Visit.objects.filter(pk=visit.pk).update(created=timezone.now() - timedelta(hours=25))
    locked = client.post(edit_url, data | {"version": "2", "notes": "太晚了"})
    assert locked.status_code == 302 and locked["Location"] == visit.get_absolute_url()
    visit.refresh_from_db()
    assert visit.notes == "补充了更多信息"
    detail = client.get(visit.get_absolute_url())
    assert detail.context["can_edit"] is False and detail.context["can_add"] is True
    response = client.post(
        reverse("crossposts:visit_addendum", kwargs={"pk": visit.pk}), {"text": "后续：已对接场地"}
    )
    assert response.status_code == 302
    assert visit.addenda.get().text == "后续：已对接场地"
    empty = client.post(reverse("crossposts:visit_addendum", kwargs={"pk": visit.pk}), {"text": "  "})
    assert empty.status_code == 400 and visit.addenda.count() == 1
    detail = client.get(visit.get_absolute_url())
    assert [row[2] for row in detail.context["history"]] == ["addendum", "changed", "created"]
    assert "后续：已对接场地" in detail.content.decode()


def test_checklist_answers_keep_their_meaning_after_the_template_changes(world, client_for, org1, checklist):
    client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), visit_data(checklist))
    visit = Visit.objects.get()
    item = checklist.items.first()
    item.text = "改过的条目"
    item.save()
    visit.refresh_from_db()
    assert "改过的条目" not in [a["text"] for a in visit.checklist_answers]
    assert visit.checklist_template.version == 1
