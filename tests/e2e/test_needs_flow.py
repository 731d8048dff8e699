"""A need raised on a phone visit, handled by street staff at a desk: accepted, matched to a
resource, resolved; the dashboard's "needs handled" figure goes up by exactly one."""

from needs.models import Match, Need
from tests.e2e.flows import log_visit_with_need

HANDLED_CARD = "main a.card[href*='/dashboard/drill/needs_handled/'] .stat"


def _handled(session) -> int:
    session.goto("/dashboard/")
    return int(session.page.locator(HANDLED_CARD).inner_text().replace(",", "").strip())


def _move(session, to):
    page = session.page
    page.select_option("#id_to", to)
    with page.expect_navigation():
        page.click("main form[action$='/transition/'] button[type=submit]")


def test_staff_handle_a_need_raised_on_a_visit(desktop, open_session, e2e_world, tmp_path):
    # A cadre raises the need on a visit, from the phone.
    phone = open_session("cadre1", phone=True)
    title = "楼宇白领联谊活动场地需求"
    _org, visit = log_visit_with_need(
        phone, tmp_path, {"category": "venue", "title": title, "description": "约50人"}
    )
    need = Need.objects.get(visit=visit, title=title)
    phone.shot("need-raised")

    page = desktop.page
    desktop.login("staff")
    before = _handled(desktop)
    desktop.shot("dashboard-before")

    # The need is in the staff's list and opens on its page.
    desktop.goto("/needs/")
    page.fill("#id_q", title)
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    rows = page.locator("main table tbody tr", has_text=title)
    assert rows.count() == 1
    desktop.shot("needs-list-filtered")
    rows.first.locator("a[href*='/needs/']").first.click()
    page.wait_for_url(f"**/needs/{need.pk}/")
    assert title in page.locator("h1").inner_text()
    desktop.shot("need-submitted")

    # Accept it.
    _move(desktop, Need.Status.ACCEPTED)
    need.refresh_from_db()
    assert need.status == Need.Status.ACCEPTED
    desktop.shot("need-accepted")

    # Match it to a suggested resource.
    link = page.locator("main form[action$='/match/']").first
    resource_name = link.locator("strong").inner_text()
    with page.expect_navigation():
        link.locator("button[type=submit]").click()
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    assert Match.objects.filter(need=need, resource__name=resource_name).count() == 1
    assert resource_name in page.locator("main").inner_text()
    desktop.shot("need-matched")

    # Work on it, then resolve it.
    _move(desktop, Need.Status.IN_PROGRESS)
    _move(desktop, Need.Status.RESOLVED)
    need.refresh_from_db()
    assert need.status == Need.Status.RESOLVED and need.resolved_at is not None
    desktop.shot("need-resolved")

    # The dashboard counts it: exactly one more need handled, and the drill-down lists it.
    assert _handled(desktop) == before + 1
    desktop.shot("dashboard-after")
    page.click(HANDLED_CARD)
    page.wait_for_url("**/dashboard/drill/needs_handled/**")
    assert page.locator("main .drill-list li", has_text=title).count() == 1
    desktop.shot("drill-needs-handled")
