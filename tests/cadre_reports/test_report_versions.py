"""The cadre's report form follows the one conflict rule of versioned edits (core.forms): no
version is refused, a stale one shows the page again with the other save's text."""

from django.urls import reverse

from cadre_reports import services as reports
from cadre_reports.models import CadreReport
from core.forms import VERSION_REQUIRED
from tests.cadre_reports.test_cadre_reports import LAST, setup  # noqa: F401  (the fixture)


def test_a_report_saved_without_a_version_is_refused_and_nothing_is_stored(world, setup, client_for):  # noqa: F811
    post, *_ = setup
    client = client_for("cadre1")
    url = reverse("cadre_reports:form", args=[post.pk, LAST.key])
    response = client.post(url, {"narrative": "本季度走访楼宇企业三家，协调解决两项需求。", "submit": "1"})
    assert response.status_code == 200
    assert str(VERSION_REQUIRED) in response.content.decode()
    report = CadreReport.objects.get()
    assert report.status == CadreReport.Status.DRAFT and report.narrative == "" and report.version == 1


def test_a_stale_report_shows_the_other_save_and_stores_nothing(world, setup, client_for):  # noqa: F811
    post, *_ = setup
    client = client_for("cadre1")
    url = reverse("cadre_reports:form", args=[post.pk, LAST.key])
    report = reports.start_report(post, LAST)
    reports.save_draft(report, "在另一台设备上写的草稿", report.version)  # version 1 → 2
    stale = client.post(url, {"narrative": "我的旧稿：本季度走访楼宇企业。", "submit": "1", "version": 1})
    assert stale.status_code == 200
    form = stale.context["form"]
    assert "在另一台设备上写的草稿" in [value for _label, value in form.conflict_changes]
    assert form["version"].value() == 2
    assert "我的旧稿" in stale.content.decode()
    report.refresh_from_db()
    assert report.status == CadreReport.Status.DRAFT
    assert report.narrative == "在另一台设备上写的草稿" and report.version == 2
