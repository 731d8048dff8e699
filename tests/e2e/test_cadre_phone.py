"""A cross-post cadre on a phone: the due list, a visit with checklist, photo and need, then a visit
logged with no connection that is sent, once, when the connection is back."""

import re

from crossposts.models import Visit
from needs.models import Need
from tests.e2e.flows import ANY_DUE_LINK, DUE_LINKS, fill_visit, log_visit_with_need, organization_id


def test_cadre_logs_visits_on_a_phone_even_offline(phone, e2e_world, tmp_path):
    page = phone.page
    phone.login("cadre1")

    # /m/ lists what is due; at least one visit is overdue or due today.
    phone.goto("/m/")
    assert page.locator("h1").inner_text()
    assert page.locator(DUE_LINKS).count() >= 1, "no due visit on the cadre's phone"
    phone.shot("due-list")

    # Log the visit: checklist tapped, a photo, a need raised.
    need = {
        "category": "recruitment",
        "title": "招聘应届毕业生需要对接渠道",
        "description": "希望街道协助联系高校就业办",
    }
    org, visit = log_visit_with_need(phone, tmp_path, need)
    assert visit.cadre.username == "cadre1"
    assert visit.organization_id == org
    assert visit.photos.count() == 1
    assert sum(1 for a in visit.checklist_answers if a.get("done")) == 2
    raised = Need.objects.get(visit=visit)
    assert raised.title == need["title"] and raised.status == Need.Status.SUBMITTED
    assert raised.raised_by.username == "cadre1"
    assert page.locator("main img").count() >= 1  # the photo shows on the visit's page
    phone.shot("visit-saved")

    # A second visit, logged while offline: it waits on the phone, then is sent once.
    phone.goto("/m/")
    page.locator(ANY_DUE_LINK).first.tap()
    page.wait_for_url(re.compile(r"/m/visit/\d+/$"))
    org2 = organization_id(page.url)
    form_url = page.url
    visits = Visit.objects.filter(cadre__username="cadre1", organization_id=org2)
    before = visits.count()
    fill_visit(page, tick=1, notes="离线记录的走访")
    waiting_label = page.get_attribute("#visit-form", "data-waiting-label")
    phone.shot("offline-form")

    phone.context.set_offline(True)
    page.locator("#visit-form button[type=submit]").tap()
    outbox = page.locator("#outbox")
    outbox.wait_for(state="visible", timeout=10_000)
    assert waiting_label in outbox.inner_text()
    assert phone.dialogs, "the phone did not say the visit was kept"
    assert page.url == form_url
    assert visits.count() == before  # nothing reached the server
    phone.shot("waiting-to-send")

    phone.context.set_offline(False)
    outbox.wait_for(state="hidden", timeout=15_000)
    assert visits.count() == before + 1
    phone.shot("sent")

    # Opening the phone pages again resends nothing: still exactly one more visit.
    phone.goto("/m/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#outbox").is_hidden()
    assert visits.count() == before + 1
    sent = visits.order_by("-created").first()
    assert sent.notes == "离线记录的走访"
    phone.shot("home-after-sending")
