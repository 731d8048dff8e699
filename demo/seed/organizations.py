"""The ledger part of the demo data: the district, two streets, areas, buildings, party and two-new organizations, accounts."""

import random
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from organizations.models import (
    Building,
    District,
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)
from organizations.validators import make_credit_code

BUILDINGS = [
    # name, address, floors, latitude, longitude
    ("东银中心", "红宝石路500号", 37, "31.196390", "121.402460"),
    ("远东国际广场", "仙霞路319号", 33, "31.207150", "121.411950"),
    ("新虹桥中心大厦", "娄山关路83号", 38, "31.207980", "121.404290"),
    ("上海国际贸易中心", "延安西路2201号", 37, "31.206900", "121.408520"),
]
NAME_HEADS = [
    "恒辰",
    "创锦",
    "锦恒",
    "汇华",
    "华远",
    "汇恒",
    "星新",
    "华新",
    "智联",
    "锦博",
    "智德",
    "长博",
    "瑞德",
    "辰桥",
    "博星",
    "博锦",
    "创汇",
    "华锦",
    "德联",
    "瑞桥",
    "创恒",
    "新汇",
    "新信",
    "星瑞",
    "创星",
]
NAME_TAILS = [
    ("文化传播有限公司", "economic"),
    ("人力资源有限公司", "economic"),
    ("科技有限公司", "economic"),
    ("贸易有限公司", "economic"),
    ("管理咨询（上海）有限公司", "economic"),
    ("投资管理有限公司", "economic"),
    ("社会工作服务中心", "social"),
    ("公益发展中心", "social"),
]
INDUSTRIES = ["咨询", "信息技术", "金融", "贸易", "文化传媒", "教育培训", "商务服务", "社会服务"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "华",
    "慧",
]
# Weighted towards the foreign-owned and joint-venture firms the source describes.
OWNERSHIPS = ["foreign_owned"] * 3 + ["joint_venture"] * 3 + ["domestic_private"] * 4 + ["hmt", "other"]


def _person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.4 else "")


def _phone(rng):
    if rng.random() < 0.3:
        return f"021-{rng.randint(5000_0000, 6999_9999)}"
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(1000_0000, 9999_9999)}"


def _user(username, role, **fields):
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    return user


def _organizations(rng, street, buildings, areas, party_orgs, count, serial_base):
    existing = {o.credit_code: o for o in TwoNewOrganization.objects.filter(street=street)}
    result = []
    joint = [p for p in party_orgs if p.kind == PartyOrganization.Kind.JOINT]
    own = [p for p in party_orgs if p.kind == PartyOrganization.Kind.INDEPENDENT and p.building_id]
    for i in range(count):
        code = make_credit_code("91310105", serial_base + i)
        if code in existing:
            result.append(existing[code])
            continue
        tail, kind = rng.choice(NAME_TAILS)
        in_area = kind == "social" and areas and rng.random() < 0.5
        building = None if in_area else rng.choice(buildings)
        headcount = rng.choice([8, 15, 23, 41, 60, 90, 120, 200, 350, 400])
        members = min(headcount, rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12]))
        coverage = (
            rng.choice(["own", "joint", "joint", "mass", "none"]) if members else rng.choice(["mass", "none"])
        )
        covering = None
        if coverage == "joint" and joint:
            covering = rng.choice(joint)
        elif coverage == "own" and own:
            covering = rng.choice(own)
        org = TwoNewOrganization(
            street=street,
            name=f"上海{NAME_HEADS[i % len(NAME_HEADS)]}{tail}"
            if i < len(NAME_HEADS)
            else f"上海{rng.choice(NAME_HEADS)}{rng.choice(NAME_HEADS)}{tail}",
            credit_code=code,
            kind=kind,
            ownership=rng.choice(OWNERSHIPS),
            industry=rng.choice(INDUSTRIES),
            building=building,
            residential_area=rng.choice(areas) if in_area else None,
            floor=str(rng.randint(2, building.floors)) if building else "",
            unit=f"{rng.randint(1, 30):02d}" if building else "",
            headcount=headcount,
            party_members=members,
            coverage=coverage,
            covering_party_organization=covering,
            contact_name=_person(rng),
            contact_phone=_phone(rng),
            cooperation=rng.choice(["good", "good", "fair", "fair", "poor"]),
            status=rng.choice(["active"] * 18 + ["moved_out", "deregistered"]),
            registered_on=timezone.localdate() - timezone.timedelta(days=rng.randint(400, 1500)),
        )
        org.save()
        result.append(org)
    return result


