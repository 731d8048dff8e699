"""Object-level scope (issue 9): reading, changing or deleting another scope's record is refused
on pages, in exports and in the API alike, and the record is left unchanged.

Every URL with a record in its path is found from the URL resolver; tests/scope_records.py says
which record of street A (or of cadre 1, of the leader's team) goes there and who may read and
change it. Every other role is refused: 404 or 403 (401 without credentials, the log-in page for
an anonymous visitor, 405 for a method the URL does not take); a role that may see the record may
also be told no on the page (a redirect with a message, 400, 409). The record's row, history,
many-to-many and reverse relations are compared before and after each refused request.
"""

import io
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests import scope_records as sr
from tests.scope_records import API_ROUTES, MIXED_PAGE_ROUTES, NOT_RECORDS, PAGE_ROUTES, ROLES

LOGIN = resolve_url(settings.LOGIN_URL)


def _patterns(resolver=None, namespace="", prefix=""):
    """(full route text, URL name, callback) of every named pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern.callback


def _has_path_argument(route: str) -> bool:
    # DRF's format suffixes are not records.
    route = route.replace("(?P<format>", "").replace("<drf_format_suffix:format>", "")
    return "<" in route


def api_detail_routes() -> dict[str, set[str]]:
    """URL name → HTTP methods, for every API route under /api/v1/ with a record id in its path."""
    routes = {}
    for route, name, callback in _patterns():
        if route.startswith("api/v1/") and _has_path_argument(route):
            actions = getattr(callback, "actions", None) or {}
            methods = set(actions) or {"get"}
            routes.setdefault(name, set()).update(methods)
    return routes


def page_routes_with_arguments() -> set[str]:
    return {
        name
        for route, name, _callback in _patterns()
        if not route.startswith(("api/", "admin/", "media/")) and _has_path_argument(route)
    }


def test_every_api_detail_route_has_a_record():
    missing = sorted(set(api_detail_routes()) - set(API_ROUTES))
    assert not missing, (
        f"API routes with a record id but no entry in tests/scope_records.API_ROUTES: {missing}"
    )
    stale = sorted(set(API_ROUTES) - set(api_detail_routes()))
    assert not stale, f"entries of API_ROUTES without a route: {stale}"


def test_every_page_route_with_a_record_has_one():
    names = page_routes_with_arguments()
    missing = sorted(names - set(PAGE_ROUTES) - set(NOT_RECORDS))
    assert not missing, (
        f"page routes with a path argument but no entry in tests/scope_records.PAGE_ROUTES: {missing}"
    )
    stale = sorted((set(PAGE_ROUTES) | set(NOT_RECORDS)) - names)
    assert not stale, f"entries of PAGE_ROUTES/NOT_RECORDS without a route: {stale}"


def _client(world, role, api):
    client = APIClient() if api else Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _refused(response, role, sees: bool, api: bool, reads: bool = False) -> bool:
    status = response.status_code
    if reads and status == 200:
        return True  # a reader's POST to a page that only shows the record: the page again
    if role == "anonymous":
        if api:
            return status in (401, 403)
        return status in (403, 404, 405) or (status == 302 and response["Location"].startswith(LOGIN))
    if status in (403, 404, 405):
        return True
    # Someone who may see the record may be told no in other ways (a message and a redirect, 400, 409).
    return sees and status in (302, 400, 409)


def _check_routes(world, records, routes, methods_of, api):
    failures = []
    for name, route in routes.items():
        url = reverse(name, kwargs=route.url_kwargs(records))
        obj = getattr(records, route.record)
        for role in ROLES:
            client = _client(world, role, api)
            for method in sorted(methods_of(name)):
                if method == "get" and role in route.read:
                    status = client.get(url).status_code
                    if status != 200:
                        failures.append(f"GET {url} ({name}) as {role}: {status}, expected 200 (a reader)")
                    continue
                if method != "get" and role in route.write:
                    continue
                before = sr.snapshot(obj)
                kwargs = {"format": "json"} if api and method != "get" else {}
                data = route.data if method in ("put", "patch", "post") and route.data else {}
                response = getattr(client, method)(url, data, **kwargs)
                after = sr.snapshot(obj)
                what = f"{method.upper()} {url} ({name}) as {role}"
                if not _refused(response, role, role in route.who_sees(), api, reads=role in route.read):
                    failures.append(f"{what}: {response.status_code}, expected a refusal")
                if after != before:
                    changed = {k for k in after if after[k] != before[k]}
                    failures.append(f"{what}: the record changed ({sorted(changed)})")
    return failures


def test_api_detail_routes_refuse_every_other_scope(world):
    records = sr.build(world)
    methods = api_detail_routes()
    failures = _check_routes(world, records, API_ROUTES, lambda name: methods[name], api=True)
    assert not failures, "\n".join(failures)


def test_page_routes_refuse_every_other_scope(world):
    records = sr.build(world)
    failures = _check_routes(world, records, PAGE_ROUTES, lambda name: {"get", "post"}, api=False)
    failures += _check_routes(world, records, MIXED_PAGE_ROUTES, lambda name: {"get", "post"}, api=False)
    assert not failures, "\n".join(failures)


def test_the_refused_payloads_are_accepted_from_a_writer(world):
    """The PATCH payloads used above do change the record for its writer: the refusals were not
    a bad payload's 400."""
    records = sr.build(world)
    failures = []
    for name, route in API_ROUTES.items():
        if not route.positive:
            continue
        obj = getattr(records, route.record)
        url = reverse(name, kwargs=route.url_kwargs(records))
        before = sr.snapshot(obj)
        data = route.data
        if hasattr(obj, "version") and "version" not in data:
            data = {**data, "version": obj.version}  # every update names its version
        response = _client(world, route.positive, api=True).patch(url, data, format="json")
        if response.status_code != 200:
            failures.append(
                f"PATCH {url} as {route.positive}: {response.status_code} {response.content[:300]}"
            )
        elif sr.snapshot(obj)["row"] == before["row"]:
            failures.append(f"PATCH {url} as {route.positive}: 200 but nothing changed")
    assert not failures, "\n".join(failures)


