"""Records of street A, and who may read and change each through which URL (issue 9, object level).

``build(world)`` makes one record of every kind that has a detail URL: of street A, of cadre 1 or
of the leader's team. ``API_ROUTES`` and ``PAGE_ROUTES`` say, for each URL name with a record in
its path, which record goes there, which roles may read it (GET → 200) and which may change it;
tests/test_object_scope.py checks every other role is refused and the record left unchanged, and
fails when a URL with a record in its path has no entry here.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

ROLES = ["anonymous", "district", "staff_a", "staff_b", "cadre1", "cadre2", "leader", "admin"]
NOBODY: frozenset = frozenset()
SR = frozenset({"district", "staff_a", "admin"})  # read street A's records
SW = frozenset({"staff_a", "admin"})  # change street A's records
STREET_A = frozenset(ROLES) - {"anonymous", "staff_b"}  # everyone working in street A


@dataclass
class Route:
    """A URL with a record in its path: ``record`` names the attribute of build()'s namespace."""

    record: str
    read: frozenset  # roles whose GET is 200
    write: frozenset  # roles that may change the record through it (not exercised, except PATCH)
    sees: frozenset | None = None  # roles that know the record exists (default: ``read``)
    kwargs: object = None  # callable(records) → URL kwargs; default {"pk": record.pk}
    data: dict | None = None  # a payload a writer would send (PATCH / POST)
    positive: str | None = None  # a writer whose PATCH with ``data`` must succeed (API only)

    def who_sees(self) -> frozenset:
        return self.sees if self.sees is not None else self.read

    def url_kwargs(self, records) -> dict:
        if self.kwargs is not None:
            return self.kwargs(records)
        return {"pk": getattr(records, self.record).pk}


