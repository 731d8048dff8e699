"""Every door a figure is read through, for one street and one period: the dashboard figure
(the function and the page), its drill-down list, the stats API and the report (the printable
page and the workbook the report task builds). Each returns what the user would see."""

import io

import openpyxl
from django.urls import reverse
from django.utils.translation import override

from reports import figures
from reports.models import Report
from reports.tasks import build_report


def figure(street, period, key):
    """reports.figures.compute, as every door calls it."""
    return figures.compute([street], period)[street.pk].value(key)


def dashboard(client, street, period, key):
    response = client.get(reverse("reports:dashboard"), {"street": street.pk, "period": period.key})
    assert response.status_code == 200
    shown = {f.key: v for f, v in response.context["work"] + response.context["attention"]}
    return shown[key]


def drill(client, street, period, key):
    """The drill-down list: (its count, the primary keys of its rows)."""
    response = client.get(reverse("reports:drill", args=[key]), {"street": street.pk, "period": period.key})
    assert response.status_code == 200
    return response.context["paginator"].count, {row.pk for row in response.context["rows"]}


def stats(api, street, period, key):
    response = api.get(reverse("stats"), {"street": street.pk, "period": period.key})
    assert response.status_code == 200
    (row,) = response.json()["streets"]
    assert response.json()["totals"][key] == row["figures"][key]
    return row["figures"][key]


def printable(client, street, period):
    """The printable report's context: figure rows by label, and its lists."""
    response = client.get(reverse("reports:printable"), {"street": street.pk, "period": period.key})
    assert response.status_code == 200
    return response.context


def printable_figure(client, street, period, key):
    with override("zh-hans"):
        return dict(printable(client, street, period)["rows"])[str(figures.BY_KEY[key].label)]


def workbook(street, period, user):
    """The report workbook built by the report task for the street and period."""
    report = Report.objects.create(
        kind=Report.Kind.QUARTERLY,
        period=period.key,
        street=street,
        district=street.district,
        requested_by=user,
    )
    with override("zh-hans"):
        build_report(report.pk)
    report.refresh_from_db()
    with report.file.open("rb") as f:
        return openpyxl.load_workbook(io.BytesIO(f.read()), read_only=True)


def workbook_figure(book, key):
    with override("zh-hans"):
        label = str(figures.BY_KEY[key].label)
    for row in book["概况"].iter_rows(min_row=2, values_only=True):
        if row[0] == label:
            return row[1]
    raise AssertionError(f"no row {label!r} in the report")


def workbook_column(book, sheet, column):
    """The values of one column of a list sheet (headers on the first row)."""
    rows = list(book[sheet].iter_rows(values_only=True))
    index = rows[0].index(column)
    return [r[index] for r in rows[1:]]


def stats_row(api, street, period):
    response = api.get(reverse("stats"), {"street": street.pk, "period": period.key})
    assert response.status_code == 200
    (row,) = response.json()["streets"]
    return row
