"""Admin: checklist versions freeze once used; the visit admin keeps the dating rule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crossposts.admin import copy_template
from crossposts.models import ChecklistTemplate
from tests.crossposts.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open(world, client_for, org1, checklist):
    client = client_for("admin")
    visit = VisitFactory(cadre=world.cadre1, organization=org1, checklist_template=checklist)
    for name in [
        "visit",
        "crosspost",
        "assignment",
        "checklisttemplate",
        "checklistitem",
        "visitphoto",
        "visitaddendum",
    ]:
        assert client.get(reverse(f"admin:crossposts_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:crossposts_visit_change", args=[visit.pk])).status_code == 200


def test_a_used_checklist_version_is_frozen_and_copied_to_change(world, client_for, org1, checklist):
    VisitFactory(cadre=world.cadre1, organization=org1, checklist_template=checklist)
    client = client_for("admin")
    url = reverse("admin:crossposts_checklisttemplate_change", args=[checklist.pk])
    response = client.post(url, {"title": "改名", "published": "on"})
    checklist.refresh_from_db()
    assert response.status_code in (200, 403) and checklist.title != "改名"
    new = copy_template(checklist)
    assert new.version == 2 and not new.published
    assert [i.text for i in new.items.all()] == [i.text for i in checklist.items.all()]
    assert ChecklistTemplate.objects.current() == checklist  # until v2 is published
    new.published = True
    new.save()
    assert ChecklistTemplate.objects.current() == new


def test_visit_admin_refuses_a_future_date(world, client_for, org1):
    visit = VisitFactory(cadre=world.cadre1, organization=org1)
    url = reverse("admin:crossposts_visit_change", args=[visit.pk])
    future = timezone.localtime() + timedelta(days=2)
    response = client_for("admin").post(
        url,
        {
            "cadre": world.cadre1.pk,
            "organization": org1.pk,
            "visited_at_0": future.strftime("%Y-%m-%d"),
            "visited_at_1": future.strftime("%H:%M:%S"),
            "method": "on_site",
            "checklist_answers": "[]",
            "raised_needs": "[]",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "addenda-TOTAL_FORMS": "0",
            "addenda-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # re-rendered with the error
    visit.refresh_from_db()
    assert visit.visited_at < timezone.now()
