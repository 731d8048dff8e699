"""Cadre report pages and endpoints by role (see tests/matrix.py)."""

from tests.matrix import Case, any_user_api, expect


def cases(world):
    """Cadre reports: readable by the cadre, the addressed secretaries, the street's staff and admins."""
    import datetime

    from cadre_reports import services as reports
    from crossposts.models import CrossPost
    from organizations.periods import Quarter
    from tests.factories import BuildingFactory, ResidentialAreaFactory

    last = Quarter.current().previous()
    post = CrossPost.objects.create(
        cadre=world.cadre1,
        home_post=CrossPost.HomePost.AREA_SECRETARY,
        home_area=ResidentialAreaFactory(street=world.street_a),
        across_building=BuildingFactory(street=world.street_a),
        term_start=last.start - datetime.timedelta(days=200),
    )
    page_report, api_report = (
        reports.submit(reports.start_report(post, q), "本季度走访楼宇企业，协调解决需求。")
        for q in (last, last.previous())
    )
    readers = expect(404, anonymous=302, staff_a=200, cadre1=200, admin=200)
    readers_api = expect(404, anonymous=401, staff_a=200, cadre1=200, admin=200)
    cadre_page = expect(403, anonymous=302, cadre1=200, cadre2=200)
    return [
        Case("cadre_reports:list", expect(200, anonymous=302)),
        Case("cadre_reports:detail", readers, kwargs={"pk": page_report.pk}),
        # staff_a marks it received; cadre1 and admin (nothing left to mark) are told so on the page.
        Case(
            "cadre_reports:receive",
            expect(404, anonymous=302, staff_a=302, cadre1=302, admin=302),
            kwargs={"pk": page_report.pk},
            method="post",
        ),
        Case("cadre_reports:mine", cadre_page),
        Case(
            "cadre_reports:form",
            expect(403, anonymous=302, cadre1=200, cadre2=404),
            kwargs={"post": post.pk, "period": last.key},
        ),
        Case("cadrereport-list", any_user_api(), api=True),
        Case("cadrereport-detail", readers_api, kwargs={"pk": api_report.pk}, api=True),
        Case(
            "cadrereport-submit",
            expect(404, anonymous=401, staff_a=403, cadre1=400, admin=403),
            kwargs={"pk": api_report.pk},
            method="post",
            api=True,
            data={"narrative": "本季度走访楼宇企业，协调解决需求。", "version": 1},
        ),
        Case(
            "cadrereport-receive",
            expect(404, anonymous=401, staff_a=200, cadre1=400, admin=400),
            kwargs={"pk": api_report.pk},
            method="post",
            api=True,
        ),
    ]