# Exports and lists: staff of street B (and cadres, the team leader) never get street A's records.

MARK_A = "甲街道标记ZQX"
MARK_B = "乙街道标记ZQX"


def _marked_records(world):
    """One record of each exported kind in street A and in street B, with a marker in a text column.

    Street A's are nobody's in particular (no cadre's assignment or visit, not the leader's team),
    so that only the street's readers may see them. A residential area's name and an event are
    public within the street: they carry another marker."""
    from accounts.models import User
    from organizations.periods import Quarter
    from tests.crossposts.factories import VisitFactory
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.factories import OrganizationFactory, ResidentialAreaFactory, UserFactory
    from tests.members.factories import PartyMemberFactory
    from tests.needs.factories import NeedFactory
    from tests.volunteers.factories import (
        BuildingGroupFactory,
        PairingFactory,
        TeamFactory,
        member_of,
        record,
    )

    made = {}
    for street, mark, staff in (
        (world.street_a, MARK_A, world.staff_a),
        (world.street_b, MARK_B, world.staff_b),
    ):
        public = f"{street.name}公开"
        org = OrganizationFactory(street=street, name=f"{mark}公司")
        area = ResidentialAreaFactory(street=street, name=f"{public}居民区")
        team = TeamFactory(street=street, residential_area=area, name=f"{mark}队")
        volunteer = member_of(team, name=f"{mark}人")
        record(team, [volunteer], Quarter.current().start, "2", description=f"{mark}服务")
        group = BuildingGroupFactory(residential_area=area, number=f"{mark}7号", head=f"{mark}长")
        PairingFactory(party_member=volunteer, street=street, building_group=group, household=f"{mark}户")
        PartyMemberFactory(street=street, name=f"{mark}员", residential_area=area)
        NeedFactory(organization=org, title=f"{mark}需求", user=staff)
        event = EventFactory(street=street, title=f"{public}活动")
        RegistrationFactory(event=event, name=f"{mark}报名")
        cadre = UserFactory(username=f"cadre_{street.pk}", role=User.Role.CADRE, street=street)
        VisitFactory(cadre=cadre, organization=org, notes=f"{mark}走访")
        made[street.pk] = {"event": event}
    return made


