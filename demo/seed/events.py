"""Demo events: a year of collective Party-day events and other activities, the themed
cycling event through the places of the Party's founding, sign-ups, a waiting list and
attendance. Running it again changes nothing (events are looked up by street and title)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Attendance, Event, Registration, RouteStop

CYCLING_STOPS = ["龙腾大道", "三山会馆", "一大会址", "老渔阳里", "思南路", "孙中山故居"]
CYCLING_TITLE = "“追寻初心·红色骑行”集体党日活动"
CYCLING_NEXT_TITLE = "“追寻初心·红色骑行”集体党日活动（第二期）"
PARTY_DAY_THEMES = [
    ("重温入党誓词", "主题党日：重温入党誓词，牢记初心使命"),
    ("参观中共一大会址", "红色足迹寻访"),
    ("楼宇党员志愿服务日", "服务群众，走进社区"),
    ("学习党章党规", "两学一做专题学习"),
    ("两新组织党建交流会", "组织联建，活动联搞"),
    ("红色观影", "观看主题影片并交流心得"),
    ("七一党日活动", "庆祝中国共产党成立纪念日"),
    ("楼宇联合党支部党员大会", "党员联管，资源联用"),
    ("社区结对帮困走访", "一个党员一盏灯"),
]
OTHER_EVENTS = [
    ("organizational life", Event.Kind.ORGANIZATIONAL_LIFE, "东银中心联合党支部组织生活会"),
    ("study", Event.Kind.THEMED_STUDY, "白领党员“微党课”专题学习"),
    ("volunteer", Event.Kind.VOLUNTEER_SERVICE, "虹储居民区文明创建志愿服务"),
    ("culture", Event.Kind.CULTURE_SPORTS, "楼宇白领健步走"),
    ("lecture", Event.Kind.LECTURE, "外资企业党建工作培训"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红"


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng):
    return "13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(ctx, title, *, kind, starts_at, hours, status, organizers, capacity=None, **fields):
    """Create the event unless one of that title exists in the street; returns (event, created)."""
    existing = Event.objects.filter(street=ctx.street, title=title).first()
    if existing:
        return existing, False
    event = Event.objects.create(
        street=ctx.street,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        status=status,
        capacity=capacity,
        created_by=ctx.users.get("staff"),
        **fields,
    )
    event.organizers.set(organizers)
    return event, True


def _people(ctx, event, count, *, confirmed, attended, with_accounts=()):
    """Sign-ups for a seeded event: the first ``confirmed`` confirmed, the rest waiting;
    the first ``attended`` checked in. Portal users in ``with_accounts`` come first."""
    rng = ctx.rng
    base = event.starts_at - timedelta(days=10)
    regs = []
    for i in range(count):
        user = with_accounts[i] if i < len(with_accounts) else None
        status = Registration.Status.CONFIRMED if i < confirmed else Registration.Status.WAITLISTED
        queued = base + timedelta(minutes=17 * i)
        regs.append(
            Registration(
                event=event,
                user=user,
                name=user.get_full_name() if user else _name(rng),
                phone=(user.phone if user else "") or _phone(rng),
                status=status,
                queued_at=queued,
                confirmed_at=queued if status == Registration.Status.CONFIRMED else None,
                registered_by=user or ctx.users.get("staff"),
            )
        )
    Registration.objects.bulk_create(regs)
    Attendance.objects.bulk_create(
        [
            Attendance(
                event=event,
                registration=r,
                checked_in_at=event.starts_at - timedelta(minutes=rng.randint(0, 20)),
                method=Attendance.Method.QR if rng.random() < 0.8 else Attendance.Method.STAFF,
            )
            for r in regs[:attended]
            if r.status == Registration.Status.CONFIRMED
        ]
    )


@transaction.atomic
def run(ctx):
    rng = ctx.rng
    today = ctx.today
    orgs = [p for p in ctx.party_orgs.values() if p.street_id == ctx.street.id]
    # Joint (building) branches first: the cycling event was run jointly across units.
    orgs.sort(key=lambda p: (p.kind != "joint", p.name))
    if not orgs:
        ctx.stdout.write("events: no party organizations in the street; skipped")
        return
    two_new = list(ctx.organizations)
    accounts = [u for key in ("cadre1", "cadre2", "leader1") if (u := ctx.users.get(key))]
    created = 0

    # The themed cycling Party-day event, held two weeks ago: a route of six stops.
    cycling, new = _event(
        ctx,
        CYCLING_TITLE,
        kind=Event.Kind.PARTY_DAY,
        starts_at=_at(today - timedelta(days=14), 8, 30),
        hours=4,
        status=Event.Status.DONE,
        organizers=orgs[:3],
        capacity=20,
        theme="重走建党之路，追寻初心使命",
        description="骑行路线：龙腾大道—三山会馆—一大会址—老渔阳里—思南路—孙中山故居。\n"
        "请自备头盔，着装轻便；集合时间 8:15。",
        summary="来自东银中心、远东国际广场等楼宇的党员骑行 20 余公里，在一大会址重温入党誓词。",
    )
    if new:
        created += 1
        RouteStop.objects.bulk_create(
            [RouteStop(event=cycling, position=i, name=name) for i, name in enumerate(CYCLING_STOPS, 1)]
        )
        cycling.participating_organizations.set(two_new[:4])
        _people(ctx, cycling, 24, confirmed=20, attended=18, with_accounts=accounts)

    # Its second run, upcoming: open for sign-up, already full, with a waiting list.
    nxt, new = _event(
        ctx,
        CYCLING_NEXT_TITLE,
        kind=Event.Kind.PARTY_DAY,
        starts_at=_at(today + timedelta(days=9), 8, 30),
        hours=4,
        status=Event.Status.PUBLISHED,
        organizers=orgs[:2],
        capacity=12,
        theme="重走建党之路，追寻初心使命",
        signup_opens_at=_at(today - timedelta(days=5), 9),
        signup_closes_at=_at(today + timedelta(days=7), 18),
        description="第一期反响热烈，应楼宇党员要求再办一期。",
    )
    if new:
        created += 1
        RouteStop.objects.bulk_create(
            [RouteStop(event=nxt, position=i, name=name) for i, name in enumerate(CYCLING_STOPS, 1)]
        )
        nxt.participating_organizations.set(two_new[4:7])
        _people(ctx, nxt, 15, confirmed=12, attended=0, with_accounts=accounts[1:])

    # A year of collective Party-day events: 27 held, as in the source year.
    for i in range(27):
        day = today - timedelta(days=20 + i * 13)
        head, theme = PARTY_DAY_THEMES[i % len(PARTY_DAY_THEMES)]
        org_pick = rng.sample(orgs, k=min(len(orgs), rng.choice((1, 2, 3))))
        event, new = _event(
            ctx,
            f"{head}集体党日活动（{day:%Y年%m月}·第{i + 1}场）",
            kind=Event.Kind.PARTY_DAY,
            starts_at=_at(day, rng.choice((9, 14, 18)), 30),
            hours=2,
            status=Event.Status.DONE,
            organizers=org_pick,
            capacity=rng.choice((None, 30, 40, 50)),
            theme=theme,
            place=rng.choice(
                ["虹桥街道党群服务中心", "东银中心党建服务站", "远东国际广场党群活动室", "中共一大会址"]
            ),
            summary="活动按计划完成，参与党员交流了学习体会。",
        )
        if new:
            created += 1
            if two_new:
                event.participating_organizations.set(rng.sample(two_new, k=min(len(two_new), 2)))
            n = rng.randint(12, 30)
            _people(ctx, event, n, confirmed=n, attended=rng.randint(n * 2 // 3, n))

    # Other kinds, past and upcoming.
    for j, (_slug, kind, title) in enumerate(OTHER_EVENTS):
        past_day = today - timedelta(days=30 + 37 * j)
        event, new = _event(
            ctx,
            title,
            kind=kind,
            starts_at=_at(past_day, 14),
            hours=2,
            status=Event.Status.DONE,
            organizers=[orgs[j % len(orgs)]],
            place="虹桥街道党群服务中心",
        )
        if new:
            created += 1
            n = rng.randint(8, 20)
            _people(ctx, event, n, confirmed=n, attended=rng.randint(n // 2, n))
        upcoming_day = today + timedelta(days=3 + 6 * j)
        event, new = _event(
            ctx,
            f"{title}（下期）",
            kind=kind,
            starts_at=_at(upcoming_day, 14),
            hours=2,
            status=Event.Status.PUBLISHED if j != 4 else Event.Status.DRAFT,
            organizers=[orgs[(j + 1) % len(orgs)]],
            capacity=25,
            place="虹桥街道党群服务中心",
        )
        if new:
            created += 1
            _people(ctx, event, rng.randint(3, 10), confirmed=25, attended=0)

    ctx.stdout.write(f"events: {created} events created")