def build(world):
    """One record of each kind in street A (or of cadre 1 / the leader's team), and a few of street B."""
    from cadre_reports import services as cadre_reports
    from core.models import Notification
    from crossposts.models import Assignment, CrossPost
    from events.models import Attachment
    from needs.models import NeedAttachment
    from organizations.periods import Quarter
    from reports.models import Report
    from tests.crossposts.factories import ChecklistTemplateFactory, VisitFactory
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.factories import BuildingFactory, PartyOrganizationFactory, ResidentialAreaFactory
    from tests.members.factories import CommunityCheckInFactory, PartyMemberFactory
    from tests.needs.conftest import make_needs_world
    from tests.volunteers.conftest import make_volunteer_world
    from volunteers.models import TeamMembership

    a = world.street_a
    ChecklistTemplateFactory()
    nw = make_needs_world(world)
    vw = make_volunteer_world(world)
    r = SimpleNamespace(world=world, nw=nw, vw=vw)
    r.street = a
    r.area = ResidentialAreaFactory(street=a, name="虹桥测试居民区")
    r.building = BuildingFactory(street=a, name="虹桥测试大厦")
    r.party = PartyOrganizationFactory(street=a, name="虹桥测试党支部")
    r.org = nw.org_a  # assigned to cadre 1
    r.assignment = Assignment.objects.get(cadre=world.cadre1, organization=r.org)
    r.visit = VisitFactory(
        cadre=world.cadre1,
        organization=r.org,
        assignment=r.assignment,
        notes="走访记录",
        visited_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    last = Quarter.current().previous()
    r.post = CrossPost.objects.create(
        cadre=world.cadre1,
        home_post=CrossPost.HomePost.AREA_SECRETARY,
        home_area=r.area,
        across_building=r.building,
        term_start=last.start - datetime.timedelta(days=400),
    )
    r.quarter = last
    r.draft_report = cadre_reports.start_report(r.post, last)
    r.sent_report = cadre_reports.submit(
        cadre_reports.start_report(r.post, last.previous()), "本季度走访楼宇企业，协调解决需求。"
    )
    r.notification = Notification.objects.create(
        recipient=world.cadre1, kind="test", key="scope-test", title="一条通知", body="通知正文"
    )
    r.member = PartyMemberFactory(street=a, name="党员甲")
    r.checkin = CommunityCheckInFactory(member=r.member)
    r.need = nw.need_a  # raised by cadre 1
    r.need_attachment = NeedAttachment.objects.create(
        need=r.need, name="来函", file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf")
    )
    r.resource = nw.resource_a
    r.project = nw.project_a
    r.team = vw.own_team  # the leader's team
    r.volunteer = vw.own_member
    r.membership = TeamMembership.objects.get(team=vw.own_team, volunteer=vw.own_member)
    r.service_record = vw.other_pending  # another team's: not the leader's
    # A need of street A (not cadre 1's) handed to the leader's team.
    from tests.needs.factories import NeedFactory
    from volunteers.team_tasks import hand_off

    r.team_task = hand_off(
        NeedFactory(organization=nw.org_a, user=world.staff_a, title="交给队伍的需求"),
        vw.own_team,
        world.staff_a,
    )
    r.group = vw.group_a
    r.pairing = vw.pairing
    r.event = EventFactory(street=a, title="虹桥党日活动")
    r.registration = RegistrationFactory(event=r.event, user=world.cadre1, name="汪书记")
    r.event_attachment = Attachment.objects.create(
        event=r.event, title="学习材料", file=ContentFile(b"%PDF-1.4 study", name="study.pdf")
    )
    r.event_b = EventFactory(street=world.street_b, title="仙霞党日活动")
    r.report = Report.objects.create(
        kind=Report.Kind.MONTHLY,
        period="2026-01",
        street=a,
        district=a.district,
        status=Report.Status.DONE,
        progress=100,
    )
    r.report.file.save(f"{a.name}-2026-01.xlsx", ContentFile(b"PK street A report"), save=True)
    return r


def _cadre_report_form(r):
    return {"post": r.post.pk, "period": r.quarter.key}


# API detail routes (every URL under /api/v1/ with a pk), by URL name.
API_ROUTES = {
    "notification-detail": Route("notification", read=frozenset({"cadre1"}), write=NOBODY),
    "notification-read": Route(
        "notification", read=NOBODY, write=frozenset({"cadre1"}), sees=frozenset({"cadre1"})
    ),
    "street-detail": Route("street", read=SR, write=NOBODY),
    "residentialarea-detail": Route(
        "area", read=SR, write=SW, data={"name": "改名居民区"}, positive="staff_a"
    ),
    "building-detail": Route("building", read=SR, write=SW, data={"name": "改名大厦"}, positive="staff_a"),
    "partyorganization-detail": Route(
        "party", read=SR, write=SW, data={"name": "改名党支部"}, positive="staff_a"
    ),
    "organization-detail": Route(
        "org", read=SR | {"cadre1"}, write=SW, data={"industry": "改名行业", "version": 1}, positive="staff_a"
    ),
    "organization-restore": Route("org", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "partymember-detail": Route(
        "member", read=SR, write=SW, data={"name": "改名党员", "version": 1}, positive="staff_a"
    ),
    "partymember-service-card": Route("member", read=SR, write=NOBODY),
    "partymember-restore": Route("member", read=NOBODY, write=SW, sees=SR),
    "checkin-detail": Route(
        "checkin", read=SR, write=SW, data={"skills_offered": "改名技能"}, positive="staff_a"
    ),
    "crosspost-detail": Route("post", read=SR | {"cadre1"}, write=NOBODY),
    "assignment-detail": Route("assignment", read=SR | {"cadre1"}, write=NOBODY),
    "visit-detail": Route(
        "visit",
        read=SR | {"cadre1"},
        write=frozenset({"cadre1"}),
        data={"notes": "改名走访", "version": 1},
        positive="cadre1",
    ),
    "visit-addenda": Route("visit", read=NOBODY, write=frozenset({"cadre1"}), sees=SR | {"cadre1"}),
    "cadrereport-detail": Route(
        "draft_report",
        read=frozenset({"staff_a", "cadre1", "admin"}),
        write=frozenset({"cadre1"}),
        data={"narrative": "改名草稿", "version": 1},
        positive="cadre1",
    ),
    "cadrereport-submit": Route(
        "draft_report",
        read=NOBODY,
        write=frozenset({"cadre1"}),
        sees=frozenset({"staff_a", "cadre1", "admin"}),
    ),
    "cadrereport-receive": Route(
        "sent_report", read=NOBODY, write=SW, sees=frozenset({"staff_a", "cadre1", "admin"})
    ),
    "need-detail": Route(
        "need", read=SR | {"cadre1"}, write=SW | {"cadre1"}, data={"title": "改名需求"}, positive="staff_a"
    ),
    "need-comment": Route("need", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "need-transition": Route("need", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "need-match": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "need-make-project": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "need-hand-off": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "need-make-event": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "team-task-detail": Route("team_task", read=SR | {"leader"}, write=NOBODY),
    "team-task-status": Route("team_task", read=NOBODY, write=SW | {"leader"}, sees=SR | {"leader"}),
    "resource-detail": Route(
        "resource", read=SR | {"cadre1", "cadre2"}, write=SW, data={"name": "改名资源"}, positive="staff_a"
    ),
    "project-detail": Route("project", read=SR, write=SW, data={"name": "改名项目"}, positive="staff_a"),
    "team-detail": Route(
        "team", read=SR | {"leader"}, write=SW, data={"focus": "改名方向"}, positive="staff_a"
    ),
    "volunteer-detail": Route(
        "volunteer", read=SR | {"leader"}, write=SW, data={"skills": "改名技能"}, positive="staff_a"
    ),
    "service-record-detail": Route("service_record", read=SR, write=SW),
    "service-record-approve": Route("service_record", read=NOBODY, write=SW, sees=SR),
    "service-record-reject": Route("service_record", read=NOBODY, write=SW, sees=SR),
    "building-group-detail": Route(
        "group", read=SR, write=SW, data={"head": "改名楼组长"}, positive="staff_a"
    ),
    "event-detail": Route("event", read=STREET_A, write=SW, data={"place": "改名地点"}, positive="staff_a"),
    "event-cancel": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    # Signing oneself up, checking oneself in and cancelling one's own place: everyone who sees it.
    "event-registrations": Route("event", read=STREET_A, write=STREET_A),
    "event-check-in": Route("event", read=NOBODY, write=STREET_A, sees=STREET_A),
    "event-cancel-registration": Route("event", read=NOBODY, write=STREET_A, sees=STREET_A),
}

# Page routes with a record in their path, by URL name.
PAGE_ROUTES = {
    "core:notification_read": Route(
        "notification", read=NOBODY, write=frozenset({"cadre1"}), sees=frozenset({"cadre1"})
    ),
    "organizations:detail": Route("org", read=SR | {"cadre1"}, write=NOBODY),
    "organizations:update": Route("org", read=SW, write=SW, sees=SR | {"cadre1"}),
    "organizations:archive": Route("org", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "members:member_detail": Route("member", read=SR, write=NOBODY),
    "members:member_update": Route("member", read=SW, write=SW, sees=SR),
    "members:member_archive": Route("member", read=NOBODY, write=SW, sees=SR),
    "members:checkin_create": Route("member", read=SW, write=SW, sees=SR),
    "members:pledge_mark": Route("member", read=NOBODY, write=SW, sees=SR),
    "members:checkin_end": Route("checkin", read=NOBODY, write=SW, sees=SR),
    "members:service_card": Route("member", read=SR, write=NOBODY),
    "crossposts:visit_detail": Route("visit", read=SR | {"cadre1"}, write=NOBODY),
    "crossposts:visit_addendum": Route(
        "visit", read=NOBODY, write=frozenset({"cadre1"}), sees=SR | {"cadre1"}
    ),
    "crossposts:assignment_new": Route(
        "org", read=SW, write=SW, sees=SR | {"cadre1"}, kwargs=lambda r: {"org": r.org.pk}
    ),
    "crossposts:assignment_edit": Route("assignment", read=SW, write=SW, sees=SR | {"cadre1"}),
    "crossposts:assignment_end": Route("assignment", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "cadre_reports:detail": Route(
        "sent_report", read=frozenset({"staff_a", "cadre1", "admin"}), write=NOBODY
    ),
    "cadre_reports:receive": Route(
        "sent_report", read=NOBODY, write=SW, sees=frozenset({"staff_a", "cadre1", "admin"})
    ),
    "mobile:visit_new": Route(
        "org",
        read=frozenset({"cadre1"}),
        write=frozenset({"cadre1"}),
        sees=SR | {"cadre1"},
        kwargs=lambda r: {"org": r.org.pk},
    ),
    "mobile:visit_edit": Route(
        "visit", read=frozenset({"cadre1"}), write=frozenset({"cadre1"}), sees=SR | {"cadre1"}
    ),
    "cadre_reports:form": Route(
        "draft_report",
        read=frozenset({"cadre1"}),
        write=frozenset({"cadre1"}),
        sees=frozenset({"staff_a", "cadre1", "admin"}),
        kwargs=_cadre_report_form,
    ),
    "needs:detail": Route("need", read=SR | {"cadre1"}, write=NOBODY),
    "needs:edit": Route("need", read=SW | {"cadre1"}, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "needs:transition": Route("need", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "needs:comment": Route("need", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "needs:attach": Route("need", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}),
    "needs:match": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "needs:make_project": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "needs:hand_off": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "needs:make_event": Route("need", read=NOBODY, write=SW, sees=SR | {"cadre1"}),
    "volunteers:task_status": Route("team_task", read=NOBODY, write=SW | {"leader"}, sees=SR | {"leader"}),
    "needs:resource_edit": Route("resource", read=SW, write=SW, sees=SR | {"cadre1", "cadre2"}),
    "needs:project_detail": Route("project", read=SR, write=NOBODY),
    "needs:project_edit": Route("project", read=SW, write=SW, sees=SR),
    "volunteers:team_detail": Route("team", read=SR | {"leader"}, write=NOBODY),
    "volunteers:team_edit": Route("team", read=SW, write=SW, sees=SR | {"leader"}),
    "volunteers:team_archive": Route("team", read=NOBODY, write=SW, sees=SR | {"leader"}),
    "volunteers:membership_add": Route("team", read=NOBODY, write=SW, sees=SR | {"leader"}),
    "volunteers:member_create": Route(
        "team", read=SW | {"leader"}, write=SW | {"leader"}, sees=SR | {"leader"}
    ),
    # The leader keeps their team's roster.
    "volunteers:membership_end": Route(
        "membership", read=NOBODY, write=SW | {"leader"}, sees=SR | {"leader"}
    ),
    "volunteers:volunteer_detail": Route("volunteer", read=SR | {"leader"}, write=NOBODY),
    "volunteers:volunteer_edit": Route("volunteer", read=SW, write=SW, sees=SR | {"leader"}),
    "volunteers:volunteer_archive": Route("volunteer", read=NOBODY, write=SW, sees=SR | {"leader"}),
    "volunteers:record_edit": Route("service_record", read=SW, write=SW, sees=SR),
    "volunteers:record_archive": Route("service_record", read=NOBODY, write=SW, sees=SR),
    "volunteers:record_decide": Route("service_record", read=NOBODY, write=SW, sees=SR),
    "volunteers:group_detail": Route("group", read=SR, write=NOBODY),
    "volunteers:group_edit": Route("group", read=SW, write=SW, sees=SR),
    "volunteers:group_item_add": Route("group", read=NOBODY, write=SW, sees=SR),
    "volunteers:pairing_detail": Route("pairing", read=SR, write=NOBODY),
    "volunteers:pairing_checkin": Route("pairing", read=NOBODY, write=SW, sees=SR),
    "events:detail": Route("event", read=STREET_A, write=NOBODY),
    "events:update": Route("event", read=SW, write=SW, sees=STREET_A),
    "events:cancel": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    "events:archive": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    "events:register": Route("event", read=NOBODY, write=STREET_A, sees=STREET_A),
    "events:register_person": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    "events:staff_checkin": Route(
        "registration",
        read=NOBODY,
        write=SW,
        sees=SR | {"cadre1"},
        kwargs=lambda r: {"pk": r.event.pk, "registration_pk": r.registration.pk},
    ),
    "events:registration_cancel": Route(
        "registration", read=NOBODY, write=SW | {"cadre1"}, sees=SR | {"cadre1"}
    ),
    "events:checkin": Route(
        "event",
        read=STREET_A,
        write=STREET_A,
        kwargs=lambda r: {"pk": r.event.pk, "token": r.event.checkin_token},
    ),
    "events:qr": Route("event", read=SR, write=NOBODY, sees=STREET_A),
    "events:poster": Route("event", read=SR, write=NOBODY, sees=STREET_A),
    "events:signin_sheet": Route("event", read=SR, write=NOBODY, sees=STREET_A),
    "events:attendance_export": Route("event", read=SR, write=NOBODY, sees=STREET_A),
    "events:photo_add": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    "events:attachment_add": Route("event", read=NOBODY, write=SW, sees=STREET_A),
    "reports:report_detail": Route("report", read=SR, write=NOBODY),
    "reports:report_download": Route("report", read=SR, write=NOBODY),
}

# Routes whose path holds no record: a secret token (the token is the permission) or a name.
NOT_RECORDS = {
    "organizations:import_confirm": "the import's token is kept in the uploader's session",
    "needs:public_rate": "a signed token sent to the requester",
    "volunteers:self_log": "the volunteer's own secret link",
    "events:feed": "the user's secret calendar link",
    "reports:drill": "a figure's name; the street is a query parameter, checked in test_object_scope",
}

# Mixed paths: a record of street B that staff B may change, with a record of street A in the same path.
MIXED_PAGE_ROUTES = {
    "events:staff_checkin": Route(
        "registration",
        read=NOBODY,
        write=NOBODY,
        sees=SR | {"cadre1"},
        kwargs=lambda r: {"pk": r.event_b.pk, "registration_pk": r.registration.pk},
    ),
}


def snapshot(obj) -> dict:
    """Everything a change would touch: the row, its history, its many-to-many and reverse relations."""
    model = type(obj)
    row = model._base_manager.filter(pk=obj.pk).values().first()
    state = {"row": row}
    for rel in model._meta.related_objects:
        if rel.one_to_many or rel.one_to_one:
            state[f"rel:{rel.name}"] = rel.related_model._base_manager.filter(
                **{rel.field.name: obj.pk}
            ).count()
    for m2m in model._meta.many_to_many:
        state[f"m2m:{m2m.name}"] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    if hasattr(obj, "history"):
        state["history"] = obj.history.count()
    return state


def text_fields(model) -> list[models.Field]:
    """The free-text fields of a model that people type into (no choices, not system-made)."""
    skip = {
        "password",
        "username",
        "email",
        "contact_email",
        "key",
        "url",
        "token",
        "checkin_token",
        "secret_digest",
        "reference",
        "history_change_reason",
        "task_name",
        "last_error",
        "channel",
        "error",
        "kind",
        "period",
        "code",
    }
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in skip
    ]
