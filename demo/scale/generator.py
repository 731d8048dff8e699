"""A believable data set of any size for the benchmarks (``manage.py generate_scale_data``).

City scale (factor 1.0) is 20 streets in two districts, 100,000 two-new organizations in a few
hundred buildings per street, 2,000 cadres, 1,000,000 visits over three years, 200,000 needs,
100,000 volunteers, 500,000 service records and 20,000 events. Every count scales with the
factor.

Rows are written in bulk with explicit primary keys (PostgreSQL: COPY through psycopg 3;
other databases: ``executemany`` in batches of 5,000). Model ``save()`` side effects are
skipped on purpose (no history rows, no timeline lines, no notifications), but every derived
field the application relies on is set consistently:

- ``Assignment.last_visited_on`` is the local date of the assignment's last visit;
- ``Need.reference`` is unique; ``due_at``/``at_risk_at`` follow the street's deadline and
  ``resolved_at``/``closed_at`` the status;
- no volunteer gets more than 24 hours on one day across service records;
- every credit code passes ``organizations.validators.normalize_credit_code``.

Each table is committed as it is written, so an interrupted run leaves the tables written so
far; run it on an empty database (``--append`` adds a new district next to existing data).
"""

import math
import os
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from crossposts.models import Assignment, CrossPost, Visit
from events.models import Attendance, Event, Registration
from needs.models import AT_RISK_SHARE, Need, ResponseDeadline
from organizations.models import (
    Building,
    District,
    PartyOrganization,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)
