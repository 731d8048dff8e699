"""Demo data: 虹储居民区's 31 volunteer teams with 800 volunteers, building groups, pairings, hours.

Idempotent: if the area already has volunteer teams, nothing is added. Names and
numbers come from ``ctx.rng``, so every run produces the same data set.
"""

from datetime import timedelta
from decimal import Decimal

from demo.seed import needs as seed_needs
from organizations.models import PartyOrganization
from volunteers import rating, services
from volunteers.models import (
    BuildingGroup,
    ManualScoreItem,
    Pairing,
    PairingCheckIn,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

TEAM_COUNT = 31
VOLUNTEER_COUNT = 800
GROUP_COUNT = 40

FOCUSES = [
    ("美化家园", ["清扫楼道", "清理小广告", "绿化养护", "楼道堆物清理"]),
    ("助老服务", ["陪独居老人聊天", "代买生活用品", "助老理发", "陪同就医"]),
    ("平安巡逻", ["夜间巡逻", "消防通道检查", "防诈骗宣传"]),
    ("垃圾分类", ["垃圾分类桶边督导", "分类知识宣传", "湿垃圾破袋"]),
    ("文明劝导", ["非机动车停放劝导", "文明养犬宣传", "路口文明劝导"]),
    ("邻里调解", ["邻里纠纷调解", "楼组议事会"]),
    ("助学辅导", ["小学生作业辅导", "暑期托管"]),
    ("健康义诊", ["测血压", "健康讲座", "义诊咨询"]),
    ("文体活动", ["广场舞排练", "书法班", "合唱团排练"]),
    ("政策宣传", ["医保政策宣传", "人口普查协助", "选民登记协助"]),
    ("防疫服务", ["疫苗接种引导", "健康码查验协助"]),
]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
)
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁琳欣雪梅")
SKILLS = [
    "急救",
    "书法",
    "摄影",
    "电脑维修",
    "理发",
    "法律咨询",
    "心理疏导",
    "英语",
    "烹饪",
    "水电维修",
    "舞蹈",
    "驾驶",
]
DIFFICULTIES = ["独居高龄老人", "重病家庭", "残疾人家庭", "低保家庭", "失独家庭", "困境儿童家庭"]
CHECKIN_NOTES = [
    "上门看望，了解近况",
    "送去米和油",
    "陪同去医院复查",
    "帮忙申请补助",
    "电话问候，身体尚好",
    "帮助打扫房间",
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def run(ctx):
    area = ctx.area
    if VolunteerTeam.objects.filter(residential_area=area).exists():
        ctx.stdout.write("Volunteers: already seeded.")
        seed_needs.run_links(ctx)
        return
    rng, street, today = ctx.rng, ctx.street, ctx.today
    general = ctx.party_orgs.get("虹储居民区党总支")
    branches = [p for name, p in ctx.party_orgs.items() if name.startswith("虹储居民区第")] or [general]

    # Building groups, each with a party group of its branch; households add up to about 1,300.
    groups = []
    for n in range(1, GROUP_COUNT + 1):
        branch = branches[(n - 1) % len(branches)]
        party_group, _ = PartyOrganization.objects.get_or_create(
            street=street,
            name=f"虹储居民区{n}号楼党小组",
            defaults={
                "level": PartyOrganization.Level.GROUP,
                "parent": branch,
                "residential_area": area,
                "member_count": rng.randint(3, 9),
            },
        )
        groups.append(
            BuildingGroup(
                residential_area=area,
                number=f"{n}号",
                households=rng.randint(24, 42),
                party_group=party_group,
                head=_name(rng),
            )
        )
    groups = BuildingGroup.objects.bulk_create(groups)

    # 31 teams; leader1 leads the first.
    teams = []
    for n in range(TEAM_COUNT):
        focus, _ = FOCUSES[n % len(FOCUSES)]
        suffix = "" if n < len(FOCUSES) else f"{n // len(FOCUSES) + 1}分队"
        teams.append(
            VolunteerTeam(
                street=street,
                residential_area=area,
                name=f"虹储{focus}志愿者队{suffix}",
                focus=focus,
                founded=today.replace(year=today.year - rng.randint(2, 9), month=rng.randint(1, 12), day=1),
                leader=ctx.users["leader1"] if n == 0 else None,
            )
        )
    teams = VolunteerTeam.objects.bulk_create(teams)

    # 800 volunteers, a quarter of them party members.
    volunteers = []
    for _ in range(VOLUNTEER_COUNT):
        member = rng.random() < 0.25
        volunteers.append(
            Volunteer(
                street=street,
                residential_area=area,
                building_group=rng.choice(groups),
                name=_name(rng),
                phone=f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
                is_party_member=member,
                party_organization=rng.choice(branches) if member else None,
                skills=", ".join(rng.sample(SKILLS, rng.randint(0, 2))),
                availability=rng.choice(Volunteer.Availability.values),
            )
        )
    volunteers = Volunteer.objects.bulk_create(volunteers)

    # Everyone in one team (the first of each team is its deputy); one in ten in a second team.
    joined = today - timedelta(days=500)
    memberships, rosters = [], {t.pk: [] for t in teams}
    for n, volunteer in enumerate(volunteers):
        team = teams[n % TEAM_COUNT]
        role = TeamMembership.Role.DEPUTY if n < TEAM_COUNT else TeamMembership.Role.MEMBER
        memberships.append(TeamMembership(team=team, volunteer=volunteer, role=role, joined_on=joined))
        rosters[team.pk].append(volunteer)
        if rng.random() < 0.1:
            second = teams[(n + rng.randint(1, TEAM_COUNT - 1)) % TEAM_COUNT]
            memberships.append(TeamMembership(team=second, volunteer=volunteer, joined_on=joined))
            rosters[second.pk].append(volunteer)
    TeamMembership.objects.bulk_create(memberships)

    # Service over the past year, through the hours rule: about two outings per team and month.
    staff = ctx.users["staff"]
    records = 0
    for n, team in enumerate(teams):
        _, tasks = FOCUSES[n % len(FOCUSES)]
        for _outing in range(24):
            day = today - timedelta(days=rng.randint(1, 364))
            people = rng.sample(rosters[team.pk], min(len(rosters[team.pk]), rng.randint(3, 8)))
            services.save_service_record(
                team=team,
                day=day,
                hours=Decimal(rng.choice(["1", "1.5", "2", "2.5", "3", "4"])),
                description=rng.choice(tasks),
                volunteers=people,
                user=ctx.users["leader1"] if n == 0 else staff,
                source=ServiceRecord.Source.LEADER if n == 0 else ServiceRecord.Source.STAFF,
            )
            records += 1
    # A few hours logged by volunteers themselves, waiting for leader1's approval.
    for volunteer in rosters[teams[0].pk][:4]:
        services.save_service_record(
            team=teams[0],
            day=today - timedelta(days=rng.randint(1, 6)),
            hours=Decimal("2"),
            description=rng.choice(FOCUSES[0][1]),
            volunteers=[volunteer],
            source=ServiceRecord.Source.SELF,
        )
        records += 1

    # 40 party members paired with families in difficulty, with check-ins.
    party_members = [v for v in volunteers if v.is_party_member][:40]
    for volunteer in party_members:
        pairing = Pairing.objects.create(
            street=street,
            party_member=volunteer,
            household=f"{_name(rng)}家",
            building_group=volunteer.building_group,
            difficulty=rng.choice(DIFFICULTIES),
            started_on=today - timedelta(days=rng.randint(200, 900)),
        )
        PairingCheckIn.objects.bulk_create(
            [
                PairingCheckIn(
                    pairing=pairing,
                    visited_on=today - timedelta(days=rng.randint(1, 540)),
                    note=rng.choice(CHECKIN_NOTES),
                    recorded_by=staff,
                )
                for _ in range(rng.randint(2, 10))
            ]
        )

    # Items staff recorded by hand, then this year's and last year's ratings.
    for group in rng.sample(groups, 12):
        ManualScoreItem.objects.create(
            building_group=group,
            year=today.year,
            description=rng.choice(["楼道整洁评比第一", "无违章搭建", "楼组公约上墙", "获评文明楼组"]),
            points=Decimal(rng.choice([2, 3, 5, 8])),
            recorded_by=staff,
        )
    for year in (today.year - 1, today.year):
        rubric = rating.rubric_for(street, year)
        rubric.weight_hours = Decimal("3")
        rubric.save()
        rating.rate_street(street, year)
    seed_needs.run_links(ctx)  # needs handed to the teams just made, and a need made an event
    ctx.stdout.write(
        f"Volunteers: {len(teams)} teams, {len(volunteers)} volunteers, {len(groups)} building groups, "
        f"{records} service records, {len(party_members)} pairings."
    )
