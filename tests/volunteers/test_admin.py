"""The admin applies the same hours rule."""

import datetime

from django.urls import reverse

from tests.volunteers.factories import record
from volunteers.models import ServiceHours, ServiceRecord

DAY = datetime.date.today() - datetime.timedelta(days=4)


def test_admin_refuses_a_record_that_passes_the_daily_limit(vw, client_for):
    record(vw.own_team, [vw.own_member], DAY, "20")
    admin = client_for("admin")
    data = {
        "team": vw.own_team.pk,
        "date": DAY.isoformat(),
        "hours": "5",
        "description": "巡逻",
        "status": "approved",
        "source": "staff",
        "hours_rows-TOTAL_FORMS": "1",
        "hours_rows-INITIAL_FORMS": "0",
        "hours_rows-MIN_NUM_FORMS": "0",
        "hours_rows-MAX_NUM_FORMS": "1000",
        "hours_rows-0-volunteer": vw.own_member.pk,
        "hours_rows-0-hours": "5",
    }
    response = admin.post(reverse("admin:volunteers_servicerecord_add"), data)
    assert response.status_code == 200
    assert "王芳" in response.content.decode()
    assert not ServiceRecord.objects.filter(description="巡逻").exists()
    response = admin.post(
        reverse("admin:volunteers_servicerecord_add"), data | {"hours": "4", "hours_rows-0-hours": "4"}
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms],
    )
    assert ServiceHours.objects.get(record__description="巡逻").date == DAY


def test_admin_lists_open(vw, client_for):
    admin = client_for("admin")
    for model in [
        "volunteerteam",
        "volunteer",
        "servicerecord",
        "buildinggroup",
        "rubric",
        "pairing",
        "buildinggrouprating",
    ]:
        assert admin.get(reverse(f"admin:volunteers_{model}_changelist")).status_code == 200
