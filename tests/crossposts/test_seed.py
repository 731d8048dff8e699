"""The demo data: two cadres' cross-posts and assignments, a year of visits; a second run changes nothing."""

import io

import pytest

from core.models import Notification
from crossposts.models import Assignment, CrossPost, Visit
from crossposts.services import due_for_cadre
from demo.seed import crossposts as seed
from demo.seed import organizations as ledger


@pytest.mark.django_db
def test_seed_is_believable_and_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = ledger.run(io.StringIO())
    seed.run(ctx)
    cadre1, cadre2 = ctx.users["cadre1"], ctx.users["cadre2"]
    assert CrossPost.objects.get(cadre=cadre1).home_area == ctx.area
    assert CrossPost.objects.get(cadre=cadre2).home_building == ctx.buildings["东银中心"]
    mine = set(Assignment.objects.filter(cadre=cadre1).values_list("organization", flat=True))
    theirs = set(Assignment.objects.filter(cadre=cadre2).values_list("organization", flat=True))
    assert len(mine) == len(theirs) == 15 and not mine & theirs
    assert Visit.objects.count() > 200
    due = due_for_cadre(cadre1, ctx.today)
    assert due.overdue and (due.today or due.upcoming)
    assert Notification.objects.filter(recipient=cadre1, kind="visit_due").exists()
    counts = (
        CrossPost.objects.count(),
        Assignment.objects.count(),
        Visit.objects.count(),
        Notification.objects.count(),
    )

    ctx = ledger.run(io.StringIO())
    seed.run(ctx)
    assert counts == (
        CrossPost.objects.count(),
        Assignment.objects.count(),
        Visit.objects.count(),
        Notification.objects.count(),
    )
