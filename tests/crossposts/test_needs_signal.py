"""A visit hands the needs raised on it to the needs app by a signal (crossposts.signals), so that
crossposts never imports needs: the tickets are made in the visit's transaction, and the
categories offered are the ones needs registered."""

import pytest
from django.urls import reverse

from crossposts import signals
from crossposts.forms import NeedForm
from crossposts.models import Visit
from needs.models import Category, Need
from tests.crossposts.test_mobile import visit_data


def test_the_categories_offered_are_those_needs_registered():
    assert [v for v, _label in signals.need_categories()] == list(Category.values)
    assert [v for v, _label in NeedForm().fields["category"].choices][1:] == list(Category.values)


def test_a_visit_raises_its_needs_through_the_signal(world, client_for, org1, checklist):
    seen = []

    def spy(sender, visit, items, user, **kwargs):
        seen.append((visit.pk, [i["title"] for i in items], user.pk))

    signals.needs_raised.connect(spy, sender=Visit)
    try:
        client_for("cadre1").post(reverse("mobile:visit_new", kwargs={"org": org1.pk}), visit_data(checklist))
    finally:
        signals.needs_raised.disconnect(spy, sender=Visit)
    visit = Visit.objects.get()
    assert seen == [(visit.pk, ["招聘会场地"], world.cadre1.pk)]
    assert Need.objects.get(visit=visit).title == "招聘会场地"  # needs.receivers made the ticket


def test_a_failing_receiver_rolls_the_visit_back(world, client_for, org1, checklist):
    def fail(sender, **kwargs):
        raise RuntimeError("needs are down")

    signals.needs_raised.connect(fail, sender=Visit)
    try:
        with pytest.raises(RuntimeError):
            client_for("cadre1").post(
                reverse("mobile:visit_new", kwargs={"org": org1.pk}), visit_data(checklist)
            )
    finally:
        signals.needs_raised.disconnect(fail, sender=Visit)
    assert not Visit.objects.exists() and not Need.objects.exists()
