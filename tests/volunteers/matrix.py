"""Every URL of the volunteers app against every role."""

from tests.matrix import Case, expect, street_api, street_page
from tests.volunteers.conftest import make_volunteer_world
from tests.volunteers.factories import TeamFactory, member_of, record
from volunteers.models import ServiceRecord, TeamMembership


def manage_page(**overrides):
    """A page that changes street records: staff and admins only."""
    return expect(403, anonymous=302, staff_a=200, staff_b=200, admin=200) | overrides


def manage_post(**overrides):
    return expect(403, anonymous=302, staff_a=302, staff_b=404, admin=302) | overrides


def team_page(**overrides):
    """A page the team leader uses too."""
    return street_page(leader=200) | overrides


def cases(world):
    vw = make_volunteer_world(world)
    spare = member_of(vw.own_team, name="临时队员")
    spare_membership = TeamMembership.objects.get(volunteer=spare)
    pending_for_reject = record(
        vw.own_team, [spare], vw.today, "1", status=ServiceRecord.Status.PENDING, description="reject me"
    )
    pending_for_approve = record(
        vw.other_team,
        [vw.other_member],
        vw.today,
        "1",
        status=ServiceRecord.Status.PENDING,
        description="approve me",
    )
    to_edit = record(vw.own_team, [spare], vw.today, "1", description="edit me")
    to_archive = record(vw.own_team, [spare], vw.today, "1", description="archive me")
    archivable = TeamFactory(street=world.street_a, residential_area=vw.area_a, name="可归档队")
    own, other = {"pk": vw.own_team.pk}, {"pk": vw.other_team.pk}
    # A need of street A handed to the leader's team, and one to the other team.
    from tests.factories import OrganizationFactory
    from tests.needs.factories import NeedFactory
    from volunteers.team_tasks import hand_off

    task_need = NeedFactory(organization=OrganizationFactory(street=world.street_a), title="交给队伍的需求")
    own_task = {"pk": hand_off(task_need, vw.own_team, world.staff_a).pk}
    other_task = {"pk": hand_off(task_need, vw.other_team, world.staff_a).pk}
    task_answer = expect(403, anonymous=302, staff_a=302, staff_b=404, leader=302, admin=302)
    task_api_answer = expect(403, anonymous=401, staff_a=400, staff_b=404, leader=400, admin=400)
    return [
        Case("volunteers:task_list", team_page()),
        Case("volunteers:task_status", task_answer, kwargs=own_task, method="post", data={"to": "bogus"}),
        Case(
            "volunteers:task_status",
            task_answer | {"leader": 404},
            kwargs=other_task,
            method="post",
            data={"to": "x"},
        ),
        Case("team-task-list", street_api(leader=200), api=True),
        Case("team-task-detail", street_api(staff_b=404, leader=200), kwargs=own_task, api=True),
        Case("team-task-detail", street_api(staff_b=404, leader=404), kwargs=other_task, api=True),
        Case(
            "team-task-status",
            task_api_answer,
            kwargs=own_task,
            api=True,
            method="post",
            data={"to": "bogus"},
        ),
        Case(
            "team-task-status",
            task_api_answer | {"leader": 404},
            kwargs=other_task,
            api=True,
            method="post",
            data={"to": "bogus"},
        ),
        Case("volunteers:index", team_page()),
        Case("volunteers:team_list", street_page()),
        Case("volunteers:team_export", street_page()),
        Case("volunteers:team_create", manage_page()),
        Case("volunteers:team_detail", team_page(staff_b=404), kwargs=own),
        Case("volunteers:team_detail", team_page(staff_b=404, leader=404), kwargs=other),
        Case("volunteers:team_edit", manage_page(staff_b=404), kwargs=own),
        Case("volunteers:team_archive", manage_post(), kwargs={"pk": archivable.pk}, method="post"),
        Case("volunteers:membership_add", manage_post(), kwargs=own, method="post", data={"role": "member"}),
        Case("volunteers:member_create", manage_page(staff_b=404, leader=200), kwargs=own),
        Case("volunteers:member_create", manage_page(staff_b=404, leader=404), kwargs=other),
        Case(
            "volunteers:membership_end",
            manage_post(admin=404, leader=404),
            kwargs={"pk": spare_membership.pk},
            method="post",
        ),
        Case("volunteers:volunteer_list", street_page()),
        Case("volunteers:volunteer_export", street_page()),
        Case("volunteers:volunteer_create", manage_page()),
        Case("volunteers:volunteer_detail", team_page(staff_b=404), kwargs={"pk": vw.own_member.pk}),
        Case(
            "volunteers:volunteer_detail",
            team_page(staff_b=404, leader=404),
            kwargs={"pk": vw.other_member.pk},
        ),
        Case("volunteers:volunteer_edit", manage_page(staff_b=404), kwargs={"pk": vw.own_member.pk}),
        Case("volunteers:volunteer_archive", manage_post(), kwargs={"pk": vw.other_member.pk}, method="post"),
        Case("volunteers:record_list", team_page()),
        Case("volunteers:record_export", team_page()),
        Case("volunteers:record_create", manage_page(leader=200)),
        Case("volunteers:record_edit", manage_page(staff_b=404, leader=200), kwargs={"pk": to_edit.pk}),
        Case(
            "volunteers:record_edit",
            manage_page(staff_b=404, leader=404),
            kwargs={"pk": vw.other_pending.pk},
        ),
        Case(
            "volunteers:record_archive",
            manage_post(leader=404, admin=404),
            kwargs={"pk": to_archive.pk},
            method="post",
        ),
        Case(
            "volunteers:record_decide",
            manage_post(leader=302),
            kwargs={"pk": vw.own_pending.pk},
            method="post",
            data={"decision": "approve"},
        ),
        Case(
            "volunteers:record_decide",
            manage_post(leader=404),
            kwargs={"pk": vw.other_pending.pk},
            method="post",
            data={"decision": "reject"},
        ),
        Case("volunteers:group_list", street_page()),
        Case("volunteers:group_export", street_page()),
        Case("volunteers:group_create", manage_page()),
        Case("volunteers:group_detail", street_page(staff_b=404), kwargs={"pk": vw.group_a.pk}),
        Case("volunteers:group_edit", manage_page(staff_b=404), kwargs={"pk": vw.group_a.pk}),
        Case(
            "volunteers:group_item_add",
            manage_post(),
            kwargs={"pk": vw.group_a.pk},
            method="post",
            data={"year": "2025", "description": "楼道整洁", "points": "5"},
        ),
        Case("volunteers:ratings_compute", manage_post(staff_b=302), method="post", data={"year": "2025"}),
        Case("volunteers:rubric_edit", street_page(district=404, admin=404)),
        Case("volunteers:pairing_list", street_page()),
        Case("volunteers:pairing_export", street_page()),
        Case("volunteers:pairing_create", manage_page()),
        Case("volunteers:pairing_detail", street_page(staff_b=404), kwargs={"pk": vw.pairing.pk}),
        Case(
            "volunteers:pairing_checkin",
            manage_post(),
            kwargs={"pk": vw.pairing.pk},
            method="post",
            data={"visited_on": "2025-03-01", "note": "看望"},
        ),
        Case("volunteers:self_log", expect(200), kwargs={"token": vw.own_member.self_log_token}),
        Case("volunteers:self_log", expect(404), kwargs={"token": "00000000-0000-0000-0000-000000000000"}),
        # API
        Case("team-list", street_api(leader=200), api=True),
        Case("team-detail", street_api(staff_b=404, leader=200), kwargs=own, api=True),
        Case("team-detail", street_api(staff_b=404, leader=404), kwargs=other, api=True),
        Case("volunteer-list", street_api(leader=200), api=True),
        Case(
            "volunteer-detail", street_api(staff_b=404, leader=200), kwargs={"pk": vw.own_member.pk}, api=True
        ),
        Case(
            "volunteer-detail",
            street_api(staff_b=404, leader=404),
            kwargs={"pk": vw.other_member.pk},
            api=True,
        ),
        Case("service-record-list", street_api(leader=200), api=True),
        Case(
            "service-record-detail",
            street_api(staff_b=404, leader=404),
            kwargs={"pk": vw.other_pending.pk},
            api=True,
        ),
        Case(
            "service-record-approve",
            expect(403, anonymous=401, staff_a=200, staff_b=404, leader=404, admin=400),
            kwargs={"pk": pending_for_approve.pk},
            api=True,
            method="post",
        ),
        Case(
            "service-record-reject",
            expect(403, anonymous=401, staff_a=200, staff_b=404, leader=400, admin=400),
            kwargs={"pk": pending_for_reject.pk},
            api=True,
            method="post",
        ),
        Case("building-group-list", street_api(), api=True),
        Case("building-group-detail", street_api(staff_b=404), kwargs={"pk": vw.group_a.pk}, api=True),
    ]
