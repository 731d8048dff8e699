"""The building groups' star rating: computed from evidence, explained, kept per year."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.volunteers.factories import BuildingGroupFactory, CheckInFactory, PairingFactory, member_of, record
from volunteers import rating
from volunteers.models import BuildingGroupRating, ManualScoreItem, Rubric, ServiceRecord

YEAR = 2025


def known_data(vw):
    """Group 1号 (20 households): 2 volunteers × 10 approved hours, 3 visits, 5 points by hand."""
    group = vw.group_a
    a = member_of(vw.own_team, name="甲", building_group=group)
    b = member_of(vw.own_team, name="乙", building_group=group)
    record(vw.own_team, [a, b], datetime.date(YEAR, 3, 1), "10")
    # Evidence that must not count: pending hours, hours of another year, an archived record.
    record(vw.own_team, [a], datetime.date(YEAR, 3, 2), "8", status=ServiceRecord.Status.PENDING)
    record(vw.own_team, [a], datetime.date(YEAR - 1, 3, 2), "8")
    record(vw.own_team, [b], datetime.date(YEAR, 3, 3), "8").archive()
    pairing = PairingFactory(
        party_member=member_of(vw.own_team, name="党员丙", is_party_member=True), building_group=group
    )
    for month in (1, 5, 9):
        CheckInFactory(pairing=pairing, visited_on=datetime.date(YEAR, month, 1))
    CheckInFactory(pairing=pairing, visited_on=datetime.date(YEAR - 1, 5, 1))
    ManualScoreItem.objects.create(
        building_group=group, year=YEAR, description="楼道整洁", points=Decimal("5")
    )
    return group


def test_the_score_is_computed_from_the_evidence_with_the_rubric_weights(vw):
    group = known_data(vw)
    rubric = rating.rubric_for(
        vw.world.street_a, YEAR
    )  # defaults: 10 / 1 / 3 / 2 / 1; stars 10, 25, 45, 70, 100
    result = rating.compute([group], YEAR, rubric)[group.pk]
    parts = rating.group_parts_by_key(result["breakdown"])
    assert parts["hours"]["value"] == 1.0  # 20 hours / 20 households
    assert parts["hours"]["points"] == 10.0
    assert parts["visits"]["value"] == 3.0 and parts["visits"]["points"] == 6.0
    assert parts["manual"]["points"] == 5.0
    assert parts["events"]["points"] == 0.0 and parts["needs"]["points"] == 0.0
    assert result["score"] == Decimal("21.0")
    assert result["stars"] == 1


def test_staff_set_the_weights_and_thresholds_and_the_stars_follow(vw, client_for):
    group = known_data(vw)
    staff = client_for("staff_a")
    rubric = rating.rubric_for(vw.world.street_a, YEAR)
    response = staff.post(
        f"{reverse('volunteers:rubric_edit')}?year={YEAR}",
        {
            "year": YEAR,
            "version": rubric.version,
            "weight_hours": "20",
            "weight_events": "1",
            "weight_needs": "3",
            "weight_visits": "2",
            "weight_manual": "1",
            "star1": "5",
            "star2": "10",
            "star3": "20",
            "star4": "30",
            "star5": "40",
        },
    )
    assert response.status_code == 302
    staff.post(reverse("volunteers:ratings_compute"), {"year": YEAR})
    saved = BuildingGroupRating.objects.get(building_group=group, year=YEAR)
    assert saved.score == Decimal("31.0")  # 20 + 6 + 5
    assert saved.stars == 4


def test_the_detail_page_explains_every_part_and_keeps_past_years(vw, client_for):
    group = known_data(vw)
    rating.rate_street(vw.world.street_a, YEAR - 1)
    rating.rate_street(vw.world.street_a, YEAR)
    assert set(BuildingGroupRating.objects.filter(building_group=group).values_list("year", flat=True)) == {
        YEAR - 1,
        YEAR,
    }
    response = client_for("staff_a").get(reverse("volunteers:group_detail", args=[group.pk]))
    ratings = response.context["ratings"]
    assert [r.year for r in ratings] == [YEAR, YEAR - 1]
    labels = [p["label"] for p in ratings[0].parts]
    assert len(labels) == 5
    page = response.content.decode()
    assert "21.0" in page
    # Recomputing replaces the year's rating instead of adding one.
    rating.rate_street(vw.world.street_a, YEAR)
    assert BuildingGroupRating.objects.filter(building_group=group, year=YEAR).count() == 1


def test_the_ranking_lists_groups_by_score_with_stars(vw, client_for):
    known_data(vw)
    low = BuildingGroupFactory(residential_area=vw.area_a, number="2号", households=50)
    rating.rate_street(vw.world.street_a, YEAR)
    groups = list(
        client_for("staff_a").get(reverse("volunteers:group_list"), {"year": YEAR}).context["groups"]
    )
    assert groups[0] == vw.group_a and groups[0].stars == 1
    assert groups[1] == low and groups[1].score == 0


def test_a_bad_rubric_is_refused_and_unchanged(vw, client_for):
    rubric = rating.rubric_for(vw.world.street_a, YEAR)
    response = client_for("staff_a").post(
        f"{reverse('volunteers:rubric_edit')}?year={YEAR}",
        {
            "year": YEAR,
            "version": rubric.version,
            "weight_hours": "-1",
            "weight_events": "1",
            "weight_needs": "3",
            "weight_visits": "2",
            "weight_manual": "1",
            "star1": "50",
            "star2": "10",
            "star3": "20",
            "star4": "30",
            "star5": "40",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    rubric.refresh_from_db()
    assert rubric.weight_hours == 10 and rubric.star1 == 10


def test_a_hand_recorded_item_out_of_range_is_refused(vw, client_for):
    client_for("staff_a").post(
        reverse("volunteers:group_item_add", args=[vw.group_a.pk]),
        {"year": YEAR, "description": "奖励", "points": "500"},
    )
    assert not ManualScoreItem.objects.exists()


def test_the_nightly_task_rates_every_street(vw):
    from volunteers.tasks import build_report_ratings

    assert build_report_ratings(YEAR) == 2
    assert Rubric.objects.filter(year=YEAR).count() == 2


def test_event_participation_and_resolved_needs_count_when_linked(vw):
    from django.utils import timezone

    from needs.models import Need
    from tests.events.factories import AttendanceFactory, EventFactory, RegistrationFactory
    from tests.factories import OrganizationFactory
    from tests.needs.factories import NeedFactory

    group = vw.group_a
    a = member_of(vw.own_team, name="甲", building_group=group)
    starts = timezone.make_aware(datetime.datetime(YEAR, 6, 1, 9))
    event = EventFactory(
        street=vw.world.street_a, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    for volunteer in (a, vw.own_member):
        AttendanceFactory(
            registration=RegistrationFactory(event=event, volunteer=volunteer, name=volunteer.name)
        )
    need = NeedFactory(organization=OrganizationFactory(street=vw.world.street_a))
    Need.objects.filter(pk=need.pk).update(status=Need.Status.RESOLVED, resolved_at=timezone.now())
    open_need = NeedFactory(organization=OrganizationFactory(street=vw.world.street_a))
    record(vw.own_team, [a], datetime.date(YEAR, 6, 1), "2", need=need, event=event)
    record(vw.own_team, [a], datetime.date(YEAR, 6, 2), "2", need=need)  # the same need counts once
    record(vw.own_team, [a], datetime.date(YEAR, 6, 3), "2", need=open_need)  # not resolved
    rubric = rating.rubric_for(vw.world.street_a, YEAR)
    parts = rating.group_parts_by_key(rating.compute([group], YEAR, rubric)[group.pk]["breakdown"])
    assert parts["events"]["available"] and parts["events"]["value"] == 2.0
    assert parts["events"]["points"] == 2.0
    assert parts["needs"]["available"] and parts["needs"]["value"] == 1.0
    assert parts["needs"]["points"] == 3.0
    assert parts["hours"]["value"] == 0.3  # 6 hours / 20 households


def test_a_record_cannot_serve_a_need_of_another_street(vw):
    from django.core.exceptions import ValidationError

    from tests.factories import OrganizationFactory
    from tests.needs.factories import NeedFactory
    from volunteers import services

    need_b = NeedFactory(organization=OrganizationFactory(street=vw.world.street_b))
    try:
        services.save_service_record(
            team=vw.own_team,
            day=datetime.date.today(),
            hours="1",
            description="x",
            volunteers=[vw.own_member],
            need=need_b,
        )
    except ValidationError:
        pass
    else:
        raise AssertionError("a need of another street was accepted")
    assert not ServiceRecord.objects.filter(need=need_b).exists()


def test_the_events_part_comes_from_the_events_app_and_is_unavailable_without_it(vw, monkeypatch):
    from events import rating_evidence

    assert rating._sources["events"] is rating_evidence.checkins_by_building_group
    monkeypatch.delitem(rating._sources, "events")
    group = vw.group_a
    rubric = rating.rubric_for(vw.world.street_a, YEAR)
    parts = rating.group_parts_by_key(rating.compute([group], YEAR, rubric)[group.pk]["breakdown"])
    assert parts["events"]["available"] is False and parts["events"]["points"] == 0.0
    assert parts["hours"]["available"]


def test_only_known_parts_take_a_registered_source():
    with pytest.raises(ValueError):
        rating.register_evidence("weather", lambda ids, year: {})
