"""Team tasks on the volunteers side: the leader's pages and API, scope, query counts, the seed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from needs.models import Need
from tests.factories import OrganizationFactory
from tests.needs.factories import NeedFactory
from tests.volunteers.factories import TeamFactory
from volunteers import team_tasks
from volunteers.models import TeamTask

pytestmark = pytest.mark.django_db


def handed(vw, team, n=1):
    """n new needs of street A, each handed to ``team`` by staff A."""
    tasks = []
    for _ in range(n):
        need = NeedFactory(organization=OrganizationFactory(street=vw.world.street_a), user=vw.world.staff_a)
        tasks.append(team_tasks.hand_off(need, team, vw.world.staff_a, "请协助"))
    return tasks


@pytest.fixture
def tw(vw, world):
    vw.world = world
    return vw


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("staff_a", "volunteers:task_list"),
        ("leader", "volunteers:task_list"),
        ("leader", "volunteers:index"),
        ("district", "volunteers:task_list"),
        ("staff_a", "team-task-list"),
        ("leader", "team-task-list"),
    ],
)
def test_task_lists_run_the_same_queries_for_more_rows(tw, client_for, api_for, role, name):
    client = api_for(role) if "-" in name else client_for(role)
    url = reverse(name)
    handed(tw, tw.own_team, 2)
    handed(tw, tw.other_team, 1)
    client.get(url)  # warm caches (content types, session)
    small = count_queries(client, url)
    handed(tw, tw.own_team, 6)
    handed(tw, TeamFactory(street=tw.world.street_a, leader=tw.world.leader), 3)
    large = count_queries(client, url)
    assert small == large, f"{name} as {role}: {small} queries for few rows, {large} for more"


def test_team_page_query_count_constant(tw, client_for):
    client = client_for("leader")
    url = reverse("volunteers:team_detail", args=[tw.own_team.pk])
    handed(tw, tw.own_team, 1)
    client.get(url)
    small = count_queries(client, url)
    handed(tw, tw.own_team, 5)
    assert count_queries(client, url) == small


def test_leader_sees_only_own_team_tasks(tw, client_for, api_for):
    mine = handed(tw, tw.own_team)[0]
    theirs = handed(tw, tw.other_team)[0]
    page = client_for("leader").get(reverse("volunteers:task_list")).content.decode()
    assert f'id="task-{mine.pk}"' in page
    assert f'id="task-{theirs.pk}"' not in page
    home = client_for("leader").get(reverse("volunteers:index")).content.decode()
    assert f'id="task-{mine.pk}"' in home
    assert api_for("leader").get(reverse("team-task-detail", args=[theirs.pk])).status_code == 404
    response = client_for("leader").post(
        reverse("volunteers:task_status", args=[theirs.pk]), {"to": "accepted"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == TeamTask.Status.OPEN


def test_done_and_declined_leave_the_default_list(tw, client_for):
    accepted, declined = handed(tw, tw.own_team, 2)
    team_tasks.change_status(accepted, "accepted", tw.world.leader)
    team_tasks.change_status(accepted, "done", tw.world.leader, "完成")
    team_tasks.change_status(declined, "declined", tw.world.leader, "人手不够")
    client = client_for("leader")
    assert not client.get(reverse("volunteers:task_list")).context["tasks"]
    done = client.get(reverse("volunteers:task_list") + "?status=done").context["tasks"]
    assert [t.pk for t in done] == [accepted.pk]


def test_a_second_answer_on_a_stale_page_is_refused(tw, client_for):
    task = handed(tw, tw.own_team)[0]
    url = reverse("volunteers:task_status", args=[task.pk])
    version = task.version
    client_for("leader").post(url, {"to": "accepted", "version": version})
    response = client_for("staff_a").post(
        url, {"to": "declined", "reason": "x", "version": version}, follow=True
    )
    assert any("meanwhile" in str(m) or "同时" in str(m) for m in response.context["messages"])
    task.refresh_from_db()
    assert task.status == TeamTask.Status.ACCEPTED


def test_need_moves_with_the_task_through_the_workflow(tw):
    task = handed(tw, tw.own_team)[0]
    need = Need.objects.get(pk=task.need_id)
    assert need.status == Need.Status.MATCHED
    team_tasks.change_status(task, "accepted", tw.world.leader)
    need.refresh_from_db()
    assert need.status == Need.Status.IN_PROGRESS
    transitions = list(need.events.filter(kind="transition").values_list("to_status", "actor__username"))
    assert transitions == [("matched", "staff"), ("in_progress", "leader1")]
