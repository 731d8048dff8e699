"""The workflow table: every pair allowed or refused, reasons, who may move, conflicts, the timeline."""

import itertools

import pytest

from core.models import ConcurrentEditError
from needs.models import Need, NeedEvent
from needs.workflow import REASON_REQUIRED, TRANSITIONS, TransitionError, transition
from tests.needs.factories import NeedFactory

S = Need.Status
ALL_PAIRS = list(itertools.product(S.values, S.values))


def _need_in(status, org):
    need = NeedFactory(organization=org)
    Need.objects.filter(pk=need.pk).update(
        status=status,
        resolved_at=need.created if status in (S.RESOLVED, S.CLOSED) else None,
    )
    need.refresh_from_db()
    return need


@pytest.mark.parametrize(("frm", "to"), ALL_PAIRS)
def test_every_pair_is_allowed_or_refused(world, nw, frm, to):
    need = _need_in(frm, nw.org_a)
    before = (need.status, need.version, need.events.count())
    note = "理由" if to in REASON_REQUIRED else ""
    if (frm, to) in TRANSITIONS:
        transition(need, to, world.staff_a, note)
        need.refresh_from_db()
        assert need.status == to
        assert need.version == before[1] + 1
        event = need.events.last()
        assert (event.kind, event.from_status, event.to_status, event.actor) == (
            NeedEvent.Kind.TRANSITION,
            frm,
            to,
            world.staff_a,
        )
    else:
        with pytest.raises(TransitionError) as info:
            transition(need, to, world.staff_a, note)
        assert info.value.code == "not_allowed"
        assert "不能" in str(info.value.messages[0]) or "cannot" in str(info.value.messages[0])
        need.refresh_from_db()
        assert (need.status, need.version, need.events.count()) == before


@pytest.mark.parametrize("to", [S.REJECTED, S.WITHDRAWN])
def test_reject_and_withdraw_need_a_reason(world, nw, to):
    need = nw.need_a
    with pytest.raises(TransitionError) as info:
        transition(need, to, world.staff_a, "  ")
    assert info.value.code == "reason"
    need.refresh_from_db()
    assert need.status == S.SUBMITTED
    transition(need, to, world.staff_a, "重复提交")
    need.refresh_from_db()
    assert need.status == to and need.status_reason == "重复提交"


def test_resolving_and_reopening_keep_the_resolution_time(world, nw):
    need = nw.need_a
    for to in (S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED):
        transition(need, to, world.staff_a)
    assert need.resolved_at is not None
    transition(need, S.IN_PROGRESS, world.staff_a, "客户反馈未解决")
    need.refresh_from_db()
    assert need.resolved_at is None


def test_cadre_moves_only_what_they_may(world, nw):
    need = nw.need_a  # raised by cadre1, not assigned
    with pytest.raises(TransitionError) as info:
        transition(need, S.ACCEPTED, world.cadre1)
    assert info.value.code == "forbidden"
    transition(need, S.ACCEPTED, world.staff_a)
    with pytest.raises(TransitionError):
        transition(need, S.IN_PROGRESS, world.cadre1)  # not the assignee
    Need.objects.filter(pk=need.pk).update(assignee=world.cadre1)
    need.refresh_from_db()
    transition(need, S.IN_PROGRESS, world.cadre1)
    transition(need, S.RESOLVED, world.cadre1)
    with pytest.raises(TransitionError):
        transition(need, S.CLOSED, world.cadre1)  # closing is the street's
    transition(need, S.CLOSED, world.staff_a)


def test_district_cannot_move_a_need(world, nw):
    with pytest.raises(TransitionError):
        transition(nw.need_a, S.ACCEPTED, world.district)


def test_stale_transition_is_a_conflict_and_changes_nothing(world, nw):
    mine = Need.objects.get(pk=nw.need_a.pk)
    theirs = Need.objects.get(pk=nw.need_a.pk)
    transition(theirs, S.ACCEPTED, world.staff_a)
    with pytest.raises(ConcurrentEditError):
        transition(mine, S.REJECTED, world.admin, "不符合")
    fresh = Need.objects.get(pk=nw.need_a.pk)
    assert fresh.status == S.ACCEPTED and fresh.status_reason == ""
    assert fresh.events.filter(to_status=S.REJECTED).count() == 0


def test_unknown_status_is_refused(world, nw):
    with pytest.raises(TransitionError) as info:
        transition(nw.need_a, "teleported", world.staff_a)
    assert info.value.code == "unknown"


def test_transition_page_refuses_with_a_message(world, nw, client_for):
    client = client_for("staff_a")
    response = client.post(f"/needs/{nw.need_a.pk}/transition/", {"to": "closed"}, follow=True)
    assert response.status_code == 200
    assert "不能" in response.content.decode() or "cannot" in response.content.decode()
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == S.SUBMITTED
    response = client.post(
        f"/needs/{nw.need_a.pk}/transition/",
        {"to": "accepted", "note": "受理", "version": nw.need_a.version},
    )
    assert response.status_code == 302
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == S.ACCEPTED


def test_transition_page_with_stale_version_is_refused(world, nw, client_for):
    old_version = nw.need_a.version
    transition(nw.need_a, S.ACCEPTED, world.staff_a)
    response = client_for("admin").post(
        f"/needs/{nw.need_a.pk}/transition/",
        {"to": "rejected", "note": "x", "version": old_version},
        follow=True,
    )
    assert (
        "Someone else" in response.content.decode()
        or "他人" in response.content.decode()
        or "其他人" in response.content.decode()
    )
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == S.ACCEPTED


def test_admin_action_uses_the_workflow(world, nw, client_for):
    client = client_for("admin")
    response = client.post(
        "/admin/needs/need/",
        {"action": "move_to_closed", "_selected_action": [nw.need_a.pk]},
        follow=True,
    )
    assert response.status_code == 200
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == S.SUBMITTED  # submitted → closed is not allowed
    client.post("/admin/needs/need/", {"action": "move_to_accepted", "_selected_action": [nw.need_a.pk]})
    nw.need_a.refresh_from_db()
    assert nw.need_a.status == S.ACCEPTED
