"""Staff and cadre pages: lists (filters, scope, query counts), raising, editing with conflicts, actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crossposts.models import Assignment
from needs.models import Need, NeedEvent, Project, Resource
from needs.workflow import transition
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory, ProjectFactory, ResourceFactory


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_staff_list_scope_and_filters(world, nw, client_for):
    body = client_for("staff_a").get("/needs/").content.decode()
    assert nw.need_a.title in body and nw.need_b.title not in body
    body = client_for("staff_b").get("/needs/").content.decode()
    assert nw.need_b.title in body and nw.need_a.title not in body
    medical = NeedFactory(organization=nw.org_a, category="medical", title="体检需求")
    page = client_for("staff_a").get("/needs/?category=medical")
    assert list(page.context["needs"]) == [medical]
    Need.objects.filter(pk=medical.pk).update(
        due_at=timezone.now() - timedelta(hours=1), at_risk_at=timezone.now() - timedelta(hours=2)
    )
    page = client_for("staff_a").get("/needs/?sla=breached")
    assert list(page.context["needs"]) == [medical]
    page = client_for("staff_a").get(f"/needs/?status=submitted&building={nw.org_a.building_id or ''}")
    assert page.status_code == 200


def test_cadre_sees_own_needs_on_the_phone_page(world, nw, client_for):
    other = NeedFactory(organization=nw.org_a, title="别人的需求")
    page = client_for("cadre1").get("/needs/")
    assert page.templates[0].name == "needs/mobile_list.html"
    assert list(page.context["needs"]) == [nw.need_a]
    Need.objects.filter(pk=other.pk).update(assignee=world.cadre1)
    assert set(client_for("cadre1").get("/needs/").context["needs"]) == {nw.need_a, other}
    assert list(client_for("cadre2").get("/needs/").context["needs"]) == []


@pytest.mark.parametrize("role", ["staff_a", "cadre1"])
def test_list_query_count_is_constant(world, nw, client_for, role):
    client = client_for(role)
    client.get("/needs/")  # the filter selects' choice lists are cached: compare warm pages
    small = _count(client, "/needs/")
    for i in range(10):
        building_org = OrganizationFactory(street=world.street_a)
        NeedFactory(
            organization=building_org, raised_by=world.cadre1, assignee=world.staff_a, title=f"批量{i}"
        )
    client.get("/needs/")
    large = _count(client, "/needs/")
    assert small == large


def test_other_lists_query_count_is_constant(world, nw, client_for):
    client = client_for("staff_a")
    urls = ["/needs/resources/", "/needs/projects/", "/needs/figures/"]
    small = [_count(client, u) for u in urls]
    for _ in range(10):
        ResourceFactory(organization=OrganizationFactory(street=world.street_a))
        ProjectFactory(street=world.street_a, need=NeedFactory(organization=nw.org_a), lead=world.staff_a)
    assert [_count(client, u) for u in urls] == small


def test_detail_query_count_is_constant(world, nw, client_for):
    client = client_for("staff_a")
    url = f"/needs/{nw.need_a.pk}/"
    small = _count(client, url)
    for i in range(10):
        NeedEvent.objects.create(need=nw.need_a, kind="comment", note=f"c{i}", actor=world.staff_a)
        ResourceFactory(organization=nw.org_a, category=nw.need_a.category)
    assert _count(client, url) == small


def test_cadre_raises_a_need_for_an_assigned_organization(world, nw, client_for):
    client = client_for("cadre1")
    response = client.post(
        "/needs/new/",
        {
            "organization": nw.org_a.pk,
            "source": "visit",
            "category": "training",
            "title": "员工培训",
            "urgency": "normal",
        },
    )
    need = Need.objects.get(title="员工培训")
    assert response.status_code == 302
    assert need.raised_by == world.cadre1 and need.street == world.street_a and need.status == "submitted"
    # an organization not assigned to the cadre is not offered
    response = client.post(
        "/needs/new/",
        {
            "organization": nw.org_b.pk,
            "source": "visit",
            "category": "training",
            "title": "越权",
            "urgency": "normal",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["organization"]
    assert not Need.objects.filter(title="越权").exists()


def test_create_bad_input(world, nw, client_for):
    client = client_for("staff_a")
    response = client.post(
        "/needs/new/", {"source": "phone", "category": "nope", "title": "", "urgency": "normal"}
    )
    form = response.context["form"]
    assert form.errors["category"] and form.errors["title"]
    response = client.post(
        "/needs/new/",
        {"source": "phone", "category": "venue", "title": "x", "urgency": "normal", "contact_phone": "123"},
    )
    form = response.context["form"]
    assert form.errors["contact_phone"] and form.non_field_errors()
    response = client.post(
        "/needs/new/",
        {
            "organization": nw.org_a.pk,
            "source": "phone",
            "category": "venue",
            "title": "x",
            "urgency": "normal",
            "assignee": world.staff_b.pk,
        },
    )
    assert response.context["form"].errors["assignee"]
    assert Need.objects.count() == 2


def _edit_data(need, **overrides):
    data = {
        "organization": need.organization_id,
        "source": need.source,
        "category": need.category,
        "title": need.title,
        "description": need.description,
        "urgency": need.urgency,
        "contact_name": need.contact_name,
        "contact_phone": need.contact_phone,
        "version": need.version,
    }
    return data | overrides


def test_concurrent_edit_is_refused_and_shows_what_changed(world, nw, client_for):
    need = nw.need_a
    first, second = client_for("staff_a"), client_for("admin")
    data_first = _edit_data(need, title="改为A")
    data_second = _edit_data(need, description="另一处修改", urgency="urgent")
    assert first.post(f"/needs/{need.pk}/edit/", data_first).status_code == 302
    response = second.post(f"/needs/{need.pk}/edit/", data_second)
    assert response.status_code == 200
    body = response.content.decode()
    assert "改为A" in body  # the other editor's value is shown
    need.refresh_from_db()
    assert need.title == "改为A" and need.description != "另一处修改" and need.urgency == "normal"
    assert need.events.filter(kind="edit").count() == 1


def test_edit_scope(world, nw, client_for):
    assert client_for("district").get(f"/needs/{nw.need_a.pk}/edit/").status_code == 403
    assert client_for("staff_b").get(f"/needs/{nw.need_a.pk}/edit/").status_code == 404
    assert client_for("cadre2").get(f"/needs/{nw.need_a.pk}/").status_code == 404


def test_match_moves_to_matched_and_suggests_by_category(world, nw, client_for):
    need = nw.need_a  # venue? the factory default is consulting
    right = ResourceFactory(organization=nw.org_a, category=need.category, name="咨询专家")
    ResourceFactory(organization=nw.org_b, category=need.category, name="别街道专家")
    page = client_for("staff_a").get(f"/needs/{need.pk}/")
    names = [r.name for r in page.context["suggestions"]]
    assert names[0] == "咨询专家" and "别街道专家" not in names
    client_for("staff_a").post(f"/needs/{need.pk}/match/", {"resource": right.pk, "version": need.version})
    need.refresh_from_db()
    assert need.status == "matched" and need.matches.get().resource == right
    assert list(need.events.values_list("kind", flat=True)) == ["created", "transition", "match"]
    # matching again is refused with a message and adds nothing
    response = client_for("staff_a").post(f"/needs/{need.pk}/match/", {"resource": right.pk}, follow=True)
    assert need.matches.count() == 1
    assert response.status_code == 200


def test_resource_of_another_street_cannot_be_matched(world, nw, client_for):
    client_for("staff_a").post(f"/needs/{nw.need_a.pk}/match/", {"resource": nw.resource_b.pk})
    assert not nw.need_a.matches.exists()


def test_make_project_keeps_the_link_once(world, client_for):
    org = OrganizationFactory(street=world.street_a)
    need = NeedFactory(organization=org, title="关爱独居老人")
    client = client_for("staff_a")
    client.post(f"/needs/{need.pk}/project/", {"kind": "warm_heart", "name": ""})
    project = Project.objects.get(need=need)
    assert project.name == "关爱独居老人" and project.street == world.street_a
    client.post(f"/needs/{need.pk}/project/", {"kind": "warm_heart", "name": "又一个"})
    assert Project.objects.filter(need=need).count() == 1
    client.post(f"/needs/projects/{project.pk}/", {"text": "第一次活动已完成"})
    assert project.notes.get().author == world.staff_a
    assert client.post(f"/needs/projects/{project.pk}/", {"text": ""}).status_code == 200
    assert project.notes.count() == 1


def test_comment_and_attachment(world, nw, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("cadre1")
    client.post(f"/needs/{nw.need_a.pk}/comment/", {"text": "已电话联系"})
    client.post(f"/needs/{nw.need_a.pk}/comment/", {"text": ""})
    assert nw.need_a.events.filter(kind="comment").count() == 1
    client.post(f"/needs/{nw.need_a.pk}/attach/", {"file": SimpleUploadedFile("需求.pdf", b"%PDF-1.4 test")})
    client.post(f"/needs/{nw.need_a.pk}/attach/", {"file": SimpleUploadedFile("run.exe", b"MZ")})
    assert list(nw.need_a.attachments.values_list("name", flat=True)) == ["需求.pdf"]


def test_resource_form_requires_one_provider(world, nw, client_for):
    client = client_for("staff_a")
    data = {"street": world.street_a.pk, "name": "法律咨询", "category": "consulting", "available": "on"}
    response = client.post("/needs/resources/new/", data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post("/needs/resources/new/", data | {"organization": nw.org_b.pk})
    assert response.context["form"].errors["organization"]
    response = client.post("/needs/resources/new/", data | {"organization": nw.org_a.pk})
    assert response.status_code == 302
    assert Resource.objects.get(name="法律咨询").organization == nw.org_a


def test_deadlines_page(world, client_for):
    client = client_for("staff_a")
    data = dict.fromkeys(Need.Category.values, 72)
    assert client.post("/needs/deadlines/", data | {"medical": 24}).status_code == 302
    from needs.models import ResponseDeadline

    assert ResponseDeadline.hours_for(world.street_a.pk, "medical") == 24
    response = client.post("/needs/deadlines/", data | {"medical": 0})
    assert response.status_code == 200 and response.context["form"].errors["medical"]
    assert ResponseDeadline.hours_for(world.street_a.pk, "medical") == 24
    assert client_for("district").post("/needs/deadlines/", data).status_code == 403


def test_export(world, nw, client_for):
    NeedFactory(organization=nw.org_a, title="=cmd|' /C calc'!A0")
    response = client_for("staff_a").get("/needs/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_organization_panel_lists_scoped_needs(world, nw, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = world.staff_a
    html = render_to_string("needs/_organization_panel.html", {"organization": nw.org_a, "request": request})
    assert nw.need_a.title in html
    request.user = world.cadre2
    html = render_to_string("needs/_organization_panel.html", {"organization": nw.org_a, "request": request})
    assert nw.need_a.title not in html
    request.user = world.staff_a
    for i in range(5):
        NeedFactory(organization=nw.org_a, title=f"面板{i}")
    with CaptureQueriesContext(connection) as ctx:
        render_to_string("needs/_organization_panel.html", {"organization": nw.org_a, "request": request})
    assert len(ctx) == 2


def test_figures_on_a_known_data_set(world, nw, client_for):
    Project.objects.all().delete()
    Need.objects.all().delete()
    org = nw.org_a
    start = timezone.now() - timedelta(days=20)
    hours = [10, 20, 30, 40, 100]
    for h in hours:
        need = NeedFactory(organization=org, category="venue")
        Need.objects.filter(pk=need.pk).update(
            created=start, status="resolved", resolved_at=start + timedelta(hours=h)
        )
    rated = Need.objects.filter(category="venue").order_by("pk")
    Need.objects.filter(pk=rated[0].pk).update(rating=5, rated_at=timezone.now())
    Need.objects.filter(pk=rated[1].pk).update(rating=2, rated_at=timezone.now())
    NeedFactory(organization=org, category="medical")
    rejected = NeedFactory(organization=org, category="medical")
    transition(rejected, "rejected", world.staff_a, "不属实")
    NeedFactory(organization=nw.org_b, category="medical")  # street B: not counted for staff A
    figures = client_for("staff_a").get("/needs/figures/").context["figures"]
    assert figures.raised == 7 and figures.handled == 5
    venue = next(r for r in figures.by_category if r.category == "venue")
    assert (venue.raised, venue.handled, venue.median_hours, venue.p90_hours) == (5, 5, 30.0, 100.0)
    medical = next(r for r in figures.by_category if r.category == "medical")
    assert (medical.raised, medical.handled, medical.median_hours) == (2, 0, None)
    statuses = {value: n for _label, value, n in figures.by_status}
    assert statuses["resolved"] == 5 and statuses["submitted"] == 1 and statuses["rejected"] == 1
    assert figures.rating_average == 3.5 and figures.rating_count == 2
    # a period that excludes everything
    empty = client_for("staff_a").get("/needs/figures/?start=2000-01-01&end=2000-12-31").context["figures"]
    assert empty.raised == 0 and empty.handled == 0


def test_raise_needs_from_visit_is_idempotent(world, nw):
    from needs.services import raise_needs_from_visit
    from tests.crossposts.factories import VisitFactory

    visit = VisitFactory(cadre=world.cadre1, organization=nw.org_a)
    items = [
        {"category": "venue", "title": "借用会议室", "description": "50人"},
        {"category": "recruitment", "title": "招聘渠道", "description": ""},
        {"category": "other", "title": "  ", "description": "skipped"},
    ]
    first = raise_needs_from_visit(visit, items, world.cadre1)
    second = raise_needs_from_visit(visit, items, world.cadre1)
    assert [n.pk for n in first] == [n.pk for n in second] and len(first) == 2
    assert Need.objects.filter(visit=visit).count() == 2
    need = first[0]
    assert (need.source, need.organization, need.street, need.raised_by, need.status) == (
        "visit",
        nw.org_a,
        world.street_a,
        world.cadre1,
        "submitted",
    )
    assert Assignment.objects.filter(cadre=world.cadre1).exists()


def test_assignee_cadre_edits_a_need_of_an_organization_not_assigned_to_them(world, nw, client_for):
    need = NeedFactory(organization=nw.org_a, assignee=world.cadre2)
    response = client_for("cadre2").post(f"/needs/{need.pk}/edit/", _edit_data(need, description="补充说明"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.description == "补充说明"


def test_date_fields_keep_their_value_in_the_edit_form(client_for, world):
    """A date picker shows only ISO dates: in Chinese the default format (2026/01/31) would blank it."""
    from datetime import date

    from django.urls import reverse

    from tests.factories import OrganizationFactory
    from tests.needs.factories import ResourceFactory

    resource = ResourceFactory(
        organization=OrganizationFactory(street=world.street_a), available_until=date(2027, 1, 31)
    )
    body = client_for("staff_a").get(reverse("needs:resource_edit", args=[resource.pk])).content.decode()
    assert 'value="2027-01-31"' in body
