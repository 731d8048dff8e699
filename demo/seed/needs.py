"""Demo needs, resources and projects for seed_demo. Running it twice changes nothing."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from needs import services
from needs.models import Need, NeedEvent, Project, ProjectNote, Resource, ResponseDeadline
from needs.workflow import S, transition

C = Need.Category

DEADLINE_HOURS = {
    C.CONSULTING: 72,
    C.CHARITY: 120,
    C.CULTURE_SPORTS: 168,
    C.VENUE: 48,
    C.TRAINING: 240,
    C.MEDICAL: 48,
    C.SOCIAL: 240,
    C.RECRUITMENT: 168,
    C.OTHER: 168,
}

# (category, title, description) — two per category, so every category appears with several statuses.
NEEDS = [
    (C.CONSULTING, "外资企业党建工作咨询", "企业对党建工作了解不多，希望有人上门讲解。"),
    (C.CONSULTING, "工商年报填报咨询", "财务人员不熟悉新版年报系统。"),
    (C.CHARITY, "结对帮困家庭节日慰问", "楼宇企业愿意认领居民区困难家庭的节日慰问。"),
    (C.CHARITY, "独居老人关爱探访", "虹储居民区独居老人需要定期探访。"),
    (C.CULTURE_SPORTS, "白领午间健身课程", "员工希望在楼宇内开设午间瑜伽课。"),
    (C.CULTURE_SPORTS, "楼宇羽毛球联赛场地", "组织楼宇间羽毛球联赛，需要场地和裁判。"),
    (C.VENUE, "季度党员大会会场", "需要可容纳80人的会议室半天。"),
    (C.VENUE, "新员工培训教室", "需要带投影的教室两天。"),
    (C.TRAINING, "新员工入职安全培训", "希望街道协调消防安全培训讲师。"),
    (C.TRAINING, "党务干部业务培训", "新任支部书记需要党务知识培训。"),
    (C.MEDICAL, "员工集体体检对接", "约120名员工的年度体检，希望对接社区卫生服务中心。"),
    (C.MEDICAL, "楼宇急救培训与AED", "希望在大堂配置AED并培训急救员。"),
    (C.SOCIAL, "白领青年联谊活动", "单身白领较多，希望参加街道组织的联谊活动。"),
    (C.SOCIAL, "跨企业读书会", "几家企业想联合办读书会，需要组织和场地。"),
    (C.RECRUITMENT, "招聘会摊位", "希望参加街道春季招聘会。"),
    (C.RECRUITMENT, "残疾人就业岗位对接", "企业有适合残疾人的岗位，希望对接。"),
    (C.OTHER, "停车位紧张协调", "楼宇访客车位紧张，希望协调周边停车资源。"),
    (C.OTHER, "垃圾分类宣传物料", "需要垃圾分类宣传海报和讲解。"),
]

# The path through the workflow each demo need takes, cycled over NEEDS, and how many days ago it was raised.
PATHS = [
    ([], 1),  # submitted, untouched, on track
    ([S.ACCEPTED], 3),
    ([S.ACCEPTED, S.MATCHED], 4),
    ([S.ACCEPTED, S.IN_PROGRESS], 6),
    ([S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED], 20),
    ([S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED], 40),
    ([S.REJECTED], 15),
    ([S.WITHDRAWN], 12),
    ([], 14),  # submitted long ago and untouched: breached
]

REASONS = {
    S.REJECTED: "不属于街道职责范围，已告知企业联系区相关部门。",
    S.WITHDRAWN: "企业已自行解决，撤回需求。",
}

RESOURCES = [
    ("东银中心多功能厅", C.VENUE, "buildings", "东银中心", 120, "可容纳120人，工作日免费。"),
    ("远东国际广场会议室", C.VENUE, "buildings", "远东国际广场", 40, "带投影，需提前三天预约。"),
    ("社区卫生服务中心体检通道", C.MEDICAL, "area", None, 200, "企业集体体检绿色通道。"),
    ("党员医生志愿服务队", C.MEDICAL, "party", None, 15, "每月一次楼宇义诊。"),
    ("律师事务所公益法律咨询", C.CONSULTING, "org", 0, 20, "每周三下午公益咨询。"),
    ("财税咨询志愿者", C.CONSULTING, "org", 1, 10, "年报、税务咨询。"),
    ("楼宇职工健身房", C.CULTURE_SPORTS, "buildings", "新虹桥中心大厦", 30, "午间开放。"),
    ("消防安全培训讲师", C.TRAINING, "party", None, 50, "街道消防站专职讲师。"),
    ("街道春季招聘会", C.RECRUITMENT, "area", None, 60, "每年三月，摊位免费。"),
    ("青年联谊会", C.SOCIAL, "org", 2, 100, "团工委组织的白领联谊。"),
    ("慈善超市爱心物资", C.CHARITY, "area", None, None, "节日慰问物资。"),
]

PUBLIC = [
    (
        C.RECRUITMENT,
        "Hiring local graduates",
        "Bavaria Trading (Shanghai) Co., Ltd.",
        "Anna Müller",
        "anna@example.com",
    ),
    (
        C.CONSULTING,
        "How to set up a party branch in our company",
        "Sakura Logistics Shanghai",
        "Ken Sato",
        "ken@example.com",
    ),
    (
        C.VENUE,
        "Room for a staff charity event",
        "Maple Leaf Consulting (Shanghai)",
        "Emily Brown",
        "emily@example.com",
    ),
]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour=hour)))


def _deadlines(street):
    for category, hours in DEADLINE_HOURS.items():
        ResponseDeadline.objects.get_or_create(street=street, category=category, defaults={"hours": hours})


def _resources(ctx):
    orgs = ctx.organizations
    street_porgs = [p for p in ctx.party_orgs.values() if p.street_id == ctx.street.id]
    made = []
    for name, category, kind, ref, capacity, description in RESOURCES:
        provider = {
            "buildings": lambda r: {"building": ctx.buildings[r]},
            "area": lambda r: {"residential_area": ctx.area},
            "party": lambda r: {"party_organization": street_porgs[0]},
            "org": lambda r: {"organization": orgs[r]},
        }[kind](ref)
        resource, _ = Resource.objects.get_or_create(
            street=ctx.street,
            name=name,
            defaults={
                "category": category,
                "capacity": capacity,
                "description": description,
                "contact_name": "街道党群办",
                "contact_phone": "021-62345678",
                **provider,
            },
        )
        made.append(resource)
    return made


def _backdate(need, created, hours):
    """Put a demo need (and its timeline) back in time, as if raised ``created``."""
    need.set_deadline(hours, start=created)
    Need.objects.filter(pk=need.pk).update(created=created, due_at=need.due_at, at_risk_at=need.at_risk_at)
    for i, event in enumerate(need.events.order_by("id")):
        NeedEvent.objects.filter(pk=event.pk).update(created=created + timedelta(hours=6 * i))


def _walk(ctx, need, path, created, resources):
    staff = ctx.users["staff"]
    for step in path:
        if step == S.MATCHED:
            resource = next((r for r in resources if r.category == need.category), resources[0])
            services.match_resource(need, resource, staff)
        else:
            transition(need, step, staff, REASONS.get(step, ""))
    if need.status in (S.RESOLVED, S.CLOSED):
        resolved = created + timedelta(hours=ctx.rng.randint(8, 24 * 9))
        Need.objects.filter(pk=need.pk).update(resolved_at=resolved)


def _needs(ctx, resources):
    orgs = ctx.organizations
    cadres = [ctx.users["cadre1"], ctx.users["cadre2"]]
    created_count = 0
    for i, (category, title, description) in enumerate(NEEDS * 2):
        path, days_ago = PATHS[i % len(PATHS)]
        if i >= len(NEEDS):
            title = f"{title}（二期）"
        if Need.objects.filter(street=ctx.street, title=title).exists():
            continue
        org = orgs[(i * 7) % len(orgs)]
        residents = category == C.CHARITY and i % 2 == 1
        cadre = cadres[i % 2]
        need = Need(
            street=ctx.street,
            organization=None if residents else org,
            residential_area=ctx.area if residents else None,
            source=[Need.Source.VISIT, Need.Source.PHONE, Need.Source.WALK_IN][i % 3],
            category=category,
            title=title,
            description=description,
            urgency=[Need.Urgency.NORMAL, Need.Urgency.HIGH, Need.Urgency.LOW, Need.Urgency.URGENT][i % 4],
            assignee=cadre if i % 3 else ctx.users["staff"],
            contact_name="" if residents else org.contact_name,
            contact_phone="" if residents else org.contact_phone,
        )
        services.open_need(need, cadre if need.source == Need.Source.VISIT else ctx.users["staff"])
        created = _at(ctx.today - timedelta(days=days_ago + i % 5), 9 + i % 8)
        hours = DEADLINE_HOURS[category]
        _walk(ctx, need, path, created, resources)
        _backdate(need, created, hours)
        if need.status == S.CLOSED and i % 2 == 0:
            Need.objects.filter(pk=need.pk).update(
                rating=ctx.rng.choice([4, 5, 5, 3]),
                rating_comment="服务及时，感谢街道。",
                rated_at=timezone.now(),
            )
        created_count += 1
    return created_count


def _from_visits(ctx):
    from crossposts.models import Visit

    items = [
        [
            {
                "category": C.VENUE,
                "title": "走访提出：借用会议室开支部会",
                "description": "走访时企业负责人提出。",
            }
        ],
        [
            {
                "category": C.RECRUITMENT,
                "title": "走访提出：招聘渠道对接",
                "description": "企业扩张，急需招聘。",
            }
        ],
        [
            {
                "category": C.TRAINING,
                "title": "走访提出：党员发展培训",
                "description": "两名入党积极分子需要培训。",
            }
        ],
    ]
    visits = list(
        Visit.objects.filter(organization__street=ctx.street)
        .select_related("organization")
        .order_by("id")[:3]
    )
    before = Need.objects.filter(visit__in=visits).count()
    for visit, chunk in zip(visits, items, strict=False):
        services.raise_needs_from_visit(visit, chunk, visit.cadre)
    return Need.objects.filter(visit__in=visits).count() - before


def _public(ctx):
    count = 0
    for category, title, company, person, email in PUBLIC:
        if Need.objects.filter(street=ctx.street, title=title).exists():
            continue
        need, secret = services.submit_public_need(
            {
                "street": ctx.street,
                "requester_name": company,
                "contact_name": person,
                "contact_email": email,
                "category": category,
                "title": title,
                "description": "Submitted through the public form.",
            }
        )
        ctx.stdout.write(f"  public need {need.reference}, status secret {secret}")
        count += 1
    return count


def _projects(ctx):
    made = 0
    for title in ("独居老人关爱探访", "结对帮困家庭节日慰问（二期）"):
        need = Need.objects.filter(street=ctx.street, title=title).first()
        if need is None or Project.objects.filter(need=need).exists():
            continue
        project = services.make_project(
            need, ctx.users["staff"], Project.Kind.WARM_HEART, f"暖情项目：{title}"
        )
        Project.objects.filter(pk=project.pk).update(status=Project.Status.ACTIVE)
        ProjectNote.objects.create(
            project=project, author=ctx.users["staff"], text="已与楼宇企业确认认领名单。"
        )
        ProjectNote.objects.create(
            project=project, author=ctx.users["cadre1"], text="第一次探访完成，居民反映良好。"
        )
        made += 1
    return made


def _street2(ctx):
    if not ctx.organizations2 or Need.objects.filter(street=ctx.street2).exists():
        return 0
    for category, title, description in NEEDS[:4]:
        need = Need(
            street=ctx.street2,
            organization=ctx.organizations2[0],
            source=Need.Source.PHONE,
            category=category,
            title=title,
            description=description,
        )
        services.open_need(need, ctx.users["staff2"])
    return 4


def run(ctx):
    _deadlines(ctx.street)
    _deadlines(ctx.street2)
    resources = _resources(ctx)
    made = _needs(ctx, resources)
    visits = _from_visits(ctx)
    public = _public(ctx)
    projects = _projects(ctx)
    other = _street2(ctx)
    ctx.stdout.write(
        f"Needs: {made} new in {ctx.street} ({visits} from visits, {public} from the public form), "
        f"{other} in {ctx.street2}; {len(resources)} resources; {projects} new projects."
    )


# --- links to volunteer teams and events (run by demo.seed.volunteers, once the teams exist) ---

HANDOFF_NOTES = [
    "请安排两名队员每周上门探访一次，记录老人需求。",
    "请协助张贴宣传海报并在楼道讲解垃圾分类。",
]


def run_links(ctx):
    """Two needs handed to volunteer teams (one accepted by leader1's team) and one need made an event.

    Safe to run again: needs that already have a task or an event are left alone.
    """
    from events.models import Event
    from events.need_actions import make_event
    from volunteers import team_tasks
    from volunteers.models import TeamTask, VolunteerTeam

    staff, leader = ctx.users["staff"], ctx.users["leader1"]
    street_teams = VolunteerTeam.objects.active().filter(street=ctx.street).order_by("name", "pk")
    teams = list(street_teams.filter(leader=leader)[:1]) + list(street_teams.exclude(leader=leader)[:1])
    handed = 0
    if len(teams) == 2 and not TeamTask.objects.filter(team__street=ctx.street).exists():
        candidates = list(
            Need.objects.active()
            .filter(street=ctx.street, status__in=[S.SUBMITTED, S.ACCEPTED])
            .filter(category__in=[C.CHARITY, C.OTHER, C.CULTURE_SPORTS, C.CONSULTING])
            .order_by("category", "title")[:2]
        )
        for i, need in enumerate(candidates):
            task = team_tasks.hand_off(
                need, teams[i], staff, HANDOFF_NOTES[i], ctx.today + timedelta(days=10 + 5 * i)
            )
            if i == 0 and teams[0].leader_id == leader.pk:
                team_tasks.change_status(task, TeamTask.Status.ACCEPTED, leader, "本周六开始。")
            handed += 1
    made = 0
    if not Event.objects.filter(street=ctx.street, need__isnull=False).exists():
        need = (
            Need.objects.active()
            .filter(street=ctx.street, category__in=[C.SOCIAL, C.CULTURE_SPORTS])
            .exclude(status__in=[S.REJECTED, S.WITHDRAWN])
            .order_by("title")
            .first()
        )
        if need is not None:
            make_event(need, staff)
            made = 1
    ctx.stdout.write(f"Needs: {handed} handed to volunteer teams, {made} turned into an event.")
