"""Demo data for dual check-in: party members of 虹储居民区 and the buildings, check-ins, pledges kept.

Called by ``manage.py seed_demo`` after the ledger and the apps. The 45 members
of 东银中心's joint branch work in its organizations; some live in the street's
residential areas and have checked in there, with pledges and service. Party
members who are already volunteers are linked, never entered twice. A second
run changes nothing.
"""

import datetime

from simple_history.utils import bulk_create_with_history

from demo.seed import cadre_reports
from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeKind, PledgeMark

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红建文辉力燕"
SKILLS = ["法律咨询", "家电维修", "理发", "书法", "医疗保健", "心理疏导", "英语辅导", "摄影"]

PLEDGE_DEFAULTS = [
    # (name, rule, position)
    ("志愿服务", "volunteer_hours", 10),
    ("结对帮困", "pairing", 20),
    ("楼组工作", "manual", 30),
    ("技能服务", "manual", 40),
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"


def run(ctx):
    _members(ctx)
    cadre_reports.run(ctx)


def _members(ctx):
    street = ctx.street
    if PartyMember.objects.filter(street=street).exists():
        ctx.stdout.write("Party members: already seeded.")
        return
    from volunteers.models import Volunteer

    rng = ctx.rng
    today = ctx.today
    # The pledge list a data migration creates; made again here if a test database lost it.
    for name, rule, position in PLEDGE_DEFAULTS:
        PledgeKind.objects.get_or_create(name=name, defaults={"rule": rule, "position": position})
    kinds = {k.rule: k for k in PledgeKind.objects.filter(active=True).order_by("-position")}
    all_kinds = list(PledgeKind.objects.filter(active=True))
    manual = [k for k in all_kinds if k.rule == PledgeKind.Rule.MANUAL]
    areas = list(ctx.areas)
    party_orgs = ctx.party_orgs
    joint = party_orgs["东银中心楼宇联合党支部"]
    dongyin = ctx.buildings["东银中心"]
    units = [o for o in ctx.organizations if o.building_id == dongyin.pk] or list(ctx.organizations[:10])
    free_volunteers = list(
        Volunteer.objects.filter(street=street, is_party_member=True, party_member__isnull=True)
        .select_related("residential_area")
        .order_by("pk")
    )
    area_volunteers = [v for v in free_volunteers if v.residential_area_id == ctx.area.pk]

    created = []
    # The 45 members of 东银中心's joint branch: two in three live in the street.
    for i in range(45):
        area = areas[i % len(areas)] if i % 3 else None
        volunteer = area_volunteers.pop() if area == ctx.area and area_volunteers and i % 2 else None
        created.append(
            PartyMember(
                street=street,
                name=volunteer.name if volunteer else _name(rng),
                party_organization=joint,
                work_organization=units[i % len(units)],
                residential_area=area,
                status=PartyMember.Status.IN_SERVICE,
                phone=volunteer.phone if volunteer and volunteer.phone else _phone(rng),
                volunteer=volunteer,
            )
        )
    # 虹储居民区's own members: retired residents, and residents working in the buildings' units.
    branches = [p for name, p in party_orgs.items() if name.startswith("虹储居民区第")]
    work_party_orgs = [
        p for name, p in party_orgs.items() if name.startswith("东银中心") and p.kind == "independent"
    ]
    for i in range(30):
        retired = i % 3 == 0
        volunteer = area_volunteers.pop() if area_volunteers else None
        created.append(
            PartyMember(
                street=street,
                name=volunteer.name if volunteer else _name(rng),
                party_organization=branches[i % len(branches)],
                work_party_organization=None if retired else work_party_orgs[i % len(work_party_orgs)],
                residential_area=ctx.area,
                status=PartyMember.Status.RETIRED if retired else PartyMember.Status.IN_SERVICE,
                phone=volunteer.phone if volunteer and volunteer.phone else _phone(rng),
                volunteer=volunteer,
            )
        )
    members = bulk_create_with_history(created, PartyMember)
    for member in members:
        rules.sync_volunteer(member)

    # Check-ins: most residents have checked in with their residential area, pledging services.
    quarter = rules.Quarter.current().previous()
    checkins, pledged = [], []
    from volunteers.models import Pairing

    paired = set(Pairing.objects.filter(street=street).values_list("party_member_id", flat=True))
    for member in members:
        if member.residential_area_id is None or rng.random() < 0.3:
            continue
        chosen = {kinds[PledgeKind.Rule.VOLUNTEER_HOURS]} if member.volunteer_id else set()
        if member.volunteer_id in paired:
            chosen.add(kinds[PledgeKind.Rule.PAIRING])
        if manual:
            chosen |= set(rng.sample(manual, rng.randint(0 if chosen else 1, len(manual))))
        checkin = CommunityCheckIn(
            member=member,
            residential_area=member.residential_area,
            party_organization=rules.default_party_organization(member.residential_area),
            checked_in_on=today - datetime.timedelta(days=rng.randint(120, 700)),
            skills_offered=rng.choice(SKILLS) if PledgeKind.Rule.MANUAL in {k.rule for k in chosen} else "",
        )
        checkins.append(checkin)
        pledged.append(chosen)
    CommunityCheckIn.objects.bulk_create(checkins)
    through = CommunityCheckIn.pledges.through
    through.objects.bulk_create(
        [
            through(communitycheckin_id=c.pk, pledgekind_id=k.pk)
            for c, chosen in zip(checkins, pledged, strict=True)
            for k in chosen
        ]
    )
    # Staff marked most building-group and skills pledges kept last quarter.
    marks = [
        PledgeMark(
            member_id=c.member_id,
            pledge=k,
            year=quarter.year,
            quarter=quarter.number,
            note="楼组议事、邻里互助" if "楼组" in k.name else "为居民提供技能服务",
            marked_by=ctx.users["staff"],
        )
        for c, chosen in zip(checkins, pledged, strict=True)
        for k in chosen
        if k.rule == PledgeKind.Rule.MANUAL and rng.random() < 0.7
    ]
    PledgeMark.objects.bulk_create(marks)
    ctx.stdout.write(
        f"Party members: {len(members)}, {len(checkins)} checked in, {len(marks)} pledges marked kept."
    )
