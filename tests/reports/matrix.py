from reports.models import Report
from tests.matrix import Case, expect, street_api, street_page


def cases(world):
    report = Report.objects.create(
        kind="monthly", period="2026-01", street=world.street_a, district=world.street_a.district
    )
    a = {"street": world.street_a.pk}
    staff_page = street_page(staff_b=404)
    return [
        Case("reports:dashboard", street_page(district=302, admin=302)),
        Case("reports:district", expect(403, anonymous=302, district=200, admin=200)),
        Case("reports:drill", staff_page, kwargs={"key": "visits"}, query=f"street={a['street']}"),
        Case("reports:gaps", staff_page, query=f"street={a['street']}"),
        Case("reports:printable", staff_page, query=f"street={a['street']}"),
        Case("reports:reports", street_page()),
        Case("reports:report_detail", staff_page, kwargs={"pk": report.pk}),
        Case(
            "reports:report_download",
            street_page(staff_a=404, district=404, admin=404, staff_b=404),
            kwargs={"pk": report.pk},
        ),
        Case("stats", street_api(), api=True),
    ]
