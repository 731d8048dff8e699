"""HTML and script typed into any text field is shown escaped on every page; formula-like text is
neutralised in every Excel export, the text otherwise intact (issue 9).

Every free-text field of every model (tests/scope_records.text_fields: CharField/TextField without
choices, not system-made) is set directly in the database, on every row that the records of
tests/scope_records.build() made, their history included. Then every page that shows records is
opened by the roles that read it: the lists and dashboards, each record's pages (detail, edit
forms, mobile, print views, drill-downs), the public need pages, the admin. JSON API responses
are JSON, not HTML: they are not looked at here.
"""

import io
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from core.validators import FORMULA_PREFIXES
from tests import scope_records as sr
from tests.test_object_scope import _client, export_names, list_page_names

OURS = {"accounts", "core", "organizations", "crossposts", "needs", "volunteers", "events", "reports"}
SCRIPT = "<script>alert(1)</script>\"'&<b>x</b>"
# Shorter forms for short columns (a phone, a floor, a credit code); each holds a tag.
SHORTER = ["<b>x</b>\"'&", "<b>x</b>"]
RAW = ("<script>alert(1)</script>", "<b>x</b>")
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;")
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(1)"]


def _fit(candidates: list[str], suffix: str, max_length: int | None) -> str | None:
    for text in candidates:
        if max_length is None or len(text) + len(suffix) <= max_length:
            return text + suffix
    return None


def poison(candidates_for) -> int:
    """Set every text field of every row of our models; ``candidates_for(index)`` gives the texts
    for a model's index-th text field, longest first. A row's id ends each value (unique columns)."""
    fields_set = 0
    for model in apps.get_models():
        if model._meta.app_label not in OURS:
            continue
        fields = sr.text_fields(model)
        if not fields:
            continue
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for index, field in enumerate(fields):
                value = _fit(candidates_for(index), str(pk), field.max_length)
                if value is not None:
                    values[field.name] = value
            fields_set += _update(model, pk, values)
    return fields_set


def _update(model, pk, values) -> int:
    """Set the values; a column whose database constraint refuses the text (a credit code's form)
    can never hold it, and keeps its value."""
    rows = model._base_manager.filter(pk=pk)
    try:
        with transaction.atomic():
            rows.update(**values)
        return len(values)
    except IntegrityError:
        done = 0
        for name, value in values.items():
            try:
                with transaction.atomic():
                    rows.update(**{name: value})
                done += 1
            except IntegrityError:
                continue
        return done


def _page_urls(records, world):
    """(role, url, method, data, shows_a_record) of every HTML page that shows records."""
    from needs import services as need_services
    from reports import figures

    a = world.street_a.pk
    pages = []
    for name in list_page_names():
        for role in ("staff_a", "district", "admin", "cadre1", "leader"):
            pages.append((role, reverse(name), "get", None, False))
        # A search box shows what was searched for.
        pages.append(("staff_a", reverse(name) + "?q=%3Cscript%3Ealert(1)%3C/script%3E", "get", None, False))
    for key in (f.key for f in figures.FIGURES):
        pages.append(
            ("staff_a", reverse("reports:drill", kwargs={"key": key}) + f"?street={a}", "get", None, False)
        )
    for name, route in sr.PAGE_ROUTES.items():
        for role in sorted(route.read):
            pages.append((role, reverse(name, kwargs=route.url_kwargs(records)), "get", None, True))
    need = records.need
    secret = need.issue_secret()
    need.save(update_fields=["secret_digest"])
    pages.append(
        (
            "anonymous",
            reverse("needs:public_status"),
            "post",
            {"reference": need.reference, "secret": secret},
            True,
        )
    )
    token = need_services.rating_token(need)
    pages.append(("anonymous", reverse("needs:public_rate", kwargs={"token": token}), "get", None, True))
    volunteer = records.volunteer
    pages.append(
        (
            "anonymous",
            reverse("volunteers:self_log", kwargs={"token": volunteer.self_log_token}),
            "get",
            None,
            True,
        )
    )
    return pages


