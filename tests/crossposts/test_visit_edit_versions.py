"""The phone's visit edit form follows the one conflict rule of versioned edits (core.forms):
no version is refused, a stale one shows the page again with the other save's values."""

from django.urls import reverse

from core.forms import VERSION_REQUIRED
from crossposts.models import Visit
from needs.models import Need
from tests.crossposts.test_mobile import visit_data


def _logged_visit(client, org1, checklist):
    client.post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), visit_data(checklist))
    visit = Visit.objects.get()
    url = reverse("mobile:visit_edit", kwargs={"pk": visit.pk})
    return visit, url, visit_data(checklist, idempotency_key=str(visit.idempotency_key))


def test_an_edit_without_a_version_is_refused_and_nothing_is_stored(world, client_for, org1, checklist):
    client = client_for("cadre1")
    visit, url, data = _logged_visit(client, org1, checklist)
    needs = Need.objects.count()
    response = client.post(
        url, data | {"notes": "没有版本号", "needs-1-category": "venue", "needs-1-title": "新需求"}
    )
    assert response.status_code == 400
    assert str(VERSION_REQUIRED) in response.content.decode()
    visit.refresh_from_db()
    assert visit.notes == "与负责人面谈，了解招聘需求" and visit.version == 1
    assert Need.objects.count() == needs


def test_a_stale_edit_shows_the_other_save_and_stores_nothing(world, client_for, org1, checklist):
    client = client_for("cadre1")
    visit, url, data = _logged_visit(client, org1, checklist)
    # Another screen saves first (version 1 → 2).
    assert client.post(url, data | {"version": "1", "notes": "另一台手机的记录"}).status_code == 302
    needs = Need.objects.count()
    stale = client.post(
        url,
        data
        | {"version": "1", "notes": "我的旧记录", "needs-1-category": "venue", "needs-1-title": "新需求"},
    )
    assert stale.status_code == 409
    form = stale.context["form"]
    assert any(value == "另一台手机的记录" for _label, value in form.conflict_changes)
    assert form["version"].value() == 2  # saving again is a choice made over the newer version
    assert "我的旧记录" in stale.content.decode()  # the cadre's own edits are still in the form
    visit.refresh_from_db()
    assert visit.notes == "另一台手机的记录" and visit.version == 2
    assert Need.objects.count() == needs
