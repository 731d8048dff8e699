import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import TwoNewOrganization
from tests.factories import BuildingFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

VALID_FORM = {
    "name": "上海新桥咨询有限公司",
    "credit_code": "91310105n92l43k43k",
    "kind": "economic",
    "ownership": "foreign_owned",
    "industry": "咨询",
    "floor": "12",
    "unit": "1203",
    "headcount": "40",
    "party_members": "3",
    "coverage": "mass",
    "contact_name": "王伟",
    "contact_phone": "021 6234 5678",
    "cooperation": "good",
    "status": "active",
    "registered_on": "2026-01-05",
}


def test_staff_adds_an_organization(client_for, world):
    response = client_for("staff_a").post(reverse("organizations:create"), VALID_FORM)
    org = TwoNewOrganization.objects.get()
    assert response.status_code == 302
    assert org.credit_code == "91310105N92L43K43K"
    assert org.contact_phone == "021-62345678"
    assert org.street == world.street_a
    assert org.history.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_code", "91310105N92L43K430", "校验码"),
        ("credit_code", "123", "18"),
        ("contact_phone", "12345", "手机"),
        ("headcount", "-1", "0"),
        ("party_members", "99", "党员"),
        ("name", "=HYPERLINK(1)", "公式"),
        ("name", "x" * 101, "100"),
        ("registered_on", "2026-13-40", "日期"),
    ],
)
def test_bad_input_gets_a_translated_error_and_nothing_is_stored(client_for, field, value, message):
    existing = OrganizationFactory()
    response = client_for("staff_a").post(reverse("organizations:create"), {**VALID_FORM, field: value})
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors, errors
    assert list(TwoNewOrganization.objects.all()) == [existing]


def test_html_is_escaped_on_every_page(client_for, world):
    org = OrganizationFactory(street=world.street_a, name="<script>alert(1)</script>", notes="<b>x</b>")
    client = client_for("staff_a")
    for url in (reverse("organizations:list"), reverse("organizations:detail", args=[org.pk])):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;" in body


def test_list_filters_and_search(client_for, world):
    building = BuildingFactory(street=world.street_a, name="东银中心")
    hit = OrganizationFactory(
        street=world.street_a, building=building, ownership="foreign_owned", name="上海德勤咨询"
    )
    OrganizationFactory(street=world.street_a, ownership="domestic_private")
    client = client_for("staff_a")
    r = client.get(reverse("organizations:list"), {"ownership": "foreign_owned", "building": building.pk})
    assert list(r.context["organizations"]) == [hit]
    r = client.get(reverse("organizations:list"), {"q": "德勤"})
    assert list(r.context["organizations"]) == [hit]
    r = client.get(reverse("organizations:list"), {"q": hit.credit_code.lower()})
    assert list(r.context["organizations"]) == [hit]


def test_staff_never_see_another_streets_organizations(client_for, world):
    OrganizationFactory(street=world.street_a, name="虹桥的单位")
    body = client_for("staff_b").get(reverse("organizations:list")).content.decode()
    assert "虹桥的单位" not in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url_name", ["organizations:list", "organizations:export"])
def test_list_query_count_does_not_grow_with_rows(client_for, world, url_name):
    client = client_for("staff_a")
    building = BuildingFactory(street=world.street_a)
    OrganizationFactory.create_batch(2, street=world.street_a, building=building)
    small = _count_queries(client, reverse(url_name))
    OrganizationFactory.create_batch(
        20, street=world.street_a, building=BuildingFactory(street=world.street_a)
    )
    assert _count_queries(client, reverse(url_name)) == small


def test_export_has_chinese_headers_masks_for_district_and_neutralises_formulas(client_for, world):
    OrganizationFactory(street=world.street_a, notes="=1+2", contact_phone="13812345678")
    response = client_for("district").get(reverse("organizations:export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("单位名称", "统一社会信用代码")
    assert rows[1][rows[0].index("联系电话")] == "138****5678"
    assert rows[1][rows[0].index("备注")] == "'=1+2"


def test_staff_see_whole_phone(client_for, world):
    org = OrganizationFactory(street=world.street_a, contact_phone="13812345678")
    body = client_for("staff_a").get(reverse("organizations:detail", args=[org.pk])).content.decode()
    assert "13812345678" in body
    body = client_for("district").get(reverse("organizations:detail", args=[org.pk])).content.decode()
    assert "138****5678" in body and "13812345678" not in body


def test_two_editors_the_second_is_told_what_changed(client_for, world):
    org = OrganizationFactory(street=world.street_a, name="原名")
    url = reverse("organizations:update", args=[org.pk])
    first = client_for("staff_a")
    form = first.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(version=org.version, registered_on=org.registered_on.isoformat(), street=world.street_a.pk)
    assert first.post(url, {**data, "name": "甲改的名"}).status_code == 302
    second = first.post(url, {**data, "name": "乙改的名", "industry": "贸易"})
    assert second.status_code == 200
    assert "甲改的名" in second.content.decode()
    org.refresh_from_db()
    assert org.name == "甲改的名"
    assert org.industry != "贸易"


def test_archive_then_restore(client_for, world):
    org = OrganizationFactory(street=world.street_a)
    client = client_for("staff_a")
    client.post(reverse("organizations:archive", args=[org.pk]))
    org.refresh_from_db()
    assert org.is_archived
    assert org not in client.get(reverse("organizations:list")).context["organizations"]
    client.post(reverse("organizations:archive", args=[org.pk]), {"restore": "1"})
    org.refresh_from_db()
    assert not org.is_archived


def test_import_page_preview_then_confirm(client_for, world):
    from pathlib import Path

    data = (Path(__file__).parent / "data" / "ledger-sample-gbk.csv").read_bytes()
    client = client_for("staff_a")
    upload = io.BytesIO(data)
    upload.name = "ledger.csv"
    response = client.post(reverse("organizations:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["preview"].ok
    assert not TwoNewOrganization.objects.exists()
    token = response.context["token"]
    response = client.post(reverse("organizations:import_confirm", args=[token]))
    assert response.status_code == 302
    assert TwoNewOrganization.objects.count() == 20
    # The token works once.
    assert client.post(reverse("organizations:import_confirm", args=[token])).status_code == 404


def test_import_page_lists_errors(client_for, world):
    from pathlib import Path

    client = client_for("staff_a")
    upload = io.BytesIO((Path(__file__).parent / "data" / "ledger-with-errors.xlsx").read_bytes())
    upload.name = "bad.xlsx"
    response = client.post(reverse("organizations:import"), {"file": upload})
    body = response.content.decode()
    assert "统一社会信用代码（C）" in body
    assert not response.context["token"]
    assert not TwoNewOrganization.objects.exists()


def test_import_refuses_other_file_types(client_for):
    upload = io.BytesIO(b"MZ\x90\x00")
    upload.name = "virus.exe"
    response = client_for("staff_a").post(reverse("organizations:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
