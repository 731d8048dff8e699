"""The scale generator: the run, places, organizations, accounts and visits (see demo.scale)."""

import os
import random
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from crossposts.models import Assignment, CrossPost, Visit
from demo.scale.activity import ActivityTables
from demo.scale.data import (
    BUILDING_SUFFIXES,
    DISTRICTS,
    GIVEN,
    INDUSTRIES,
    ORG_SUFFIXES,
    ORG_WORDS,
    PASSWORD,
    PLACE_WORDS,
    SPAN_DAYS,
    STREETS,
    SURNAMES,
    VISIT_NOTES,
    Counts,
    Ids,
    RefuseError,
    _utc,
)
from demo.scale.writer import Writer
from events.models import Attendance, Event, Registration
from needs.models import Need, ResponseDeadline
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


class Generator(ActivityTables):
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


def generate(factor: float, seed: int = 1, stdout=None, append=False, today=None) -> dict:
    """Fill the database; returns rows written per table. Raises RefuseError on a filled database."""
    gen = Generator(factor, seed=seed, stdout=stdout, today=today)
    if connection.vendor == "postgresql":
        return gen.run(append=append)
    with transaction.atomic():
        return gen.run(append=append)
