"""Demo data for dual check-in: 东银中心's 45 joint-branch members, check-ins with pledges and service."""

import datetime
import io

from demo.seed import members as seed_members
from demo.seed import organizations as ledger
from demo.seed import volunteers as seed_volunteers
from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeMark


def test_seed_is_complete_and_idempotent(db):
    ctx = ledger.run(io.StringIO())
    seed_volunteers.run(ctx)
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


def test_seed_adds_cadre_reports_one_overdue(db):
    from cadre_reports import services as reports
    from cadre_reports.models import CadreReport
    from demo.seed import crossposts as seed_crossposts
    from organizations.periods import Quarter

    ctx = ledger.run(io.StringIO())
    seed_crossposts.run(ctx)
    seed_members.run(ctx)
    cadre1, cadre2 = ctx.users["cadre1"], ctx.users["cadre2"]
    assert CadreReport.objects.filter(cadre=cadre1, status="submitted").count() >= 2
    assert CadreReport.objects.filter(cadre=cadre2, status="submitted").exists()
    last = Quarter.containing(ctx.today).previous()
    assert not CadreReport.objects.filter(
        cadre=cadre2, year=last.year, quarter=last.number, status="submitted"
    )
    assert CadreReport.objects.filter(
        home_received_at__isnull=False, across_received_at__isnull=False
    ).exists()
    messages = reports.report_reminder_messages(reports.due_on(last) + datetime.timedelta(days=1))
    assert cadre2.pk in {m.recipient_id for m in messages}
    count = CadreReport.objects.count()
    seed_members.run(ledger.run(io.StringIO()))
    assert CadreReport.objects.count() == count