def run(stdout):
    rng = random.Random(2017)
    district, _ = District.objects.get_or_create(name="长宁区", defaults={"code": "310105"})
    street, _ = Street.objects.get_or_create(district=district, name="虹桥街道")
    street2, _ = Street.objects.get_or_create(district=district, name="仙霞新村街道")
    area, _ = ResidentialArea.objects.get_or_create(
        street=street,
        name="虹储居民区",
        defaults={"households": 1300, "residents": 3000, "address": "虹储路"},
    )
    area2, _ = ResidentialArea.objects.get_or_create(
        street=street, name="虹仙居民区", defaults={"households": 980, "residents": 2400}
    )
    area_b, _ = ResidentialArea.objects.get_or_create(
        street=street2, name="仙霞居民区", defaults={"households": 1100, "residents": 2600}
    )
    buildings = {}
    for name, address, floors, lat, lon in BUILDINGS:
        buildings[name], _ = Building.objects.get_or_create(
            street=street,
            name=name,
            defaults={"address": address, "floors": floors, "latitude": lat, "longitude": lon},
        )
    building_b, _ = Building.objects.get_or_create(
        street=street2, name="仙霞商务大厦", defaults={"floors": 20}
    )

    party_orgs = {}

    def porg(name, **fields):
        party_orgs[name], _ = PartyOrganization.objects.get_or_create(
            street=fields.pop("street", street), name=name, defaults=fields
        )
        return party_orgs[name]

    general = porg(
        "虹储居民区党总支",
        level="general_branch",
        residential_area=area,
        secretary="汪玉萍",
        member_count=186,
    )
    for n in range(1, 4):
        porg(
            f"虹储居民区第{n}党支部",
            level="branch",
            parent=general,
            residential_area=area,
            member_count=40 + n * 7,
        )
    dongyin = buildings["东银中心"]
    for n, unit in enumerate(["联想", "德勤", "渣打", "宝马", "强生", "汇丰", "普华"], start=1):
        porg(
            f"东银中心{unit}党支部",
            kind="independent",
            building=dongyin,
            member_count=8 + n,
            secretary=_person(rng),
        )
    porg("东银中心楼宇联合党支部", kind="joint", building=dongyin, member_count=45, secretary="陈静")
    porg("远东国际广场联合党支部", kind="joint", building=buildings["远东国际广场"], member_count=31)
    porg("新虹桥中心联合党支部", kind="joint", building=buildings["新虹桥中心大厦"], member_count=27)
    porg("仙霞商务大厦联合党支部", kind="joint", building=building_b, member_count=20, street=street2)

    users = {
        "admin": _user("admin", User.Role.ADMIN, is_staff=True, is_superuser=True, name="管理员"),
        "district": _user("district", User.Role.DISTRICT, district=district, name="区委组织部"),
        "staff": _user(
            "staff", User.Role.STAFF, street=street, name="虹桥街道党建办", email="staff@hongqiao.example"
        ),
        "staff2": _user("staff2", User.Role.STAFF, street=street2, name="仙霞街道党建办"),
        "cadre1": _user(
            "cadre1", User.Role.CADRE, street=street, name="汪书记", email="cadre1@hongqiao.example"
        ),
        "cadre2": _user(
            "cadre2", User.Role.CADRE, street=street, name="陈专职", email="cadre2@hongqiao.example"
        ),
        "leader1": _user("leader1", User.Role.LEADER, street=street, name="李队长"),
    }
    street_porgs = [p for p in party_orgs.values() if p.street_id == street.id]
    organizations = _organizations(
        rng, street, list(buildings.values()), [area, area2], street_porgs, 64, 20170001
    )
    organizations2 = _organizations(
        rng, street2, [building_b], [area_b], [party_orgs["仙霞商务大厦联合党支部"]], 12, 20179001
    )
    stdout.write(
        f"Ledger: {len(organizations)} organizations in {street}, {len(organizations2)} in {street2}."
    )
    return SimpleNamespace(
        stdout=stdout,
        rng=rng,
        today=timezone.localdate(),
        district=district,
        street=street,
        street2=street2,
        users=users,
        area=area,
        areas=[area, area2],
        buildings=buildings,
        party_orgs=party_orgs,
        organizations=organizations,
        organizations2=organizations2,
    )