def _admin_urls(records):
    """The admin's list and change pages of every registered model (one record each)."""
    from django.contrib import admin

    urls = []
    for model in admin.site._registry:
        if model._meta.app_label not in OURS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first]))
    return urls


def test_html_in_every_text_field_is_shown_escaped_on_every_page(world):
    records = sr.build(world)
    pages = _page_urls(records, world)  # before poisoning: the public need's reference is a text
    assert poison(lambda index: [SCRIPT, *SHORTER]) > 200
    failures, unshown, opened = [], [], 0
    for role, url, method, data, shows_record in pages:
        client = _client(world, role, api=False)
        response = getattr(client, method)(url, data or {})
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        body = response.content.decode()
        leaked = [raw for raw in RAW if raw in body]
        if leaked:
            failures.append(f"{method.upper()} {url} as {role}: unescaped {leaked}")
        if shows_record and not any(escaped in body for escaped in ESCAPED):
            unshown.append(f"{url} as {role}")
    admin = _client(world, "admin", api=False)
    for url in _admin_urls(records):
        response = admin.get(url)
        assert response.status_code == 200, (url, response.status_code)
        opened += 1
        leaked = [raw for raw in RAW if raw in response.content.decode()]
        if leaked:
            failures.append(f"GET {url} as admin: unescaped {leaked}")
    assert not failures, "\n".join(failures)
    # The text was on the pages, escaped: each record's page shows some of it.
    assert not unshown, "record pages that show none of the record's text:\n" + "\n".join(unshown)
    assert opened > 200, opened


def _workbook_cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def _exports(world, records):
    """(url, workbook bytes) of every Excel export, as staff of street A, and the street's report."""
    from reports.models import Report
    from reports.tasks import build_report

    client = _client(world, "staff_a", api=False)
    out = []
    for name in export_names():
        kwargs = {"pk": records.event.pk} if name == "events:attendance_export" else {}
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        out.append((url, b"".join(response.streaming_content)))
    report = Report.objects.create(
        kind=Report.Kind.MONTHLY, period="2026-01", street=world.street_a, district=world.street_a.district
    )
    build_report(report.pk)
    url = reverse("reports:report_download", kwargs={"pk": report.pk})
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    out.append((url, b"".join(response.streaming_content)))
    return out


def _registered_event(records):
    """Someone confirmed and checked in on street A's event, so that its attendance sheet has a row."""
    from events.models import Attendance

    Attendance.objects.get_or_create(event=records.event, registration=records.registration)


def test_formula_like_text_is_neutralised_in_every_export(world):
    records = sr.build(world)
    _registered_event(records)
    poison(lambda index: [FORMULAS[index % len(FORMULAS)]])
    failures, found = [], set()
    for url, content in _exports(world, records):
        for sheet, cell in _workbook_cells(content):
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)):
                failures.append(f"{url} [{sheet}] {cell.coordinate}: {value!r}")
            if isinstance(value, str):
                for formula in FORMULAS:
                    if re.fullmatch(re.escape("'" + formula) + r"\d+", value):
                        found.add(formula)
    assert not failures, "cells a spreadsheet would run:\n" + "\n".join(failures[:50])
    # Each formula is there, intact after its apostrophe.
    assert found == set(FORMULAS), set(FORMULAS) - found


def test_html_reaches_the_exports_as_plain_text(world):
    records = sr.build(world)
    _registered_event(records)
    poison(lambda index: [SCRIPT, *SHORTER])
    without = []
    for url, content in _exports(world, records):
        values = [cell.value for _sheet, cell in _workbook_cells(content) if isinstance(cell.value, str)]
        if any("&lt;" in v for v in values):
            without.append(f"{url}: HTML-escaped text in a cell")
        elif not any(SCRIPT in v or SHORTER[1] in v for v in values):
            without.append(f"{url}: none of the text")
    assert not without, "\n".join(without)


@pytest.mark.parametrize("formula", FORMULAS)
def test_core_exports_rule(formula):
    from core.exports import safe_cell

    assert safe_cell(formula) == "'" + formula
    assert safe_cell("党员" + formula) == "党员" + formula
