"""Street staff at a desktop: log in, add organizations, import a ledger, filter, switch language."""

import re
from pathlib import Path

from organizations.models import TwoNewOrganization

DATA = Path(__file__).resolve().parents[1] / "organizations" / "data"


def test_staff_keeps_the_ledger(desktop, e2e_world):
    page = desktop.page
    desktop.login("staff")
    desktop.shot("home")
    assert page.locator("h1").first.inner_text()

    # An invalid credit code is refused with a clear error.
    desktop.goto("/organizations/new/")
    page.fill("#id_name", "上海浏览器测试咨询有限公司")
    page.fill("#id_credit_code", "91310105N92L43K430")
    page.click("main form.stack button[type=submit]")
    error = page.locator("#id_credit_code_error").inner_text()
    assert "校验" in error
    desktop.shot("invalid-code")

    # With a valid code it is added.
    page.fill("#id_credit_code", "91310105N92L43K43K")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/organizations/\d+/$"))
    assert "上海浏览器测试咨询有限公司" in page.locator("h1").inner_text()
    desktop.shot("added")

    # Import a small Excel ledger: check, then confirm.
    desktop.goto("/organizations/import/")
    page.set_input_files("#id_file", str(DATA / "ledger-sample.xlsx"))
    page.click("form.card button[type=submit]")
    desktop.shot("import-preview")
    page.click("text=立即导入")
    page.wait_for_url("**/organizations/")
    assert TwoNewOrganization.objects.filter(credit_code="91310105UGEHTY3759").exists()
    desktop.shot("imported")

    # Find an organization by filter.
    page.fill("#id_q", "恒辰文化")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "上海恒辰文化传播有限公司" in rows.first.inner_text()
    desktop.shot("filtered")

    # Switch the language to English and back.
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert "Two-new organization ledger" in page.locator("h1").inner_text()
    desktop.shot("english")
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    assert "两新组织" in page.locator("h1").inner_text()


def test_a_cadre_cannot_reach_a_staff_page(desktop, e2e_world):
    desktop.login("cadre1")
    response = desktop.goto("/organizations/new/")
    assert response.status == 403
    desktop.shot("cadre-forbidden")


def test_staff_assign_a_cadre_change_the_cadence_and_end_it(desktop, e2e_world):
    from crossposts.models import Assignment

    org = (
        TwoNewOrganization.objects.filter(street__name="虹桥街道", status="active", archived_at__isnull=True)
        .exclude(assignments__active=True)
        .order_by("pk")
        .first()
    )
    page = desktop.page
    desktop.login("staff")
    desktop.goto(f"/organizations/{org.pk}/")
    page.click("text=分配干部")
    page.wait_for_url(f"**/crossposts/assignments/new/{org.pk}/")
    page.select_option("#id_cadre", index=1)
    page.fill("#id_cadence_days", "400")
    page.click("main form.stack button[type=submit]")
    assert "365" in page.locator("#id_cadence_days_error").inner_text()
    desktop.shot("assign-bad-cadence")
    page.fill("#id_cadence_days", "14")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/crossposts/assignments/\?organization=\d+$"))
    assert "每 14 天走访一次" in page.locator(".messages, [role=status], main").first.inner_text()
    desktop.shot("assigned")

    page.click("text=修改走访周期")
    page.fill("#id_cadence_days", "30")
    page.click("main form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/crossposts/assignments/\?organization=\d+$"))
    assert Assignment.objects.get(organization=org, active=True).cadence_days == 30

    page.click("main table button:has-text('结束')")
    page.wait_for_url(re.compile(r"/crossposts/assignments/\?organization=\d+$"))
    assert desktop.dialogs and "结束" in desktop.dialogs[-1]
    assert not Assignment.objects.filter(organization=org, active=True).exists()
    desktop.shot("ended")