def export_names() -> list[str]:
    names = []
    for route, name, callback in _patterns():
        if route.startswith(("api/", "admin/")):
            continue
        view = getattr(callback, "view_class", None)
        from core.views import FilteredExportView

        if "export" in name or (view and issubclass(view, FilteredExportView)):
            names.append(name)
    return sorted(set(names))


def _workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    return "\n".join(cells)


OUTSIDERS = ["staff_b", "cadre1", "cadre2", "leader"]


def _hidden_from(world, role) -> list[str]:
    """Street A's markers a role must not find: staff B not even street A's public ones."""
    return [MARK_A, f"{world.street_a.name}公开"] if role == "staff_b" else [MARK_A]


def test_exports_never_hold_another_streets_records(world):
    made = _marked_records(world)
    event_a = made[world.street_a.pk]["event"]
    event_b = made[world.street_b.pk]["event"]
    names = export_names()
    assert len(names) >= 8, names
    failures, shown_b = [], set()
    for name in names:
        for role in [*OUTSIDERS, "staff_a"]:
            client = _client(world, role, api=False)
            kwarg_sets = (
                [{"pk": event_a.pk}, {"pk": event_b.pk}] if name == "events:attendance_export" else [{}]
            )
            for kwargs in kwarg_sets:
                url = reverse(name, kwargs=kwargs)
                # The filter names the other street outright: it must not widen the scope.
                for query in ("", f"?street={world.street_a.pk}", f"?street={world.street_b.pk}"):
                    response = client.get(url + query)
                    if response.status_code != 200:
                        continue
                    content = b"".join(response.streaming_content) if response.streaming else response.content
                    text = _workbook_text(content)
                    if role == "staff_a":
                        if MARK_B in text:
                            failures.append(f"{url}{query} as staff_a holds street B's record")
                    elif any(mark in text for mark in _hidden_from(world, role)):
                        failures.append(f"{url}{query} as {role} holds street A's record")
                    if role == "staff_b" and MARK_B in text:
                        shown_b.add(name)
    assert not failures, "\n".join(failures)
    # The exports do hold records: staff B finds street B's in each.
    assert set(names) - shown_b <= {"members:service_cards_export"}, sorted(set(names) - shown_b)


def list_page_names() -> list[str]:
    return sorted(
        name
        for route, name, _cb in _patterns()
        if not route.startswith(("api/", "admin/", "media/", "i18n/", "accounts/"))
        and not _has_path_argument(route)
        and "export" not in name
    )


def test_list_pages_and_drill_downs_never_show_another_streets_records(world):
    from reports import figures

    _marked_records(world)
    a = world.street_a.pk
    urls = [reverse(name) for name in list_page_names()]
    urls += [reverse("reports:drill", kwargs={"key": f.key}) for f in figures.FIGURES]
    failures = []
    for role in ["staff_b", "cadre2", "leader", "cadre1"]:
        client = _client(world, role, api=False)
        for url in urls:
            # (No search for the marker: a search box shows what was searched for.)
            for query in ("", f"?street={a}"):
                response = client.get(url + query)
                if response.status_code != 200 or response.streaming:
                    continue
                body = response.content.decode()
                if any(mark in body for mark in _hidden_from(world, role)):
                    failures.append(f"GET {url}{query} as {role} shows street A's record")
    assert not failures, "\n".join(failures)


