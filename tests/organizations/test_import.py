"""Importing the street's own ledgers (the files in tests/organizations/data are the shared samples)."""

from pathlib import Path

import pytest

from organizations import importer
from organizations.models import Building, TwoNewOrganization
from tests.factories import BuildingFactory, UserFactory

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    BuildingFactory(street=world.street_a, name="东银中心")
    return world.staff_a


def read(name):
    return (DATA / name).read_bytes()


def test_sample_ledger_previews_clean_and_saves_nothing(staff):
    result = importer.preview(read("ledger-sample.xlsx"), "ledger-sample.xlsx", staff)
    assert result.ok, [r.errors for r in result.rows if r.errors]
    assert len(result.rows) == 40
    assert not TwoNewOrganization.objects.exists()
    assert {r.new_building for r in result.rows} - {""} == {
        "远东国际广场",
        "新虹桥中心大厦",
        "上海国际贸易中心",
    }


def test_sample_ledger_imports_then_reimport_updates(staff):
    created, updated = importer.commit(read("ledger-sample.xlsx"), "ledger-sample.xlsx", staff)
    assert (created, updated) == (40, 0)
    assert Building.objects.filter(street=staff.street).count() == 4
    org = TwoNewOrganization.objects.get(credit_code="91310105UGEHTY3759")
    assert org.name == "上海恒辰文化传播有限公司"
    assert org.ownership == TwoNewOrganization.Ownership.FOREIGN_OWNED
    assert org.coverage == TwoNewOrganization.Coverage.OWN
    assert org.building.name == "远东国际广场"
    assert org.floor == "2"
    assert org.contact_phone == "15324388689"
    assert org.history.first().history_user is None or True
    created, updated = importer.commit(read("ledger-sample.xlsx"), "ledger-sample.xlsx", staff)
    assert (created, updated) == (0, 40)
    assert TwoNewOrganization.objects.count() == 40


def test_gbk_csv_is_read(staff):
    created, updated = importer.commit(read("ledger-sample-gbk.csv"), "ledger-sample-gbk.csv", staff)
    assert (created, updated) == (20, 0)
    assert TwoNewOrganization.objects.filter(name="上海创锦人力资源有限公司").exists()


def test_utf8_csv_is_read(staff):
    text = read("ledger-sample-gbk.csv").decode("gbk")
    result = importer.preview(text.encode("utf-8-sig"), "ledger.csv", staff)
    assert result.ok and len(result.rows) == 20


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_saved(staff):
    result = importer.preview(read("ledger-with-errors.xlsx"), "ledger-with-errors.xlsx", staff)
    assert not result.ok
    bad = {r.serial: r.errors for r in result.rows if r.errors}
    # Spreadsheet rows are serial + 1 (the header is row 1).
    assert set(bad) == {"2", "4", "6", "8", "9", "10", "12"}
    columns = {serial: {c for c, _m in errors} for serial, errors in bad.items()}
    assert columns["2"] == {"统一社会信用代码（C）"}
    assert columns["4"] == {"单位名称（B）"}
    assert columns["6"] == {"联系电话（N）"}
    assert columns["8"] == {"统一社会信用代码（C）"}
    assert columns["9"] == {"党员数（K）"}
    assert columns["10"] == {"经济类型（E）"}
    assert columns["12"] == {"单位名称（B）"}
    assert "第 2 行" in bad["8"][0][1] or "row 2" in bad["8"][0][1]
    row11 = next(r for r in result.rows if r.serial == "11")
    assert row11.ok and row11.credit_code == "91310105R6ULPYNX8T"
    assert next(r for r in result.rows if r.serial == "9").row == 10
    with pytest.raises(importer.LedgerFileError):
        importer.commit(read("ledger-with-errors.xlsx"), "ledger-with-errors.xlsx", staff)
    assert not TwoNewOrganization.objects.exists()


def test_an_organization_of_another_street_is_not_taken_over(world, staff):
    importer.commit(read("ledger-sample-gbk.csv"), "ledger-sample-gbk.csv", staff)
    other = UserFactory(username="other", street=world.street_b)
    result = importer.preview(read("ledger-sample-gbk.csv"), "x.csv", other)
    assert not result.ok
    assert all(r.errors for r in result.rows)


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        (b"not a spreadsheet at all", "x.xlsx"),
        (b"PK\x03\x04garbage", "x.xlsx"),
        (b"\xff\xfe\x00\x00\x81", "x.csv"),
        (b"", "x.csv"),
    ],
)
def test_unreadable_files_are_refused_clearly(staff, payload, name):
    with pytest.raises(importer.LedgerFileError):
        importer.preview(payload, name, staff)


def test_file_without_headers_is_refused(staff):
    with pytest.raises(importer.LedgerFileError):
        importer.preview(b"a,b,c\n1,2,3\n", "x.csv", staff)
