"""Self-logged hours wait for the team leader; a leader sees only their team; phones are masked."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import Notification
from volunteers.models import ServiceRecord

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def self_log(client, volunteer, team, hours="2", day=YESTERDAY):
    return client.post(
        reverse("volunteers:self_log", args=[volunteer.self_log_token]),
        {"team": team.pk, "date": day.isoformat(), "hours": hours, "description": "陪老人聊天"},
    )


def test_a_volunteer_logs_hours_that_count_after_the_leader_approves(
    vw, client_for, django_capture_on_commit_callbacks
):
    anonymous = client_for("anonymous")
    page = anonymous.get(reverse("volunteers:self_log", args=[vw.own_member.self_log_token])).content.decode()
    assert "王芳" not in page and "13812345678" not in page  # nothing personal on the public page
    with django_capture_on_commit_callbacks(execute=True):
        assert self_log(anonymous, vw.own_member, vw.own_team).status_code == 302
    rec = ServiceRecord.objects.get(description="陪老人聊天")
    assert rec.status == ServiceRecord.Status.PENDING
    assert rec.source == ServiceRecord.Source.SELF
    # The leader is told once, and sees it to approve on their landing page.
    assert (
        Notification.objects.filter(
            recipient=vw.world.leader, key=f"volunteers.hours_pending.{rec.pk}"
        ).count()
        == 1
    )
    leader = client_for("leader")
    assert "陪老人聊天" in leader.get(reverse("volunteers:index")).content.decode()
    # Pending hours do not count yet.
    detail = reverse("volunteers:volunteer_detail", args=[vw.own_member.pk])
    assert leader.get(detail).context["year_hours"] == 0
    leader.post(reverse("volunteers:record_decide", args=[rec.pk]), {"decision": "approve"})
    rec.refresh_from_db()
    assert rec.status == ServiceRecord.Status.APPROVED and rec.approved_by == vw.world.leader
    if rec.date.year == datetime.date.today().year:
        assert leader.get(detail).context["year_hours"] == 2


def test_a_decided_record_cannot_be_decided_again(vw, client_for):
    leader = client_for("leader")
    url = reverse("volunteers:record_decide", args=[vw.own_pending.pk])
    leader.post(url, {"decision": "reject"})
    leader.post(url, {"decision": "approve"})
    vw.own_pending.refresh_from_db()
    assert vw.own_pending.status == ServiceRecord.Status.REJECTED


def test_a_leader_cannot_approve_another_teams_hours(vw, client_for):
    response = client_for("leader").post(
        reverse("volunteers:record_decide", args=[vw.other_pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    vw.other_pending.refresh_from_db()
    assert vw.other_pending.status == ServiceRecord.Status.PENDING


def test_self_logged_hours_past_the_daily_limit_are_refused(vw, client_for):
    client = client_for("anonymous")
    assert self_log(client, vw.own_member, vw.own_team, hours="20").status_code == 302
    response = self_log(client, vw.own_member, vw.own_team, hours="5")
    assert response.status_code == 200
    assert ServiceRecord.objects.filter(description="陪老人聊天").count() == 1


def test_a_volunteer_cannot_log_for_a_team_they_are_not_in(vw, client_for):
    response = self_log(client_for("anonymous"), vw.own_member, vw.other_team)
    assert response.status_code == 200
    assert not ServiceRecord.objects.filter(description="陪老人聊天").exists()


def test_the_leader_sees_nothing_of_other_teams(vw, client_for):
    leader = client_for("leader")
    home = leader.get(reverse("volunteers:index")).content.decode()
    assert "美化家园队" in home and "王芳" in home and "13812345678" in home
    assert "助老队" not in home and "李强" not in home
    records = leader.get(reverse("volunteers:record_list")).context["records"]
    assert {r.team_id for r in records} == {vw.own_team.pk}
    for name in ["team_list", "volunteer_list", "group_list", "pairing_list"]:
        assert leader.get(reverse(f"volunteers:{name}")).status_code == 403
    assert leader.get(reverse("volunteers:team_detail", args=[vw.other_team.pk])).status_code == 404
    assert leader.get(reverse("volunteers:volunteer_detail", args=[vw.other_member.pk])).status_code == 404
    export = leader.get(reverse("volunteers:record_export"))
    rows = read_xlsx(export)
    assert all(row[1] == "美化家园队" for row in rows[1:])


def test_staff_of_another_street_see_nothing_of_street_a(vw, client_for):
    staff_b = client_for("staff_b")
    page = staff_b.get(reverse("volunteers:volunteer_list")).content.decode()
    assert "王芳" not in page and "赵敏" in page
    assert staff_b.get(reverse("volunteers:team_detail", args=[vw.own_team.pk])).status_code == 404
    assert "美化家园队" not in staff_b.get(reverse("volunteers:index")).content.decode()


def read_xlsx(response):
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("role", "shown"),
    [("staff_a", "13812345678"), ("admin", "13812345678"), ("district", "138****5678")],
)
def test_phones_are_masked_in_lists_and_exports_for_roles_that_do_not_need_them(vw, client_for, role, shown):
    client = client_for(role)
    page = client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert shown in page
    if "*" in shown:
        assert "13812345678" not in page
    rows = read_xlsx(client.get(reverse("volunteers:volunteer_export")))
    phones = {row[1] for row in rows[1:]}
    assert shown in phones
    if "*" in shown:
        assert "13812345678" not in phones


def test_the_leader_sees_their_members_phones_on_the_roster(vw, client_for):
    page = client_for("leader").get(reverse("volunteers:team_detail", args=[vw.own_team.pk])).content.decode()
    assert "13812345678" in page


def test_district_sees_masked_phones_in_the_api(vw, api_for):
    data = api_for("district").get(reverse("volunteer-detail", args=[vw.own_member.pk])).json()
    assert data["phone"] == "138****5678"
    data = api_for("staff_a").get(reverse("volunteer-detail", args=[vw.own_member.pk])).json()
    assert data["phone"] == "13812345678"


def test_the_leader_keeps_their_roster(vw, client_for):
    from volunteers.models import TeamMembership, Volunteer

    leader = client_for("leader")
    response = leader.post(
        reverse("volunteers:member_create", args=[vw.own_team.pk]),
        {
            "name": "新队员",
            "phone": "13611112222",
            "residential_area": vw.area_a.pk,
            "building_group": vw.group_a.pk,
            "availability": "weekends",
        },
    )
    assert response.status_code == 302
    newcomer = Volunteer.objects.get(name="新队员")
    assert newcomer.street == vw.world.street_a
    membership = TeamMembership.objects.get(volunteer=newcomer, team=vw.own_team, left_on__isnull=True)
    assert "新队员" in leader.get(reverse("volunteers:index")).content.decode()
    leader.post(reverse("volunteers:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_on is not None
    # Not another team's roster.
    other = TeamMembership.objects.get(volunteer=vw.other_member)
    assert leader.post(reverse("volunteers:membership_end", args=[other.pk])).status_code == 404
    assert leader.get(reverse("volunteers:member_create", args=[vw.other_team.pk])).status_code == 404
    other.refresh_from_db()
    assert other.left_on is None


def test_a_leader_adding_a_member_with_a_bad_phone_stores_nothing(vw, client_for):
    from volunteers.models import Volunteer

    response = client_for("leader").post(
        reverse("volunteers:member_create", args=[vw.own_team.pk]),
        {"name": "新队员", "phone": "999", "residential_area": vw.area_a.pk, "availability": "any"},
    )
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    assert not Volunteer.objects.filter(name="新队员").exists()


def test_a_leader_does_not_see_a_members_other_teams(vw, client_for):
    from tests.volunteers.factories import MembershipFactory

    MembershipFactory(team=vw.other_team, volunteer=vw.own_member)
    page = (
        client_for("leader")
        .get(reverse("volunteers:volunteer_detail", args=[vw.own_member.pk]))
        .content.decode()
    )
    assert "美化家园队" in page and "助老队" not in page
    staff_page = client_for("staff_a").get(reverse("volunteers:volunteer_detail", args=[vw.own_member.pk]))
    assert "助老队" in staff_page.content.decode()


def test_the_personal_link_is_shown_to_staff_and_the_own_leader_only(vw, client_for):
    url = reverse("volunteers:volunteer_detail", args=[vw.own_member.pk])
    token = str(vw.own_member.self_log_token)
    assert token in client_for("staff_a").get(url).content.decode()
    assert token in client_for("leader").get(url).content.decode()
    assert token not in client_for("district").get(url).content.decode()