def test_api_lists_never_hold_another_streets_records(world):
    _marked_records(world)
    names = sorted({name for route, name, _cb in _patterns() if re.search(r"^api/v1/.*-list$|^stats$", name)})
    failures = []
    for role in OUTSIDERS:
        client = _client(world, role, api=True)
        for name in names:
            for query in ("", f"?street={world.street_a.pk}", f"?search={MARK_A}"):
                response = client.get(reverse(name) + query)
                if response.status_code == 200 and MARK_A in response.content.decode():
                    failures.append(f"GET {reverse(name)}{query} as {role} holds street A's record")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "staff_b", "cadre2", "leader"])
def test_uploaded_files_are_served_only_to_who_may_see_their_record(world, role):
    """Uploaded files (a need's letter, an event's material, a street's report) are records too:
    their address is no key."""
    records = sr.build(world)
    files = {
        "need attachment": records.need_attachment.file,
        "event material": records.event_attachment.file,
        "report": records.report.file,
    }
    visible = {
        "anonymous": set(),
        "staff_b": set(),
        "cadre2": {"event material"},
        "leader": {"event material"},
    }[role]
    client = _client(world, role, api=False)
    failures = []
    for what, file in files.items():
        response = client.get(file.url)
        if what in visible:
            if response.status_code != 200:
                failures.append(f"{what} {file.url} as {role}: {response.status_code}, expected 200")
        elif response.status_code == 200:
            failures.append(f"{what} {file.url} as {role}: served")
    assert not failures, "\n".join(failures)


def test_uploaded_files_are_served_to_their_readers(world):
    records = sr.build(world)
    for role, file in (
        ("staff_a", records.need_attachment.file),
        ("cadre1", records.need_attachment.file),
        ("staff_a", records.report.file),
        ("district", records.report.file),
        ("cadre2", records.event_attachment.file),
    ):
        response = _client(world, role, api=False).get(file.url)
        assert response.status_code == 200, (role, file.url, response.status_code)
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == file.open("rb").read()


def test_every_kind_of_upload_names_the_record_whose_scope_applies():
    from django.apps import apps
    from django.db import models

    from core.media import MEDIA_OWNERS

    listed = {(label, name) for _prefix, label, fields, _owner in MEDIA_OWNERS for name in fields}
    ours = {"accounts", "core", "organizations", "crossposts", "needs", "volunteers", "events", "reports"}
    with_files = {
        (model._meta.label, f.name)
        for model in apps.get_models()
        if model._meta.app_label in ours and not model._meta.label.split(".")[1].startswith("Historical")
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    }
    assert with_files <= listed, f"file fields not in core.media.MEDIA_OWNERS: {sorted(with_files - listed)}"


@pytest.mark.parametrize("name", ["reports:gaps", "reports:printable", "reports:drill"])
def test_one_street_pages_without_a_street_for_the_district_and_admins(world, name):
    """They have no street of their own: the page shows the first street they read (it was a 500)."""
    kwargs = {"key": "visits"} if name == "reports:drill" else {}
    for role in ("district", "admin"):
        response = _client(world, role, api=False).get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, (role, response.status_code)


def _writable_viewsets():
    """(URL name, viewset class, action) of every API route that creates or updates."""
    for route, name, callback in _patterns():
        actions = getattr(callback, "actions", None) or {}
        if not route.startswith("api/v1/") or "format" in route:
            continue
        for method, action in actions.items():
            if action in ("create", "update", "partial_update"):
                yield name, callback.cls, method, action


# Choices wider than the caller's scope, and why that is safe.
CHECKED_ELSEWHERE = {
    # A cadre raises a need for any residential area of their own street (needs.forms.street_areas).
    ("need", "residential_area"): "the cadre's own street only",
    # validate() refuses a street the caller may not see and a provider in another street:
    # test_api_writes_naming_another_streets_records_are_refused.
    ("resource", "street"): "validate()",
    ("resource", "organization"): "validate()",
    ("resource", "party_organization"): "validate()",
    ("resource", "residential_area"): "validate()",
    ("resource", "building"): "validate()",
    ("project", "street"): "validate()",
    # The hours rule takes only the team's members (volunteers.rules.check_members): same test.
    ("service-record", "volunteers"): "volunteers.rules.check_members",
    # A leader links hours to the needs handed to their teams (volunteers.forms.served_choices).
    ("service-record", "need"): "the leader's team tasks only",
}