from organizations.validators import make_credit_code
from volunteers.models import (
    BuildingGroup,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

PRESETS = {"city": 1.0, "district": 0.5, "street": 0.05}

# City-scale counts (factor 1.0).
CITY = {
    "streets": 20,
    "areas": 300,
    "buildings": 6000,
    "organizations": 100_000,
    "cadres": 2_000,
    "visits": 1_000_000,
    "needs": 200_000,
    "volunteers": 100_000,
    "service_records": 500_000,
    "events": 20_000,
}
YEARS = 3
SPAN_DAYS = 365 * YEARS
SHANGHAI = timedelta(hours=8)  # Asia/Shanghai has no daylight saving time.
PASSWORD = "bench-password"  # noqa: S105 - every generated account; the bench logs in with force_login anyway.

DISTRICTS = ["长宁区", "闵行区"]
STREETS = [
    "虹桥街道", "仙霞新村街道", "天山路街道", "周家桥街道", "新华路街道", "江苏路街道", "华阳路街道",
    "北新泾街道", "程家桥街道", "新泾镇", "江川路街道", "古美路街道", "新虹街道", "浦锦街道",
    "莘庄镇", "七宝镇", "颛桥镇", "华漕镇", "虹桥镇", "梅陇镇",
]  # fmt: skip
PLACE_WORDS = list("虹荣古仙天华新江金银锦绣安宁福康祥瑞兴盛丰泰和平春晓明光远东")
BUILDING_SUFFIXES = ["大厦", "中心", "广场", "国际大厦", "商务楼", "科技园", "金融中心", "创意园"]
INDUSTRIES = [
    "软件和信息技术",
    "商务服务",
    "批发零售",
    "金融",
    "文化创意",
    "咨询",
    "物流",
    "餐饮",
    "教育培训",
]
ORG_WORDS = ["科技", "信息", "贸易", "咨询", "文化", "传媒", "网络", "管理", "设计", "物流", "投资", "教育"]
ORG_SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "事务所", "服务中心", "促进会", "协会"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红")
VISIT_NOTES = [
    "了解企业经营情况，宣传党建政策。",
    "与负责人交流，企业暂无新需求。",
    "企业新招员工较多，建议开展入职培训。",
    "党员人数有变化，已更新台账。",
    "走访时负责人不在，电话跟进。",
    "企业反映停车难问题，已记录。",
    "",
]
NEED_TITLES = {
    "consulting": ["政策咨询", "法律咨询", "税务政策解读", "人才政策咨询"],
    "charity": ["困难员工帮扶", "公益活动对接", "结对帮困"],
    "culture_sports": ["文体活动场地", "职工运动会", "读书会"],
    "venue": ["会议场地借用", "活动室预约", "党员活动阵地"],
    "training": ["员工技能培训", "党务知识培训", "安全生产培训"],
    "medical": ["健康讲座", "员工体检对接", "心理疏导"],
    "social": ["白领联谊", "青年交友活动", "午间沙龙"],
    "recruitment": ["招聘信息发布", "校园招聘对接", "用工需求"],
    "other": ["其他事项", "停车问题", "周边环境"],
}
# Uneven, as in the street's own records: consulting and recruitment dominate.
NEED_CATEGORY_WEIGHTS = {
    "consulting": 22,
    "recruitment": 18,
    "venue": 15,
    "training": 14,
    "social": 10,
    "culture_sports": 8,
    "charity": 6,
    "medical": 4,
    "other": 3,
}
NEED_HOURS = {"venue": 72, "medical": 72, "recruitment": 240, "consulting": 120}
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEAM_FOCUS = ["美化家园", "助老服务", "平安巡逻", "文明交通", "垃圾分类", "关爱儿童", "健康义诊", "文化宣传"]
SERVICE_TEXTS = [
    "小区环境整治",
    "为老服务",
    "平安巡逻",
    "垃圾分类引导",
    "文明交通劝导",
    "社区宣传",
    "助餐送餐",
]
EVENT_KINDS = [("party_day", 35), ("org_life", 20), ("study", 15), ("volunteer", 12), ("culture", 8),
               ("lecture", 7), ("other", 3)]  # fmt: skip
EVENT_TITLES = {
    "party_day": "主题党日活动",
    "org_life": "组织生活会",
    "study": "专题学习",
    "volunteer": "志愿服务活动",
    "culture": "文体活动",
    "lecture": "专题讲座",
    "other": "联建活动",
}


def parse_scale(value: str) -> float:
    """``city``, ``district``, ``street``, ``1/100`` or a float such as ``0.01``."""
    value = str(value).strip().lower()
    if value in PRESETS:
        return PRESETS[value]
    if "/" in value:
        num, den = value.split("/", 1)
        return float(num) / float(den)
    factor = float(value)
    if not 0 < factor <= 10:
        raise ValueError("the scale factor is between 0 and 10")
    return factor


class RefuseError(Exception):
    """The database already holds organizations and neither --append nor --force was given."""


def _pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _utc(day: date, seconds: int) -> datetime:
    """An aware UTC datetime for ``seconds`` after local (Shanghai) midnight of ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - SHANGHAI + timedelta(seconds=seconds)


def _local_day(moment: datetime) -> date:
    return (moment + SHANGHAI).date()


class Writer:
    """Rows into one table: COPY on PostgreSQL, batched executemany elsewhere."""

    def __init__(self, gen, model, fields):
        self.gen = gen
        self.model = model
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(f).column for f in fields]
        self.count = 0
        self.started = time.monotonic()
        self.cpu = gen.cpu()
        self.pg = connection.vendor == "postgresql"
        self.batch = []

    def __enter__(self):
        if self.pg:
            cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            self._cursor = connection.cursor()
            # Secondary indexes are dropped while copying and rebuilt after (a sorted build is
            # much cheaper than millions of random inserts); constraint indexes stay.
            self._cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [self.table, self.table],
            )
            self._indexes = self._cursor.fetchall()
            for name, _definition in self._indexes:
                self._cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            raw = self._cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            self._copy_cm = raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN")
            self._copy = self._copy_cm.__enter__()
            self.write = self._copy.write_row
        else:
            self.write = self._buffer
        return self

    def _buffer(self, row):
        self.batch.append(tuple(_sqlite_value(v) for v in row))
        if len(self.batch) >= 5000:
            self._flush()

    def _flush(self):
        if not self.batch:
            return
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})",  # noqa: S608 - names from _meta
                self.batch,
            )
        self.batch = []

    def row(self, *values):
        self.write(values)
        self.count += 1

    def __exit__(self, exc_type, exc, tb):
        if self.pg:
            try:
                self._copy_cm.__exit__(exc_type, exc, tb)
            finally:
                for _name, definition in self._indexes:
                    self._cursor.execute(definition)
                self._cursor.close()
        elif exc_type is None:
            self._flush()
        if exc_type is None:
            py, pg = self.gen.cpu()
            cpu = (py - self.cpu[0], pg - self.cpu[1])
            self.gen.report(self.table, self.count, time.monotonic() - self.started, cpu)
        return False


def _sqlite_value(v):
    if isinstance(v, bool) or v is None or isinstance(v, int | float | str):
        return v
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return v.hex
    if isinstance(v, Decimal):
        return str(v)
    return v


@dataclass
class Counts:
    streets: int
    areas: int
    buildings: int
    organizations: int
    cadres: int
    visits: int
    needs: int
    volunteers: int
    service_records: int
    events: int

    @classmethod
    def for_factor(cls, f: float) -> "Counts":
        streets = max(1, round(CITY["streets"] * f))
        return cls(
            streets=streets,
            areas=max(streets, round(CITY["areas"] * f)),
            buildings=max(2 * streets, round(CITY["buildings"] * f)),
            organizations=max(10, round(CITY["organizations"] * f)),
            cadres=max(streets, round(CITY["cadres"] * f)),
            visits=max(20, round(CITY["visits"] * f)),
            needs=max(10, round(CITY["needs"] * f)),
            volunteers=max(10, round(CITY["volunteers"] * f)),
            service_records=max(10, round(CITY["service_records"] * f)),
            events=max(4, round(CITY["events"] * f)),
        )


@dataclass
class Ids:
    """The next primary key of each table (explicit keys let rows point at each other)."""

    next: dict = field(default_factory=dict)

    def take(self, model, n=1) -> int:
        first = self.next[model]
        self.next[model] = first + n
        return first


class Generator:
    def __init__(self, factor: float, seed: int = 1, stdout=None, today: date | None = None):
        self.factor = factor
        self.n = Counts.for_factor(factor)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.out = stdout
        self.today = today or timezone.localdate()
        self.start_day = self.today - timedelta(days=SPAN_DAYS)
        self.now = timezone.now()
        self.rows = {}
        self.seconds = {}
        self.backend_pid = None
        self.ticks = 100
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_backend_pid(), inet_server_addr() IS NULL OR host(inet_server_addr()) IN ('127.0.0.1', '::1')"
                )
                pid, local = cursor.fetchone()
            if local and os.path.exists(f"/proc/{pid}/stat"):
                self.backend_pid = pid
                self.ticks = os.sysconf("SC_CLK_TCK")

    # --- output --------------------------------------------------------------------------------
    def say(self, text):
        if self.out:
            self.out.write(text)
            if hasattr(self.out, "flush"):
                self.out.flush()

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by this process and by its PostgreSQL backend (same machine).

        On a loaded machine the wall time says little; the CPU time is what an idle 2-core box
        would need (the two run in parallel while copying).
        """
        pg = 0.0
        if self.backend_pid:
            try:
                with open(f"/proc/{self.backend_pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                pg = (int(fields[11]) + int(fields[12])) / self.ticks
            except (OSError, IndexError, ValueError):
                pass
        return time.process_time(), pg

    def report(self, table, count, seconds, cpu=(0.0, 0.0)):
        self.rows[table] = self.rows.get(table, 0) + count
        self.seconds[table] = self.seconds.get(table, 0) + seconds
        rate = count / seconds if seconds > 0 else 0
        self.say(
            f"  {table:<42} {count:>10,} rows {seconds:7.1f} s {rate:>10,.0f} rows/s"
            f"   (cpu: python {cpu[0]:5.1f} s, postgres {cpu[1]:5.1f} s)"
        )

    # --- entry point ---------------------------------------------------------------------------
    def run(self, append=False):
        if TwoNewOrganization.objects.exists() and not append:
            raise RefuseError(
                "The database already holds organizations: pass --append to add a new district "
                "next to them (or use an empty database)."
            )
        started = time.monotonic()
        cpu0 = self.cpu()
        self.say(f"Generating scale {self.factor:g}: {self.n}")
        models = [
            District, Street, ResidentialArea, Building, PartyOrganization, TwoNewOrganization, User,
            CrossPost, Assignment, Visit, ResponseDeadline, Need, BuildingGroup, VolunteerTeam, Volunteer,
            TeamMembership, ServiceRecord, ServiceHours, Event, Event.organizers.through,
            Event.participating_organizations.through, Registration, Attendance,
        ]  # fmt: skip
        self.ids = Ids()
        for model in models:
            top = model.objects.order_by("-pk").values_list("pk", flat=True).first() if model else None
            self.ids.next[model] = (top or 0) + 1
        self.tag = District.objects.count()  # names stay unique across --append runs
        pg = connection.vendor == "postgresql"
        if pg:
            # Foreign keys are right by construction (explicit keys, parents written first), so the
            # per-row RI triggers are switched off while copying and every key is checked once at
            # the end by an anti-join (check_foreign_keys). CHECK and UNIQUE constraints stay on.
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("SET maintenance_work_mem = '256MB'")
        try:
            self.places()
            self.organizations()
            self.users()
            self.assignments_and_visits()
            self.needs()
            self.volunteers()
            self.service_records()
            self.events()
        finally:
            if pg:
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
        self.finish(models)
        if pg:
            self.check_foreign_keys(models)
        total = time.monotonic() - started
        rows = sum(self.rows.values())
        py, pg = self.cpu()
        self.say(
            f"Done: {rows:,} rows in {total:.1f} s ({rows / total:,.0f} rows/s); "
            f"cpu: python {py - cpu0[0]:.1f} s, postgres {pg - cpu0[1]:.1f} s; load average {os.getloadavg()[0]:.1f}."
        )
        return self.rows

    def finish(self, models):
        t = time.monotonic()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                # VACUUM as autovacuum would have by the time a real ledger is this size: it sets the
                # visibility map, without which no index-only scan is chosen (counts, figures).
                # Not possible inside a transaction (tests), where statistics alone are gathered.
                command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                for model in models:
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("ANALYZE")
        self.say(f"  sequences reset and statistics gathered in {time.monotonic() - t:.1f} s")

    def check_foreign_keys(self, models):
        """Every foreign key of the tables written points at an existing row (one anti-join each)."""
        t = time.monotonic()
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conname, c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
                """,
                [tables],
            )
            broken = []
            for name, table, column, parent, parent_column in cursor.fetchall():
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '  # noqa: S608
                    f'(SELECT 1 FROM "{parent}" p WHERE p."{parent_column}" = t."{column}")'
                )
                if (n := cursor.fetchone()[0]) > 0:
                    broken.append(f"{name}: {n} rows")
        if broken:
            raise RuntimeError("foreign keys broken: " + "; ".join(broken))
        self.say(f"  every foreign key checked in {time.monotonic() - t:.1f} s")

    # --- names ---------------------------------------------------------------------------------
    def person(self):
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def mobile(self):
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def place_name(self, used, suffix):
        rng = self.rng
        for _ in range(20):
            name = rng.choice(PLACE_WORDS) + rng.choice(PLACE_WORDS) + suffix
            if name not in used:
                used.add(name)
                return name
        name = f"{rng.choice(PLACE_WORDS)}{len(used) + 1}{suffix}"
        used.add(name)
        return name

    def moment(self, day: date, first_hour=9, last_hour=18) -> datetime:
        return _utc(day, self.rng.randrange(first_hour * 3600, last_hour * 3600))

    def day_in_span(self, lo: date | None = None, hi: date | None = None) -> date:
        lo = lo or self.start_day
        hi = hi or self.today
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randrange(span + 1)) if span > 0 else lo

    # --- places --------------------------------------------------------------------------------
    def places(self):
        rng, n, now = self.rng, self.n, self.now
        suffix = f"·{self.tag}" if self.tag else ""
        n_districts = 2 if n.streets >= 10 else 1
        self.districts = []
        with Writer(self, District, ["id", "name", "code", "created", "updated"]) as w:
            for i in range(n_districts):
                pk = self.ids.take(District)
                w.row(pk, DISTRICTS[i] + suffix, ("310105", "310112")[i], now, now)
                self.districts.append(pk)
        self.streets = []  # (id, district_id)
        with Writer(self, Street, ["id", "district", "name", "created", "updated"]) as w:
            for i in range(n.streets):
                pk = self.ids.take(Street)
                district = self.districts[i * n_districts // n.streets]
                name = STREETS[i % len(STREETS)] + (f"{i // len(STREETS) + 1}" if i >= len(STREETS) else "")
                w.row(pk, district, name, now, now)
                self.streets.append((pk, district))
        street_ids = [s for s, _d in self.streets]
        self.areas_by_street = {s: [] for s in street_ids}
        self.area_street = {}
        used = {s: set() for s in street_ids}
        with Writer(
            self,
            ResidentialArea,
            ["id", "street", "name", "address", "households", "residents", "created", "updated"],
        ) as w:
            for i in range(n.areas):
                street = street_ids[i % len(street_ids)]
                pk = self.ids.take(ResidentialArea)
                households = rng.randrange(800, 3500)
                w.row(
                    pk,
                    street,
                    self.place_name(used[street], "居民区"),
                    f"{rng.choice(PLACE_WORDS)}{rng.choice(PLACE_WORDS)}路{rng.randrange(1, 2000)}弄",
                    households,
                    int(households * rng.uniform(2.2, 2.9)),
                    now,
                    now,
                )
                self.areas_by_street[street].append(pk)
                self.area_street[pk] = street
        # Buildings: a few hundred per street, each with a weight (some towers hold hundreds of firms).
        self.buildings_by_street = {s: [] for s in street_ids}
        self.building_floors = {}
        self.building_weight = {}
        used = {s: set() for s in street_ids}
        with Writer(
            self,
            Building,
            ["id", "street", "name", "address", "floors", "latitude", "longitude", "created", "updated"],
        ) as w:
            for i in range(n.buildings):
                street = street_ids[i % len(street_ids)]
                pk = self.ids.take(Building)
                floors = rng.choice([5, 8, 12, 18, 24, 30, 38, 45, 60])
                w.row(
                    pk,
                    street,
                    self.place_name(used[street], rng.choice(BUILDING_SUFFIXES)),
                    f"{rng.choice(PLACE_WORDS)}{rng.choice(PLACE_WORDS)}路{rng.randrange(1, 3000)}号",
                    floors,
                    Decimal(f"{31.15 + rng.random() * 0.1:.6f}"),
                    Decimal(f"{121.30 + rng.random() * 0.15:.6f}"),
                    now,
                    now,
                )
                self.buildings_by_street[street].append(pk)
                self.building_floors[pk] = floors
                self.building_weight[pk] = rng.paretovariate(1.3) * floors
        # Party organizations: a general branch per residential area, a joint branch in most buildings.
        self.area_branch = {}
        self.building_branch = {}
        self.party_orgs_by_street = {s: [] for s in street_ids}
        area_names = {}
        with Writer(
            self,
            PartyOrganization,
            ["id", "street", "parent", "name", "level", "kind", "building", "residential_area", "secretary",
             "member_count", "created", "updated"],
        ) as w:  # fmt: skip
            for street, areas in self.areas_by_street.items():
                for k, area in enumerate(areas):
                    pk = self.ids.take(PartyOrganization)
                    area_names[area] = f"第{k + 1}居民区党总支"
                    w.row(pk, street, None, area_names[area], "general_branch", "independent", None, area,
                          self.person(), rng.randrange(80, 400), now, now)  # fmt: skip
                    self.area_branch[area] = pk
                    self.party_orgs_by_street[street].append(pk)
                for k, building in enumerate(self.buildings_by_street[street]):
                    if rng.random() < 0.6:
                        pk = self.ids.take(PartyOrganization)
                        w.row(pk, street, None, f"楼宇联合党支部{k + 1}", "branch", "joint", building, None,
                              self.person(), rng.randrange(5, 120), now, now)  # fmt: skip
                        self.building_branch[building] = pk
                        self.party_orgs_by_street[street].append(pk)

    # --- organizations -------------------------------------------------------------------------
    def organizations(self):
        rng, now = self.rng, self.now
        existing = set(TwoNewOrganization.objects.values_list("credit_code", flat=True))
        street_ids = [s for s, _d in self.streets]
        self.orgs_by_street = {s: [] for s in street_ids}
        self.org_street = {}
        self.org_building = {}
        self.org_registered = {}
        self.org_active = {}  # active and not archived: what gets assignments
        weights = {}
        for s in street_ids:
            total, cum = 0.0, []
            for b in self.buildings_by_street[s]:
                total += self.building_weight[b]
                cum.append(total)
            weights[s] = cum
        serial = self.ids.next[TwoNewOrganization] * 7 + 1000
        district_of = {s: self.districts.index(d) for s, d in self.streets}
        fields = ["id", "street", "name", "credit_code", "kind", "ownership", "industry", "building",
                  "residential_area", "floor", "unit", "headcount", "party_members", "coverage",
                  "covering_party_organization", "contact_name", "contact_phone", "cooperation", "status",
                  "notes", "registered_on", "version", "archived_at", "created", "updated"]  # fmt: skip
        with Writer(self, TwoNewOrganization, fields) as w:
            for i in range(self.n.organizations):
                street = street_ids[i % len(street_ids)]
                pk = self.ids.take(TwoNewOrganization)
                district_index = district_of[street]
                while True:
                    serial += 1
                    code = make_credit_code(("91310105", "91310112")[district_index], serial)
                    if code not in existing:
                        break
                building = area = None
                floor = unit = ""
                if rng.random() < 0.85 and self.buildings_by_street[street]:
                    building = rng.choices(self.buildings_by_street[street], cum_weights=weights[street])[0]
                    f = rng.randrange(1, self.building_floors[building] + 1)
                    floor, unit = str(f), f"{f}{rng.randrange(1, 30):02d}室"
                else:
                    area = rng.choice(self.areas_by_street[street])
                kind = "economic" if rng.random() < 0.82 else "social"
                headcount = max(1, int(rng.lognormvariate(3.0, 1.2)))
                members = min(headcount, int(headcount * rng.random() * 0.15))
                coverage = rng.choices(["own", "joint", "mass", "none"], weights=[12, 38, 20, 30])[0]
                covering = None
                if coverage in ("own", "joint"):
                    covering = self.building_branch.get(building) or self.area_branch.get(area)
                status = rng.choices(["active", "moved_out", "deregistered"], weights=[93, 5, 2])[0]
                archived = now - timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.02 else None
                registered = (
                    self.start_day - timedelta(days=rng.randrange(1, 2000))
                    if rng.random() < 0.7
                    else self.day_in_span(hi=self.today - timedelta(days=30))
                )
                name = (
                    f"上海{rng.choice(PLACE_WORDS)}{rng.choice(PLACE_WORDS)}{rng.choice(ORG_WORDS)}"
                    f"{rng.choice(ORG_SUFFIXES) if kind == 'economic' else '服务中心'}{pk}"
                )
                created = _utc(registered, 36000)
                w.row(pk, street, name, code, kind,
                      rng.choices(["domestic_private", "joint_venture", "foreign_owned", "hmt", "other"],
                                  weights=[70, 8, 12, 6, 4])[0],
                      rng.choice(INDUSTRIES), building, area, floor, unit, headcount, members, coverage,
                      covering, self.person(), self.mobile() if rng.random() < 0.8 else "",
                      rng.choices(["good", "fair", "poor"], weights=[50, 40, 10])[0], status, "",
                      registered, 1, archived, created, created)  # fmt: skip
                self.orgs_by_street[street].append(pk)
                self.org_street[pk] = street
                self.org_building[pk] = building or -area
                self.org_registered[pk] = registered
                self.org_active[pk] = status == "active" and archived is None

    # --- users ---------------------------------------------------------------------------------
    def users(self):
        rng, now = self.rng, self.now
        password = make_password(PASSWORD)
        prefix = f"g{self.tag}_"
        self.staff_by_street = {}
        self.cadres_by_street = {s: [] for s, _d in self.streets}
        self.district_users = []
        self.leaders = []  # filled lazily when teams are made: pre-create one per expected team
        n_teams = max(len(self.streets), self.n.volunteers // 50)
        fields = ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                  "is_staff", "is_active", "date_joined", "name", "role", "district", "street", "phone"]  # fmt: skip
        with Writer(self, User, fields) as w:

            def user(username, role, district=None, street=None):
                pk = self.ids.take(User)
                w.row(pk, password, False, prefix + username, "", "", "", False, True, now, self.person(),
                      role, district, street, self.mobile())  # fmt: skip
                return pk

            for k, district in enumerate(self.districts):
                self.district_users.append(user(f"district{k + 1}", "district", district=district))
            for k, (street, district) in enumerate(self.streets):
                self.staff_by_street[street] = [
                    user(f"staff{k + 1}_{j + 1}", "staff", district, street) for j in range(3)
                ]
            street_ids = [s for s, _d in self.streets]
            for j in range(self.n.cadres):
                street = street_ids[j % len(street_ids)]
                self.cadres_by_street[street].append(
                    user(f"cadre{j + 1}", "cadre", dict(self.streets)[street], street)
                )
            for j in range(n_teams):
                street = street_ids[j % len(street_ids)]
                self.leaders.append(
                    (street, user(f"leader{j + 1}", "leader", dict(self.streets)[street], street))
                )
        fields = ["id", "cadre", "home_post", "home_area", "home_building", "across_area", "across_building",
                  "across_title", "term_start", "term_end", "active", "created", "updated"]  # fmt: skip
        with Writer(self, CrossPost, fields) as w:
            for street, cadres in self.cadres_by_street.items():
                for cadre in cadres:
                    pk = self.ids.take(CrossPost)
                    start = self.start_day - timedelta(days=rng.randrange(0, 400))
                    if rng.random() < 0.6 or not self.buildings_by_street[street]:
                        area, building = rng.choice(self.areas_by_street[street]), None
                        row = (
                            "area_secretary",
                            area,
                            None,
                            None,
                            rng.choice(self.buildings_by_street[street]),
                        )
                    else:
                        area, building = None, rng.choice(self.buildings_by_street[street])
                        row = (
                            "building_worker",
                            None,
                            building,
                            rng.choice(self.areas_by_street[street]),
                            None,
                        )
                    w.row(pk, cadre, *row, "兼职委员", start, None, True, now, now)

    # --- assignments and visits ----------------------------------------------------------------
    def assignments_and_visits(self):
        rng = self.rng
        plans = []  # (assignment id, cadre, org, cadence, start day, active)
        for street, orgs in self.orgs_by_street.items():
            cadres = self.cadres_by_street[street]
            # A cadre covers a few buildings: organizations of one building go to one cadre.
            by_place = {}
            for org in orgs:
                by_place.setdefault(self.org_building[org], []).append(org)
            places = sorted(by_place, key=lambda p: -len(by_place[p]))
            load = [0] * len(cadres)
            for place in places:
                group = by_place[place]
                for chunk_start in range(0, len(group), 60):
                    chunk = group[chunk_start : chunk_start + 60]
                    c = min(range(len(cadres)), key=load.__getitem__)
                    load[c] += len(chunk)
                    for org in chunk:
                        if not self.org_active[org] or rng.random() < 0.03:
                            continue  # never assigned: these are never visited
                        cadence = rng.choices([30, 14, 60], weights=[75, 15, 10])[0]
                        start = max(
                            self.org_registered[org], self.start_day - timedelta(days=rng.randrange(60))
                        )
                        if rng.random() < 0.35:
                            start = max(start, self.day_in_span(hi=self.today - timedelta(days=20)))
                        plans.append([self.ids.take(Assignment), cadres[c], org, cadence, start, True])
                        if rng.random() < 0.13 and len(cadres) > 1:  # a second cadre shares the firm
                            other = cadres[(c + 1 + rng.randrange(len(cadres) - 1)) % len(cadres)]
                            plans.append([self.ids.take(Assignment), other, org, 60, start, True])
        for plan in plans:
            if rng.random() < 0.02:
                plan[5] = False  # ended assignments keep their visits
        # Calibrate how many of the cadence slots are kept so that the total is the target.
        slots = sum(max(0, (self.today - p[4]).days) / p[3] for p in plans)
        keep = min(1.0, self.n.visits / slots) if slots else 0
        last = {}
        t = time.monotonic()
        self.visits = []  # (visit id, org, cadre, visited_at): needs link back to some of them
        fields_visit = ["id", "cadre", "organization", "street", "assignment", "visited_at", "method", "checklist_template",
                  "checklist_answers", "notes", "raised_needs", "latitude", "longitude", "distance_m",
                  "far_from_building", "idempotency_key", "version", "created", "updated"]  # fmt: skip
        methods = ["on_site", "phone", "online", "meeting"]
        rows = []
        for aid, cadre, org, cadence, start, _active in plans:
            if rng.random() < 0.05:
                continue  # assigned but never visited
            compliance = min(1.0, keep * rng.uniform(0.4, 1.6))
            day = start + timedelta(days=rng.randrange(cadence))
            while day <= self.today:
                if rng.random() < compliance:
                    visited_at = self.moment(day)
                    if visited_at > self.now:
                        break
                    vid = self.ids.take(Visit)
                    rows.append((vid, cadre, org, aid, visited_at, rng.choices(methods, weights=[70, 15, 10, 5])[0],
                                 rng.choice(VISIT_NOTES), uuid.UUID(int=rng.getrandbits(128), version=4)))  # fmt: skip
                    last[aid] = day
                    self.visits.append((vid, org, cadre, visited_at))
                day += timedelta(days=max(1, round(cadence * rng.uniform(0.8, 1.2))))
        self.say(
            f"  (planned {len(rows):,} visits, {keep:.2f} of cadence slots kept, {time.monotonic() - t:.1f} s)"
        )
        # Assignments first (the visits point at them), with the last visit's local date.
        fields = ["id", "cadre", "organization", "street", "cadence_days", "active", "last_visited_on", "version",
                  "created", "updated"]  # fmt: skip
        with Writer(self, Assignment, fields) as w:
            for aid, cadre, org, cadence, start, active in plans:
                created = _utc(start, 8 * 3600)
                w.row(
                    aid, cadre, org, self.org_street[org], cadence, active, last.get(aid), 1, created, created
                )
        with Writer(self, Visit, fields_visit) as w:
            for vid, cadre, org, aid, visited_at, method, notes, key in rows:
                w.row(vid, cadre, org, self.org_street[org], aid, visited_at, method, None, "[]", notes, "[]", None,
                      None, None, False, key, 1, visited_at, visited_at)  # fmt: skip
        self.assignment_count = len(plans)

    # --- needs ---------------------------------------------------------------------------------
    def needs(self):
        rng, now = self.rng, self.now
        street_ids = [s for s, _d in self.streets]
        with Writer(self, ResponseDeadline, ["street", "category", "hours", "created", "updated"]) as w:
            for street in street_ids:
                for category, hours in NEED_HOURS.items():
                    w.row(street, category, hours, now, now)
        existing = set(Need.objects.values_list("reference", flat=True))
        categories = list(NEED_CATEGORY_WEIGHTS)
        cat_weights = list(NEED_CATEGORY_WEIGHTS.values())
        n = self.n.needs
        from_visits = rng.sample(range(len(self.visits)), min(len(self.visits), int(n * 0.6)))
        self.resolved_needs_by_street = {s: [] for s in street_ids}
        fields = ["id", "reference", "street", "organization", "residential_area", "requester_name", "visit",
                  "source", "category", "title", "description", "urgency", "status", "assignee", "raised_by",
                  "contact_name", "contact_phone", "contact_email", "due_at", "at_risk_at", "resolved_at",
                  "closed_at", "status_reason", "secret_digest", "rating", "rating_comment", "rated_at",
                  "version", "archived_at", "created", "updated"]  # fmt: skip
        with Writer(self, Need, fields) as w:
            for i in range(n):
                pk = self.ids.take(Need)
                visit = org = area = None
                requester = ""
                raised_by = None
                if i < len(from_visits):
                    visit, org, raised_by, visit_at = self.visits[from_visits[i]]
                    street = self.org_street[org]
                    created = visit_at + timedelta(minutes=rng.randrange(5, 240))
                    source = "visit"
                else:
                    street = rng.choice(street_ids)
                    created = self.moment(self.day_in_span(), 8, 20)
                    r = rng.random()
                    if r < 0.6 and self.orgs_by_street[street]:
                        org = rng.choice(self.orgs_by_street[street])
                    elif r < 0.92:
                        area = rng.choice(self.areas_by_street[street])
                    else:
                        requester = f"{rng.choice(PLACE_WORDS)}{rng.choice(ORG_WORDS)}工作室"
                    source = rng.choices(["phone", "walk_in", "online"], weights=[40, 25, 35])[0]
                    raised_by = rng.choice(self.staff_by_street[street]) if source != "online" else None
                created = min(created, now - timedelta(minutes=1))
                category = rng.choices(categories, weights=cat_weights)[0]
                urgency = rng.choices(["low", "normal", "high", "urgent"], weights=[15, 60, 20, 5])[0]
                hours = NEED_HOURS.get(category, 168)
                due = created + timedelta(hours=hours)
                at_risk = due - timedelta(hours=hours * AT_RISK_SHARE)
                age = (now - created).days
                if age > 90:
                    weights = [1, 1, 1, 2, 22, 60, 8, 5]
                elif age > 14:
                    weights = [4, 6, 6, 14, 30, 30, 6, 4]
                else:
                    weights = [30, 25, 12, 15, 10, 4, 2, 2]
                status = rng.choices(
                    ["submitted", "accepted", "matched", "in_progress", "resolved", "closed", "rejected",
                     "withdrawn"], weights=weights)[0]  # fmt: skip
                resolved = closed = rated = rating = None
                reason = ""
                if status in ("resolved", "closed"):
                    resolved = created + timedelta(hours=rng.lognormvariate(math.log(hours * 0.6), 0.7))
                    if resolved >= now:
                        resolved = created + (now - created) / 2
                    if status == "closed":
                        closed = resolved + timedelta(hours=rng.uniform(1, 240))
                        if closed >= now:
                            status, closed = "resolved", None
                    if rng.random() < 0.4:
                        rating = rng.choices([5, 4, 3, 2, 1], weights=[55, 28, 10, 4, 3])[0]
                        rated = min(now, (closed or resolved) + timedelta(hours=rng.uniform(1, 72)))
                    self.resolved_needs_by_street[street].append(pk)
                elif status in ("rejected", "withdrawn"):
                    reason = "不属于本街道受理范围" if status == "rejected" else "需求方已自行解决"
                while True:
                    reference = f"XQ{_local_day(created):%y%m%d}-" + "".join(
                        rng.choice(REFERENCE_ALPHABET) for _ in range(4)
                    )
                    if reference not in existing:
                        existing.add(reference)
                        break
                archived = now if rng.random() < 0.01 else None
                updated = closed or resolved or created
                w.row(pk, reference, street, org, area, requester, visit, source, category,
                      rng.choice(NEED_TITLES[category]), "", urgency, status,
                      rng.choice(self.staff_by_street[street]) if status != "submitted" else None, raised_by,
                      self.person(), self.mobile(), "", due, at_risk, resolved, closed, reason, "", rating, "",
                      rated, 1, archived, created, updated)  # fmt: skip

    # --- volunteers ----------------------------------------------------------------------------
    def volunteers(self):
        rng, now = self.rng, self.now
        street_ids = [s for s, _d in self.streets]
        self.groups_by_area = {}
        with Writer(
            self,
            BuildingGroup,
            ["id", "residential_area", "number", "households", "head", "created", "updated"],
        ) as w:
            for street in street_ids:
                for area in self.areas_by_street[street]:
                    self.groups_by_area[area] = []
                    for k in range(rng.randrange(12, 30)):
                        pk = self.ids.take(BuildingGroup)
                        w.row(pk, area, f"{k + 1}号", rng.randrange(12, 120), self.person(), now, now)
                        self.groups_by_area[area].append(pk)
        # Teams: most belong to a residential area, some to a building; one leader account each.
        self.teams_by_street = {s: [] for s in street_ids}
        self.team_leader = {}
        self.area_teams = {}
        fields = ["id", "street", "name", "residential_area", "building", "leader", "focus", "founded", "active",
                  "version", "archived_at", "created", "updated"]  # fmt: skip
        with Writer(self, VolunteerTeam, fields) as w:
            for k, (street, leader) in enumerate(self.leaders):
                pk = self.ids.take(VolunteerTeam)
                focus = rng.choice(TEAM_FOCUS)
                if rng.random() < 0.8 or not self.buildings_by_street[street]:
                    area, building = rng.choice(self.areas_by_street[street]), None
                    self.area_teams.setdefault(area, []).append(pk)
                else:
                    area, building = None, rng.choice(self.buildings_by_street[street])
                w.row(pk, street, f"{focus}志愿服务队{k + 1}", area, building, leader, focus,
                      self.start_day - timedelta(days=rng.randrange(1, 1500)), rng.random() < 0.95, 1, None,
                      now, now)  # fmt: skip
                self.teams_by_street[street].append(pk)
                self.team_leader[pk] = leader
        self.members_by_team = {}
        self.volunteers_by_street = {s: [] for s in street_ids}
        self.volunteer_names = {}
        fields = ["id", "street", "name", "phone", "residential_area", "building_group", "is_party_member",
                  "party_organization", "skills", "availability", "self_log_token", "version", "archived_at",
                  "created", "updated"]  # fmt: skip
        memberships = []
        with Writer(self, Volunteer, fields) as w:
            for i in range(self.n.volunteers):
                street = street_ids[i % len(street_ids)]
                pk = self.ids.take(Volunteer)
                area = rng.choice(self.areas_by_street[street])
                group = rng.choice(self.groups_by_area[area]) if rng.random() < 0.7 else None
                member = rng.random() < 0.3
                name = self.person()
                created = _utc(self.start_day - timedelta(days=rng.randrange(0, 700)), 36000)
                w.row(pk, street, name, self.mobile(), area, group, member,
                      self.area_branch[area] if member and rng.random() < 0.6 else None,
                      rng.choice(["", "急救", "书法", "法律咨询", "电脑维修", "摄影"]),
                      rng.choice(["any", "weekdays", "evenings", "weekends"]),
                      uuid.UUID(int=rng.getrandbits(128), version=4), 1,
                      now if rng.random() < 0.02 else None, created, created)  # fmt: skip
                self.volunteers_by_street[street].append(pk)
                self.volunteer_names[pk] = name
                teams = self.area_teams.get(area) or self.teams_by_street[street]
                first = rng.choice(teams)
                memberships.append((first, pk))
                if rng.random() < 0.15:
                    second = rng.choice(self.teams_by_street[street])
                    if second != first:
                        memberships.append((second, pk))
        fields = ["team", "volunteer", "role", "joined_on", "left_on", "created", "updated"]
        with Writer(self, TeamMembership, fields) as w:
            for team, volunteer in memberships:
                joined = self.start_day - timedelta(days=rng.randrange(0, 400))
                w.row(team, volunteer, "member", joined, None, now, now)
                self.members_by_team.setdefault(team, []).append(volunteer)

    def service_records(self):
        rng = self.rng
        teams = [t for t in self.team_leader if self.members_by_team.get(t)]
        weights = [len(self.members_by_team[t]) for t in teams]
        team_street = {t: s for s, ts in self.teams_by_street.items() for t in ts}
        day_hours = {}  # (volunteer, day) → hours already logged: nobody goes over 24
        hours_rows = []
        fields = ["id", "team", "date", "hours", "description", "need", "event", "status", "source",
                  "created_by", "approved_by", "approved_at", "version", "archived_at", "created", "updated"]  # fmt: skip
        hour_choices = [Decimal(h) for h in ("1", "1.5", "2", "2", "2.5", "3", "3", "4", "6", "8")]
        limit = Decimal("24")
        with Writer(self, ServiceRecord, fields) as w:
            for team in rng.choices(teams, weights=weights, k=self.n.service_records):
                members = self.members_by_team[team]
                for _attempt in range(5):
                    day = self.day_in_span()
                    hours = rng.choice(hour_choices)
                    people = rng.sample(members, min(len(members), rng.choice((1, 1, 2, 2, 3, 4, 6))))
                    people = [v for v in people if day_hours.get((v, day), 0) + hours <= limit]
                    if people:
                        break
                else:
                    continue
                pk = self.ids.take(ServiceRecord)
                age = (self.today - day).days
                status = rng.choices(["approved", "pending", "rejected"],
                                     weights=[90, 5, 5] if age > 14 else [40, 55, 5])[0]  # fmt: skip
                created = _utc(day, 20 * 3600)
                decided = created + timedelta(hours=rng.uniform(2, 72)) if status != "pending" else None
                if decided and decided > self.now:
                    decided = self.now
                leader = self.team_leader[team]
                need = None
                if rng.random() < 0.05 and self.resolved_needs_by_street[team_street[team]]:
                    need = rng.choice(self.resolved_needs_by_street[team_street[team]])
                w.row(pk, team, day, hours, rng.choice(SERVICE_TEXTS), need, None, status,
                      rng.choice(["self", "leader", "staff"]), leader,
                      leader if decided else None, decided, 1, None, created, decided or created)  # fmt: skip
                for v in people:
                    day_hours[(v, day)] = day_hours.get((v, day), 0) + hours
                    hours_rows.append((pk, v, day, hours, created))
        with Writer(self, ServiceHours, ["record", "volunteer", "date", "hours", "created", "updated"]) as w:
            for record, volunteer, day, hours, created in hours_rows:
                w.row(record, volunteer, day, hours, created, created)

    # --- events --------------------------------------------------------------------------------
    def events(self):
        rng, now = self.rng, self.now
        street_ids = [s for s, _d in self.streets]
        kinds = [k for k, _w in EVENT_KINDS]
        kind_weights = [w for _k, w in EVENT_KINDS]
        events = []
        fields = ["id", "street", "title", "kind", "theme", "place", "starts_at", "ends_at", "capacity",
                  "signup_opens_at", "signup_closes_at", "status", "description", "summary", "checkin_token",
                  "created_by", "version", "archived_at", "created", "updated"]  # fmt: skip
        with Writer(self, Event, fields) as w:
            for i in range(self.n.events):
                street = street_ids[i % len(street_ids)]
                pk = self.ids.take(Event)
                day = self.day_in_span(hi=self.today + timedelta(days=60))
                starts = self.moment(day, 9, 19)
                ends = starts + timedelta(hours=rng.choice((1, 2, 2, 3, 4)))
                kind = rng.choices(kinds, weights=kind_weights)[0]
                if ends < now:
                    status = rng.choices(["done", "published", "cancelled", "draft"], weights=[82, 10, 6, 2])[
                        0
                    ]
                else:
                    status = rng.choices(["published", "draft"], weights=[75, 25])[0]
                capacity = rng.choice((None, None, 20, 30, 50, 80, 120, 200))
                opens = starts - timedelta(days=14)
                created = min(opens - timedelta(days=1), now)
                w.row(pk, street, f"{EVENT_TITLES[kind]}（{day:%Y年%m月}）", kind, "", "党群服务中心",
                      starts, ends, capacity, opens, starts - timedelta(hours=1), status, "",
                      "活动顺利开展。" if status == "done" else "", uuid.UUID(int=rng.getrandbits(128)).hex,
                      rng.choice(self.staff_by_street[street]), 1,
                      now if rng.random() < 0.01 else None, created, created)  # fmt: skip
                events.append((pk, street, starts, ends, capacity, status))
        through = Event.organizers.through
        with Writer(self, through, ["event", "partyorganization"]) as w:
            for pk, street, *_rest in events:
                for org in rng.sample(self.party_orgs_by_street[street], min(2, rng.choice((1, 1, 2)))):
                    w.row(pk, org)
        through = Event.participating_organizations.through
        with Writer(self, through, ["event", "twoneworganization"]) as w:
            for pk, street, *_rest in events:
                orgs = self.orgs_by_street[street]
                for org in rng.sample(orgs, min(len(orgs), rng.choice((0, 0, 1, 2, 3)))):
                    w.row(pk, org)
        attendances = []
        fields = ["id", "event", "user", "volunteer", "name", "phone", "status", "queued_at", "confirmed_at",
                  "cancelled_at", "registered_by", "created", "updated"]  # fmt: skip
        with Writer(self, Registration, fields) as w:
            for pk, street, starts, _ends, capacity, status in events:
                if status == "draft":
                    continue
                people = self.volunteers_by_street[street]
                wanted = int(rng.expovariate(1 / 15)) + 1
                if capacity:
                    wanted = min(wanted, capacity + capacity // 10)
                chosen = rng.sample(people, min(len(people), wanted))
                for k, volunteer in enumerate(chosen):
                    rid = self.ids.take(Registration)
                    queued = starts - timedelta(days=rng.uniform(1, 13))
                    if capacity and k >= capacity:
                        state, confirmed, cancelled = "waitlisted", None, None
                    elif rng.random() < 0.08:
                        state, confirmed, cancelled = "cancelled", queued, queued + timedelta(hours=5)
                    else:
                        state, confirmed, cancelled = "confirmed", queued, None
                    w.row(rid, pk, None, volunteer, self.volunteer_names[volunteer], self.mobile(), state,
                          queued, confirmed, cancelled, None, queued, cancelled or queued)  # fmt: skip
                    if state == "confirmed" and status == "done" and rng.random() < 0.78:
                        attendances.append((pk, rid, starts + timedelta(minutes=rng.uniform(-20, 30))))
        with Writer(
            self, Attendance, ["event", "registration", "checked_in_at", "method", "created", "updated"]
        ) as w:
            for event, registration, at in attendances:
                w.row(event, registration, at, "qr" if rng.random() < 0.85 else "staff", at, at)


def generate(factor: float, seed: int = 1, stdout=None, append=False, today=None) -> dict:
    """Fill the database; returns rows written per table. Raises RefuseError on a filled database."""
    gen = Generator(factor, seed=seed, stdout=stdout, today=today)
    if connection.vendor == "postgresql":
        return gen.run(append=append)
    with transaction.atomic():
        return gen.run(append=append)
