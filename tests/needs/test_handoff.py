"""Handing a need to a volunteer team, turning it into an event, and notifying a new assignee."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from events.models import Event
from events.need_actions import make_event
from needs.models import Need, NeedEvent
from needs.workflow import S, transition
from tests.factories import PartyOrganizationFactory
from tests.needs.factories import NeedFactory
from tests.volunteers.factories import TeamFactory, member_of
from volunteers.models import ServiceRecord, TeamTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(world):
    own = TeamFactory(street=world.street_a, name="助老服务队", leader=world.leader)
    other_street = TeamFactory(street=world.street_b, name="仙霞服务队")
    return own, other_street


def hand_off(client, need, team_id, **extra):
    return client.post(reverse("needs:hand_off", args=[need.pk]), {"team": team_id, **extra}, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


class TestHandOffPage:
    def test_staff_hands_a_need_to_a_team_of_its_street(self, world, nw, teams, client_for):
        own, _ = teams
        due = timezone.localdate() + datetime.timedelta(days=5)
        response = hand_off(
            client_for("staff_a"), nw.need_a, own.pk, note="请周六上门", due_on=due.isoformat()
        )
        assert response.status_code == 200
        task = TeamTask.objects.get(need=nw.need_a)
        assert (task.team, task.status, task.due_on, task.note) == (
            own,
            TeamTask.Status.OPEN,
            due,
            "请周六上门",
        )
        assert task.handed_over_by == world.staff_a
        assert task.title == nw.need_a.title
        nw.need_a.refresh_from_db()
        # Submitted → matched through the workflow table, with its timeline line.
        assert nw.need_a.status == S.MATCHED
        kinds = list(nw.need_a.events.values_list("kind", "actor__username"))
        assert (NeedEvent.Kind.HANDOFF, "staff") in kinds
        assert nw.need_a.events.filter(kind=NeedEvent.Kind.TRANSITION, to_status=S.MATCHED).exists()
        # The leader is told once, with a link to the team's tasks.
        notes = Notification.objects.filter(recipient=world.leader, kind="team_task")
        assert notes.count() == 1
        assert notes.get().url.startswith(reverse("volunteers:task_list"))
        # The need page shows the task.
        page = client_for("staff_a").get(reverse("needs:detail", args=[nw.need_a.pk]))
        assert "助老服务队" in page.content.decode()

    def test_team_of_another_street_is_refused_and_nothing_stored(self, nw, teams, client_for):
        _, other_street = teams
        before = list(NeedEvent.objects.filter(need=nw.need_a).values_list("pk", flat=True))
        response = hand_off(client_for("staff_a"), nw.need_a, other_street.pk, note="x")
        assert "This team works in another street" in " ".join(
            messages_of(response)
        ) or "其他街道" in " ".join(messages_of(response))
        assert not TeamTask.objects.exists()
        assert list(NeedEvent.objects.filter(need=nw.need_a).values_list("pk", flat=True)) == before
        nw.need_a.refresh_from_db()
        assert nw.need_a.status == S.SUBMITTED

    def test_message_is_translated(self, nw, teams, client_for):
        _, other_street = teams
        response = hand_off(client_for("staff_a"), nw.need_a, other_street.pk)
        # The default language is Simplified Chinese.
        assert "该队伍属于其他街道" in " ".join(messages_of(response))

    @pytest.mark.parametrize(
        "extra, expected",
        [
            ({"note": "长" * 2001}, "2000"),
            ({"due_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat()}, "截止日期已过"),
            ({"due_on": "2205-01-01"}, "一年以后"),
            ({"due_on": "not-a-date"}, "日期"),
        ],
    )
    def test_bad_input_is_refused(self, nw, teams, client_for, extra, expected):
        own, _ = teams
        response = hand_off(client_for("staff_a"), nw.need_a, own.pk, **extra)
        assert expected in " ".join(messages_of(response))
        assert not TeamTask.objects.exists()

    def test_nonexistent_team_is_refused(self, nw, client_for):
        response = hand_off(client_for("staff_a"), nw.need_a, 999999)
        assert "请从列表中选择志愿者队伍" in " ".join(messages_of(response))
        assert not TeamTask.objects.exists()

    def test_same_team_twice_is_refused(self, nw, teams, client_for):
        own, _ = teams
        hand_off(client_for("staff_a"), nw.need_a, own.pk)
        response = hand_off(client_for("staff_a"), nw.need_a, own.pk)
        assert "该需求已交给这支队伍" in " ".join(messages_of(response))
        assert TeamTask.objects.count() == 1

    def test_staff_of_another_street_gets_404(self, nw, teams, client_for):
        own, _ = teams
        response = client_for("staff_b").post(
            reverse("needs:hand_off", args=[nw.need_a.pk]), {"team": own.pk}
        )
        assert response.status_code == 404
        assert not TeamTask.objects.exists()

    def test_cadre_and_district_cannot_hand_off(self, nw, teams, client_for):
        own, _ = teams
        url = reverse("needs:hand_off", args=[nw.need_a.pk])
        assert client_for("cadre1").post(url, {"team": own.pk}).status_code == 403
        assert client_for("district").post(url, {"team": own.pk}).status_code == 403
        assert not TeamTask.objects.exists()

    def test_closed_need_cannot_be_handed_off(self, world, nw, teams):
        own, _ = teams
        transition(nw.need_a, S.REJECTED, world.staff_a, "不属于职责范围")
        from volunteers.team_tasks import hand_off as service_hand_off

        with pytest.raises(ValidationError, match="只有未结的需求"):
            service_hand_off(nw.need_a, own, world.staff_a)
        assert not TeamTask.objects.exists()


class TestTaskAnswers:
    def test_leader_accepts_then_reports_done_and_timeline_follows(self, world, nw, teams, client_for):
        from volunteers.team_tasks import hand_off as service_hand_off

        own, _ = teams
        task = service_hand_off(nw.need_a, own, world.staff_a, "请协助")
        leader = client_for("leader")
        url = reverse("volunteers:task_status", args=[task.pk])
        assert leader.post(url, {"to": "accepted", "version": task.version}).status_code == 302
        nw.need_a.refresh_from_db()
        assert nw.need_a.status == S.IN_PROGRESS
        task.refresh_from_db()
        assert (
            leader.post(url, {"to": "done", "reason": "已完成探访", "version": task.version}).status_code
            == 302
        )
        task.refresh_from_db()
        assert (task.status, task.reason, task.answered_by) == (
            TeamTask.Status.DONE,
            "已完成探访",
            world.leader,
        )
        lines = list(
            nw.need_a.events.filter(kind=NeedEvent.Kind.TASK).values_list("actor__username", flat=True)
        )
        assert lines == ["leader1", "leader1"]
        # The staff member who handed it over hears each answer once.
        assert Notification.objects.filter(recipient=world.staff_a, kind="team_task_answer").count() == 2

    def test_decline_needs_a_reason(self, world, nw, teams, client_for):
        from volunteers.team_tasks import hand_off as service_hand_off

        own, _ = teams
        task = service_hand_off(nw.need_a, own, world.staff_a)
        response = client_for("leader").post(
            reverse("volunteers:task_status", args=[task.pk]), {"to": "declined"}, follow=True
        )
        assert "请说明队伍拒绝该任务的原因" in " ".join(messages_of(response))
        task.refresh_from_db()
        assert task.status == TeamTask.Status.OPEN

    def test_leader_of_another_team_neither_sees_nor_acts(self, world, nw, teams, client_for):
        from tests.factories import UserFactory
        from volunteers.team_tasks import hand_off as service_hand_off

        own, _ = teams
        other_leader = UserFactory(username="leader2", role="leader", street=world.street_a)
        task = service_hand_off(nw.need_a, own, world.staff_a)
        client = client_for("anonymous")
        client.force_login(other_leader)
        page = client.get(reverse("volunteers:task_list"))
        assert task.title not in page.content.decode()
        response = client.post(reverse("volunteers:task_status", args=[task.pk]), {"to": "accepted"})
        assert response.status_code == 404
        task.refresh_from_db()
        assert task.status == TeamTask.Status.OPEN

    def test_logging_service_from_a_task_keeps_the_need(self, world, nw, teams, client_for):
        from volunteers.team_tasks import change_status
        from volunteers.team_tasks import hand_off as service_hand_off

        own, _ = teams
        volunteer = member_of(own, name="王芳")
        task = service_hand_off(nw.need_a, own, world.staff_a)
        change_status(task, "accepted", world.leader)
        leader = client_for("leader")
        url = reverse("volunteers:record_create") + f"?team={own.pk}&need={nw.need_a.pk}"
        form = leader.get(url).context["form"]
        assert form.initial["need"] == nw.need_a.pk
        assert nw.need_a in form.fields["need"].queryset
        day = timezone.localdate() - datetime.timedelta(days=1)
        response = leader.post(
            url,
            {
                "team": own.pk,
                "date": day.isoformat(),
                "hours": "2",
                "description": "上门探访",
                "volunteers": [volunteer.pk],
                "need": nw.need_a.pk,
            },
        )
        assert response.status_code == 302
        assert ServiceRecord.objects.get(description="上门探访").need == nw.need_a
        page = client_for("staff_a").get(reverse("needs:detail", args=[nw.need_a.pk]))
        assert "上门探访" in page.content.decode()


class TestMakeEvent:
    def test_make_event_creates_a_linked_draft_and_opens_its_edit_page(self, world, nw, client_for):
        porg = PartyOrganizationFactory(street=world.street_a, name="东银中心联合党支部")
        nw.org_a.coverage = "joint"
        nw.org_a.covering_party_organization = porg
        nw.org_a.save()
        client = client_for("staff_a")
        response = client.post(reverse("needs:make_event", args=[nw.need_a.pk]))
        event = Event.objects.get(need=nw.need_a)
        assert response.status_code == 302
        assert response["Location"] == reverse("events:update", args=[event.pk])
        assert (event.title, event.street, event.status, event.created_by) == (
            nw.need_a.title,
            world.street_a,
            Event.Status.DRAFT,
            world.staff_a,
        )
        assert nw.need_a.reference in event.description
        assert list(event.organizers.all()) == [porg]
        assert list(event.participating_organizations.all()) == [nw.org_a]
        assert nw.need_a.events.filter(kind=NeedEvent.Kind.EVENT, actor=world.staff_a).exists()
        # A second click goes to the same draft rather than making another.
        again = client.post(reverse("needs:make_event", args=[nw.need_a.pk]))
        assert again["Location"] == reverse("events:update", args=[event.pk])
        assert Event.objects.filter(need=nw.need_a).count() == 1

    def test_event_page_links_back_only_for_who_may_see_the_need(self, world, nw, client_for):
        event = make_event(nw.need_a, world.staff_a)
        detail = reverse("events:detail", args=[event.pk])
        need_url = reverse("needs:detail", args=[nw.need_a.pk])
        assert need_url in client_for("staff_a").get(detail).content.decode()
        event.status = Event.Status.PUBLISHED
        event.save()
        # cadre2 sees the published event but not cadre1's need.
        page = client_for("cadre2").get(detail)
        assert page.status_code == 200
        assert need_url not in page.content.decode()
        assert need_url in client_for("cadre1").get(detail).content.decode()

    def test_need_page_lists_the_event(self, world, nw, client_for):
        event = make_event(nw.need_a, world.staff_a)
        page = client_for("staff_a").get(reverse("needs:detail", args=[nw.need_a.pk])).content.decode()
        assert reverse("events:detail", args=[event.pk]) in page

    def test_staff_b_cannot_make_an_event_of_street_a(self, nw, client_for):
        assert client_for("staff_b").post(reverse("needs:make_event", args=[nw.need_a.pk])).status_code == 404
        assert not Event.objects.exists()

    def test_rejected_need_cannot_become_an_event(self, world, nw):
        transition(nw.need_a, S.REJECTED, world.staff_a, "重复")
        with pytest.raises(ValidationError, match="不能转为活动"):
            make_event(nw.need_a, world.staff_a)
        assert not Event.objects.exists()


class TestAssignmentNotice:
    def test_new_assignee_is_notified_once_from_the_page(self, world, nw, client_for):
        need = nw.need_a
        url = reverse("needs:edit", args=[need.pk])
        form = client_for("staff_a").get(url).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
        data.update(assignee=world.cadre2.pk, version=need.version)
        response = client_for("staff_a").post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Notification.objects.filter(recipient=world.cadre2, kind="need_assigned").count() == 1
        assert need.events.filter(kind=NeedEvent.Kind.ASSIGN).count() == 1
        # Saving again without changing the assignee sends nothing more.
        need.refresh_from_db()
        data.update(title="场地需求A（改）", version=need.version)
        client_for("staff_a").post(url, data)
        assert Notification.objects.filter(recipient=world.cadre2, kind="need_assigned").count() == 1

    def test_new_assignee_is_notified_from_the_api(self, world, nw, api_for):
        response = api_for("staff_a").patch(
            reverse("need-detail", args=[nw.need_a.pk]),
            {"assignee": world.cadre2.pk, "version": nw.need_a.version},
            format="json",
        )
        assert response.status_code == 200
        assert Notification.objects.filter(recipient=world.cadre2, kind="need_assigned").count() == 1

    def test_a_need_raised_with_an_assignee_notifies_them(self, world, nw):
        need = NeedFactory(organization=nw.org_a, assignee=world.cadre2, user=world.staff_a)
        assert (
            Notification.objects.filter(
                recipient=world.cadre2, key__startswith=f"need-assigned:{need.pk}:"
            ).count()
            == 1
        )

    def test_assigning_oneself_sends_nothing(self, world, nw, api_for):
        api_for("staff_a").patch(
            reverse("need-detail", args=[nw.need_a.pk]), {"assignee": world.staff_a.pk}, format="json"
        )
        assert not Notification.objects.filter(kind="need_assigned").exists()


class TestApi:
    def test_hand_off_and_answer_through_the_api(self, world, nw, teams, api_for):
        own, _ = teams
        response = api_for("staff_a").post(
            reverse("need-hand-off", args=[nw.need_a.pk]), {"team": own.pk, "note": "请协助"}, format="json"
        )
        assert response.status_code == 201, response.json()
        task_id = response.json()["id"]
        assert response.json()["need_reference"] == nw.need_a.reference
        listed = api_for("leader").get(reverse("team-task-list")).json()
        assert [t["id"] for t in listed["results"]] == [task_id]
        assert api_for("staff_b").get(reverse("team-task-detail", args=[task_id])).status_code == 404
        assert api_for("district").get(reverse("team-task-detail", args=[task_id])).status_code == 200
        assert (
            api_for("district")
            .post(reverse("team-task-status", args=[task_id]), {"to": "accepted"})
            .status_code
            == 403
        )
        answered = api_for("leader").post(
            reverse("team-task-status", args=[task_id]), {"to": "accepted"}, format="json"
        )
        assert answered.status_code == 200
        assert answered.json()["status"] == "accepted"
        refused = api_for("leader").post(
            reverse("team-task-status", args=[task_id]), {"to": "open"}, format="json"
        )
        assert refused.status_code == 400

    @pytest.mark.parametrize(
        "payload",
        [
            {"team": 999999},
            {"team": "x"},
            {"note": "长" * 2001},
            {"due_on": "1999-01-01"},
            {"due_on": "9999-12-31"},
        ],
    )
    def test_bad_hand_off_is_refused(self, nw, teams, api_for, payload):
        own, _ = teams
        data = {"team": own.pk, **payload}
        response = api_for("staff_a").post(reverse("need-hand-off", args=[nw.need_a.pk]), data, format="json")
        assert response.status_code == 400
        assert not TeamTask.objects.exists()

    def test_other_street_team_through_the_api(self, nw, teams, api_for):
        _, other_street = teams
        response = api_for("staff_a").post(
            reverse("need-hand-off", args=[nw.need_a.pk]), {"team": other_street.pk}, format="json"
        )
        assert response.status_code == 400
        assert "该队伍属于其他街道" in str(response.json())
        assert not TeamTask.objects.exists()

    def test_make_event_through_the_api(self, world, nw, api_for):
        response = api_for("staff_a").post(reverse("need-make-event", args=[nw.need_a.pk]), format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["need"] == nw.need_a.pk and body["status"] == "draft"
        shown = api_for("staff_a").get(reverse("event-detail", args=[body["id"]])).json()
        assert shown["need"] == nw.need_a.pk
        assert api_for("staff_b").post(reverse("need-make-event", args=[nw.need_a.pk])).status_code == 404
        assert api_for("cadre1").post(reverse("need-make-event", args=[nw.need_a.pk])).status_code == 403


def test_follow_moves_only_along_the_table(world, nw):
    from needs.workflow import follow

    need = Need.objects.get(pk=nw.need_a.pk)
    assert follow(need, S.RESOLVED, world.leader) is False  # submitted → resolved is not in the table
    assert Need.objects.get(pk=need.pk).status == S.SUBMITTED
    assert follow(need, S.MATCHED, world.leader) is True
    assert Need.objects.get(pk=need.pk).status == S.MATCHED


def test_seed_hands_needs_over_and_makes_an_event_once(db, settings):
    import io

    from demo.seed import needs as seed
    from demo.seed import organizations as ledger_seed
    from demo.seed import volunteers as seed_volunteers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = ledger_seed.run(io.StringIO())
    seed.run(ctx)
    seed_volunteers.run(ctx)
    tasks = TeamTask.objects.filter(team__street=ctx.street)
    assert tasks.count() == 2
    assert tasks.filter(status=TeamTask.Status.ACCEPTED, team__leader=ctx.users["leader1"]).count() == 1
    assert all(t.need.events.filter(kind=NeedEvent.Kind.HANDOFF).exists() for t in tasks)
    event = Event.objects.get(street=ctx.street, need__isnull=False)
    assert event.status == Event.Status.DRAFT
    counts = (TeamTask.objects.count(), Event.objects.count(), NeedEvent.objects.count())
    seed_volunteers.run(ctx)
    assert (TeamTask.objects.count(), Event.objects.count(), NeedEvent.objects.count()) == counts