def test_api_writes_naming_another_streets_records_are_refused(world, api_for):
    from needs.models import Project, Resource
    from volunteers.models import ServiceRecord

    records = sr.build(world)
    vw = records.vw
    client = api_for("staff_b")
    before = (Resource.objects.count(), Project.objects.count(), ServiceRecord.objects.count())
    tries = [
        (
            "resource-list",
            {
                "street": world.street_b.pk,
                "name": "借用",
                "category": "venue",
                "organization": records.org.pk,
            },
        ),
        (
            "resource-list",
            {
                "street": world.street_a.pk,
                "name": "借用",
                "category": "venue",
                "organization": records.org.pk,
            },
        ),
        (
            "resource-list",
            {
                "street": world.street_b.pk,
                "name": "借用",
                "category": "venue",
                "building": records.building.pk,
            },
        ),
        ("project-list", {"street": world.street_a.pk, "name": "借用项目", "kind": "warm_heart"}),
        (
            "service-record-list",
            {
                "team": vw.team_b.pk,
                "date": str(vw.today),
                "hours": "1",
                "description": "借用",
                "volunteers": [vw.own_member.pk],
            },
        ),
    ]
    for name, data in tries:
        response = client.post(reverse(name), data, format="json")
        assert response.status_code == 400, (name, data, response.status_code, response.content[:300])
    assert (Resource.objects.count(), Project.objects.count(), ServiceRecord.objects.count()) == before
    # The same with street B's own records is accepted: the refusals above were about street A.
    org_b = vw.team_b.residential_area
    ok = client.post(
        reverse("resource-list"),
        {"street": world.street_b.pk, "name": "自有", "category": "venue", "residential_area": org_b.pk},
        format="json",
    )
    assert ok.status_code == 201, ok.content[:300]
    ok = client.post(
        reverse("project-list"),
        {"street": world.street_b.pk, "name": "自有项目", "kind": "warm_heart"},
        format="json",
    )
    assert ok.status_code == 201, ok.content[:300]


def test_api_write_choices_hold_only_records_the_caller_may_see(world):
    """A related record named in a write (an organization, a team, volunteers…) is one the caller
    may see: staff of street B cannot hang their records on street A's."""
    from rest_framework import relations
    from rest_framework.exceptions import NotAuthenticated, PermissionDenied
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    sr.build(world)
    _marked_records(world)
    factory = APIRequestFactory()
    failures, checked = [], 0
    for role in ("staff_b", "cadre2", "leader"):
        user = world.users[role]
        for name, cls, method, action in _writable_viewsets():
            request = Request(getattr(factory, method)("/"))
            request.user = user
            view = cls(request=request, format_kwarg=None, kwargs={}, action=action)
            try:
                view.check_permissions(request)
            except (PermissionDenied, NotAuthenticated):
                continue  # the role may not write here at all
            serializer = view.get_serializer()
            for field_name, field in serializer.fields.items():
                if field.read_only:
                    continue
                related = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
                if not isinstance(related, relations.RelatedField):
                    continue
                choices = related.get_queryset()
                manager = choices.model.objects
                if not hasattr(manager, "visible_to"):
                    continue
                checked += 1
                hidden = choices.exclude(pk__in=manager.visible_to(user).values("pk"))
                if hidden.exists() and (name.rsplit("-", 1)[0], field_name) not in CHECKED_ELSEWHERE:
                    failures.append(
                        f"{name} {action} as {role}: {field_name} accepts {hidden.count()} "
                        f"{choices.model._meta.label} the caller cannot see"
                    )
    assert checked > 20, checked
    assert not failures, "\n".join(sorted(set(failures)))
