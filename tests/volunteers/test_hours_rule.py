"""The hours rule: positive, at most 24 per volunteer per day across all records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.volunteers.factories import record
from volunteers import rules, services
from volunteers.models import ServiceHours, ServiceRecord

DAY = datetime.date.today() - datetime.timedelta(days=2)


def save(vw, hours, volunteers=None, day=DAY, **kwargs):
    return services.save_service_record(
        team=vw.own_team,
        day=day,
        hours=hours,
        description="清扫楼道",
        volunteers=volunteers or [vw.own_member],
        user=vw.world.leader,
        source=ServiceRecord.Source.LEADER,
        **kwargs,
    )


@pytest.mark.parametrize("hours", ["0.5", "1", "24"])
def test_hours_within_the_limit_are_saved(vw, hours):
    rec = save(vw, hours)
    assert rec.hours_rows.get().hours == Decimal(hours)


@pytest.mark.parametrize("hours", ["0", "-1", "24.1", "25"])
def test_hours_outside_zero_to_24_are_refused(vw, hours):
    with pytest.raises(ValidationError):
        save(vw, hours)
    assert not ServiceRecord.objects.filter(date=DAY, team=vw.own_team).exists()


def test_two_records_on_one_day_may_reach_but_not_pass_24(vw):
    save(vw, "20")
    save(vw, "4")  # exactly 24 in the day
    with pytest.raises(ValidationError) as exc:
        save(vw, "0.5")
    assert "王芳" in exc.value.messages[0]
    assert sum(r.hours for r in ServiceHours.objects.filter(volunteer=vw.own_member, date=DAY)) == 24


def test_two_records_adding_past_24_are_refused_and_nothing_is_stored(vw):
    save(vw, "20")
    with pytest.raises(ValidationError):
        save(vw, "5")
    assert ServiceHours.objects.filter(volunteer=vw.own_member, date=DAY).count() == 1


def test_the_limit_is_per_day_and_per_volunteer(vw):
    from tests.volunteers.factories import member_of

    partner = member_of(vw.own_team, name="陈静")
    save(vw, "20")
    save(vw, "20", day=DAY - datetime.timedelta(days=1))
    save(vw, "20", volunteers=[partner])
    with pytest.raises(ValidationError) as exc:
        save(vw, "5", volunteers=[vw.own_member, partner])
    assert len(exc.value.messages) == 2


def test_pending_hours_count_and_rejected_or_archived_do_not(vw):
    pending = record(vw.own_team, [vw.own_member], DAY, "10", status=ServiceRecord.Status.PENDING)
    rejected = record(vw.own_team, [vw.own_member], DAY, "10", status=ServiceRecord.Status.REJECTED)
    archived = record(vw.own_team, [vw.own_member], DAY, "10")
    archived.archive()
    assert rules.hours_already_logged([vw.own_member.pk], DAY) == {vw.own_member.pk: Decimal("10")}
    with pytest.raises(ValidationError):
        save(vw, "14.5")
    save(vw, "14")
    assert pending and rejected


def test_editing_a_record_does_not_count_its_own_hours(vw):
    rec = save(vw, "20")
    rec = save(vw, "24", record=rec, expected_version=rec.version)
    assert rec.hours_rows.get().hours == 24


def test_volunteers_must_be_members_of_the_team(vw):
    with pytest.raises(ValidationError, match="李强"):
        save(vw, "2", volunteers=[vw.other_member])


def test_future_dates_are_refused(vw):
    with pytest.raises(ValidationError):
        save(vw, "2", day=datetime.date.today() + datetime.timedelta(days=1))


def test_the_database_refuses_hours_outside_the_range(vw):
    rec = record(vw.own_team, [], DAY, "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceHours.objects.create(record=rec, volunteer=vw.own_member, date=DAY, hours=Decimal("25"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecord.objects.create(team=vw.own_team, date=DAY, hours=Decimal("0"), description="x")


def test_the_leader_form_shows_the_rule_and_stores_nothing(vw, client_for):
    save(vw, "20")
    response = client_for("leader").post(
        reverse("volunteers:record_create"),
        {
            "team": vw.own_team.pk,
            "date": DAY.isoformat(),
            "hours": "5",
            "description": "助老",
            "volunteers": [vw.own_member.pk],
        },
    )
    assert response.status_code == 200
    assert "王芳" in response.content.decode()
    assert ServiceHours.objects.filter(volunteer=vw.own_member, date=DAY).count() == 1


def test_the_leader_form_saves_valid_service_approved(vw, client_for):
    response = client_for("leader").post(
        reverse("volunteers:record_create"),
        {
            "team": vw.own_team.pk,
            "date": DAY.isoformat(),
            "hours": "3",
            "description": "助老",
            "volunteers": [vw.own_member.pk],
        },
    )
    assert response.status_code == 302
    rec = ServiceRecord.objects.get(description="助老")
    assert rec.status == ServiceRecord.Status.APPROVED
    assert rec.approved_by == vw.world.leader


def test_a_leader_cannot_log_for_another_team(vw, client_for):
    response = client_for("leader").post(
        reverse("volunteers:record_create"),
        {
            "team": vw.other_team.pk,
            "date": DAY.isoformat(),
            "hours": "3",
            "description": "越权",
            "volunteers": [vw.other_member.pk],
        },
    )
    assert response.status_code == 200
    assert not ServiceRecord.objects.filter(description="越权").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours", "abc"),
        ("hours", "30"),
        ("date", "not-a-date"),
        ("description", "=cmd()"),
        ("volunteers", ""),
    ],
)
def test_bad_input_on_the_record_form(vw, client_for, field, value):
    data = {
        "team": vw.own_team.pk,
        "date": DAY.isoformat(),
        "hours": "3",
        "description": "助老",
        "volunteers": [vw.own_member.pk],
    } | {field: value}
    before = ServiceRecord.objects.count()
    response = client_for("staff_a").post(reverse("volunteers:record_create"), data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode() or "alert-error" in response.content.decode()
    assert ServiceRecord.objects.count() == before


def edit_payload(rec, **overrides):
    return {
        "team": rec.team_id,
        "date": rec.date.isoformat(),
        "hours": str(rec.hours),
        "description": rec.description,
        "volunteers": [row.volunteer_id for row in rec.hours_rows.all()],
        "version": rec.version,
    } | overrides


def test_a_leader_corrects_a_record_within_the_limit(vw, client_for):
    rec = save(vw, "20")
    leader = client_for("leader")
    url = reverse("volunteers:record_edit", args=[rec.pk])
    assert leader.get(url).status_code == 200
    assert leader.post(url, edit_payload(rec, hours="24")).status_code == 302  # its own 20 h do not count
    rec.refresh_from_db()
    assert rec.hours == 24 and rec.hours_rows.get().hours == 24
    response = leader.post(url, edit_payload(rec, hours="24.5"))
    assert response.status_code == 200
    rec.refresh_from_db()
    assert rec.hours == 24


def test_a_stale_correction_is_refused(vw, client_for):
    rec = save(vw, "2")
    leader = client_for("leader")
    url = reverse("volunteers:record_edit", args=[rec.pk])
    stale = edit_payload(rec, hours="3")
    assert leader.post(url, stale).status_code == 302
    response = leader.post(url, stale | {"hours": "5"})
    assert response.status_code == 200
    rec.refresh_from_db()
    assert rec.hours == 3


def test_an_archived_record_no_longer_counts(vw, client_for):
    rec = save(vw, "20")
    client_for("leader").post(reverse("volunteers:record_archive", args=[rec.pk]))
    rec.refresh_from_db()
    assert rec.is_archived
    save(vw, "24")


def test_a_correction_without_a_version_is_refused_saying_so(vw, client_for):
    from django.utils import translation

    from core.forms import VERSION_REQUIRED

    rec = save(vw, "2")
    payload = edit_payload(rec, hours="3")
    del payload["version"]
    response = client_for("leader").post(
        reverse("volunteers:record_edit", args=[rec.pk]), payload, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):
        message = str(VERSION_REQUIRED)
    assert message != "The form did not say which version you edited; reload the page and edit again."
    assert message in response.content.decode()
    rec.refresh_from_db()
    assert rec.hours == 2 and rec.hours_rows.get().hours == 2


def test_a_stale_correction_shows_the_other_editors_values(vw, client_for):
    rec = save(vw, "2")
    leader = client_for("leader")
    url = reverse("volunteers:record_edit", args=[rec.pk])
    stale = edit_payload(rec, hours="3")
    assert leader.post(url, edit_payload(rec, hours="3", description="其他人的说明")).status_code == 302
    response = leader.post(url, stale | {"hours": "5"})
    assert response.status_code == 200
    assert response.context["form"].conflict_changes
    assert "其他人的说明" in response.content.decode()
    rec.refresh_from_db()
    assert rec.hours == 3 and rec.description == "其他人的说明"
    assert response.context["form"]["version"].value() == rec.version  # saving again is a choice


def test_the_service_refuses_a_change_without_a_version(vw):
    rec = save(vw, "2")
    with pytest.raises(ValidationError) as caught:
        save(vw, "3", record=rec)
    assert caught.value.error_list[0].code == "version_required"
    rec.refresh_from_db()
    assert rec.hours == 2
