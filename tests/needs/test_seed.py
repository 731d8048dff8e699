"""The demo data: every category and status, some breached, from visits and the public form; twice is once."""

import io

from demo.seed import needs as seed
from demo.seed import organizations as ledger_seed
from needs.models import Need, Project, Resource


def test_seed_covers_the_workflow_and_is_idempotent(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = ledger_seed.run(io.StringIO())
    seed.run(ctx)
    street_needs = Need.objects.filter(street=ctx.street)
    assert set(street_needs.values_list("category", flat=True)) == set(Need.Category.values)
    assert set(street_needs.values_list("status", flat=True)) == set(Need.Status.values)
    assert street_needs.sla(Need.SLA.BREACHED).exists()
    assert street_needs.filter(source=Need.Source.ONLINE).count() == 3
    assert street_needs.filter(rating__isnull=False).exists()
    assert Project.objects.filter(street=ctx.street).count() == 2
    for need in street_needs.filter(status__in=Need.HANDLED_STATUSES):
        assert need.created < need.resolved_at
    counts = (Need.objects.count(), Resource.objects.count(), Project.objects.count())
    seed.run(ctx)
    assert (Need.objects.count(), Resource.objects.count(), Project.objects.count()) == counts
