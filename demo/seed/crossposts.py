"""Demo data for cross-posting: two cadres' appointments, their organizations, a year of visits, reminders.

Called by ``manage.py seed_demo`` after the ledger. Running it again changes nothing:
each part is skipped when it already exists, and the random numbers come from ctx.rng.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from crossposts import reminders, services
from crossposts.models import Assignment, ChecklistItem, ChecklistTemplate, CrossPost, Visit

CHECKLIST = {
    ChecklistItem.Group.VISIT: [
        "走访企业主要负责人",
        "走访党员职工",
        "走访企业工会或群团负责人",
        "走访新入驻企业",
        "走访生产经营困难企业",
    ],
    ChecklistItem.Group.ASK: [
        "问经营发展状况",
        "问党员和职工思想动态",
        "问对街道和楼宇服务的需求",
        "问党建和群团工作开展情况",
        "问意见建议",
    ],
    ChecklistItem.Group.RECORD: [
        "记企业基本信息变化",
        "记党员和流动党员情况",
        "记提出的需求",
        "记联系人和联系方式",
        "记需跟进的事项",
    ],
}
NOTES = [
    "与企业负责人面谈，了解近期经营情况。",
    "企业新招员工较多，建议开展白领联谊活动。",
    "企业对楼宇联合党支部的活动表示支持。",
    "电话回访，企业人事负责人反馈暂无新需求。",
    "参加楼宇党建联席会议，通报街道近期活动安排。",
    "企业有两名流动党员，已告知组织关系转接流程。",
    "外资企业，负责人对党建工作了解不多，已介绍群建工作。",
    "企业希望借用会议场地开展培训。",
]
NEEDS = [
    ("venue", "借用会议室开展员工培训", "约40人，希望在工作日下午。"),
    ("recruitment", "招聘会计和行政人员", "希望通过街道就业服务发布岗位。"),
    ("social", "白领交友活动", "青年员工较多，希望参加楼宇联谊。"),
    ("culture_sports", "组队参加楼宇羽毛球赛", ""),
    ("consulting", "政策咨询：小微企业补贴", "了解长宁区相关扶持政策。"),
    ("training", "党务工作者培训", "新任支部委员需要培训。"),
    ("medical", "职工健康讲座", ""),
    ("charity", "参与结对帮困", "企业愿意资助困难家庭。"),
]


def _checklist():
    template, created = ChecklistTemplate.objects.get_or_create(
        version=1, defaults={"title": "三五工作法（五必访、五必问、五必记）", "published": True}
    )
    if created or not template.items.exists():
        ChecklistItem.objects.bulk_create(
            ChecklistItem(template=template, group=group, position=i, text=text)
            for group, texts in CHECKLIST.items()
            for i, text in enumerate(texts)
        )
    return template


def _cross_posts(ctx):
    cadre1, cadre2 = ctx.users["cadre1"], ctx.users["cadre2"]
    dongyin = ctx.buildings["东银中心"]
    start = ctx.today.replace(month=1, day=1) - timedelta(days=365)
    if not CrossPost.objects.filter(cadre=cadre1).exists():
        CrossPost.objects.create(
            cadre=cadre1,
            home_post=CrossPost.HomePost.AREA_SECRETARY,
            home_area=ctx.area,
            across_building=dongyin,
            across_title="东银中心楼宇联合党支部兼职副书记",
            term_start=start,
        )
    if not CrossPost.objects.filter(cadre=cadre2).exists():
        CrossPost.objects.create(
            cadre=cadre2,
            home_post=CrossPost.HomePost.BUILDING_WORKER,
            home_building=dongyin,
            across_area=ctx.area,
            across_title="虹储居民区党总支兼职委员",
            term_start=start,
        )


def _assignments(ctx):
    """About 15 organizations each: cadre1 those of 东银中心 first, cadre2 others; never the same."""
    cadre1, cadre2 = ctx.users["cadre1"], ctx.users["cadre2"]
    if Assignment.objects.filter(cadre__in=[cadre1, cadre2]).exists():
        return
    orgs = sorted(ctx.organizations, key=lambda o: o.pk)
    dongyin = ctx.buildings["东银中心"]
    first = [o for o in orgs if o.building_id == dongyin.pk][:15]
    rest = [o for o in orgs if o not in first]
    first += rest[: 15 - len(first)]
    second = [o for o in orgs if o not in first][:15]
    rng = ctx.rng
    Assignment.objects.bulk_create(
        [Assignment(cadre=cadre1, organization=o, cadence_days=rng.choice([30, 30, 30, 45])) for o in first]
        + [Assignment(cadre=cadre2, organization=o, cadence_days=rng.choice([30, 30, 60])) for o in second]
    )


def _near(building, rng: random.Random, far: bool):
    if building is None or building.latitude is None:
        return None, None
    spread = Decimal("0.006") if far else Decimal("0.0008")
    dlat = Decimal(rng.uniform(-1, 1)).quantize(Decimal("0.000001")) * spread
    dlon = Decimal(rng.uniform(-1, 1)).quantize(Decimal("0.000001")) * spread
    return (building.latitude + dlat).quantize(Decimal("0.000001")), (building.longitude + dlon).quantize(
        Decimal("0.000001")
    )


def _visits(ctx, template):
    """A year of visits: most assignments kept up, some overdue, some due within days."""
    cadres = [ctx.users["cadre1"], ctx.users["cadre2"]]
    if Visit.objects.filter(cadre__in=cadres).exists():
        return 0
    rng = random.Random(ctx.rng.random())
    items = list(template.items.all())
    tz = timezone.get_current_timezone()
    today = ctx.today
    visits = []
    assignments = list(
        Assignment.objects.filter(cadre__in=cadres, active=True)
        .select_related("organization__building")
        .order_by("cadre__username", "pk")
    )
    for index, a in enumerate(assignments):
        # The last visit decides what is due: a few overdue, a few due soon, the rest recent.
        if index % 7 == 0:
            last = a.cadence_days + rng.randint(5, 30)  # overdue, some by more than 14 days
        elif index % 5 == 1:
            last = a.cadence_days - rng.randint(0, 3)  # due within 3 days
        else:
            last = rng.randint(3, max(4, a.cadence_days - 8))
        day = today - timedelta(days=last)
        first_day = max(a.organization.registered_on, today - timedelta(days=365))
        while day >= first_day:
            when = datetime.combine(day, time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])), tzinfo=tz)
            method = rng.choice(
                [Visit.Method.ON_SITE] * 6
                + [Visit.Method.PHONE] * 2
                + [Visit.Method.ONLINE, Visit.Method.MEETING]
            )
            lat = lon = None
            if method == Visit.Method.ON_SITE:
                lat, lon = _near(a.organization.building, rng, far=rng.random() < 0.05)
            done = {i.pk for i in items if rng.random() < 0.8}
            needs = []
            if rng.random() < 0.12:
                category, title, description = rng.choice(NEEDS)
                needs = [{"category": category, "title": title, "description": description}]
            visit = Visit(
                cadre_id=a.cadre_id,
                organization=a.organization,
                street_id=a.organization.street_id,
                assignment=a,
                visited_at=when,
                method=method,
                checklist_template=template,
                checklist_answers=[
                    {"item": i.pk, "group": i.group, "text": i.text, "done": i.pk in done} for i in items
                ],
                notes=rng.choice(NOTES),
                raised_needs=needs,
                idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
            )
            services.apply_location(visit, lat, lon)
            visits.append(visit)
            day -= timedelta(days=max(7, a.cadence_days + rng.randint(-8, 6)))
    bulk_create_with_history(visits, Visit, batch_size=500)
    # Seeded visits are old records: their 24-hour editing window is long past.
    Visit.objects.filter(cadre__in=cadres).update(created=F("visited_at"))
    services.refresh_last_visited([a.pk for a in assignments])
    # The needs raised in the last two months become demand tickets (where the needs app is in).
    recent = Visit.objects.filter(cadre__in=cadres, visited_at__date__gte=today - timedelta(days=60)).exclude(
        raised_needs=[]
    )
    for visit in recent.select_related("organization", "cadre"):
        services._raise_needs(visit, visit.raised_needs, visit.cadre)
    return len(visits)


def run(ctx):
    template = _checklist()
    _cross_posts(ctx)
    _assignments(ctx)
    created = _visits(ctx, template)
    sent = reminders.send_visit_reminders(ctx.today)
    sent += reminders.send_visit_digests(ctx.today)
    ctx.stdout.write(
        f"Cross-posting: {Assignment.objects.filter(active=True).count()} assignments, "
        f"{created} visits added, {sent} reminders sent."
    )
