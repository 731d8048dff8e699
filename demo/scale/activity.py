"""The generator's activity tables: needs, volunteers, service records and events."""

import math
import uuid
from datetime import timedelta
from decimal import Decimal

from demo.scale.data import (
    EVENT_KINDS,
    EVENT_TITLES,
    NEED_CATEGORY_WEIGHTS,
    NEED_HOURS,
    NEED_TITLES,
    ORG_WORDS,
    PLACE_WORDS,
    REFERENCE_ALPHABET,
    SERVICE_TEXTS,
    TEAM_FOCUS,
    _local_day,
    _utc,
)
from demo.scale.writer import Writer
from events.models import Attendance, Event, Registration
from needs.models import AT_RISK_SHARE, Need, ResponseDeadline
from volunteers.models import (
    BuildingGroup,
    ServiceHours,
    ServiceRecord,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)


class ActivityTables:
    """Mixed into Generator; runs after places, organizations, users and visits exist."""

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
