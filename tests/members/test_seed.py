"""Demo data for dual check-in: 东银中心's 45 joint-branch members, check-ins with pledges and service."""

import io

from organizations import members as rules
from organizations import seed as ledger
from organizations import seed_members
from organizations.models import CommunityCheckIn, PartyMember, PledgeMark
from volunteers import seed as volunteers_seed


def test_seed_is_complete_and_idempotent(db):
    ctx = ledger.run(io.StringIO())
    volunteers_seed.run(ctx)
    seed_members.run(ctx)
    joint = ctx.party_orgs["东银中心楼宇联合党支部"]
    assert PartyMember.objects.filter(party_organization=joint).count() == 45
    assert PartyMember.objects.filter(residential_area=ctx.area).count() >= 30
    linked = PartyMember.objects.filter(volunteer__isnull=False)
    assert linked.exists()
    assert all(m.volunteer.is_party_member and m.volunteer.name == m.name for m in linked)
    assert CommunityCheckIn.objects.filter(pledges__isnull=False).exists()
    figures = rules.member_figures(ctx.users["staff"], rules.Quarter.current().previous())
    assert 0 < figures.checked_in < figures.in_service
    assert figures.pledges_kept > 0
    counts = (PartyMember.objects.count(), CommunityCheckIn.objects.count(), PledgeMark.objects.count())
    ctx2 = ledger.run(io.StringIO())
    seed_members.run(ctx2)
    assert counts == (
        PartyMember.objects.count(),
        CommunityCheckIn.objects.count(),
        PledgeMark.objects.count(),
    )
