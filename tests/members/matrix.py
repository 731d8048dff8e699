"""Dual check-in pages and endpoints by role: street staff read and write their street, nobody else."""

from tests.matrix import Case, any_user_api, expect, street_api, street_page


def cases(world):
    from tests.members.factories import CommunityCheckInFactory, PartyMemberFactory

    member = PartyMemberFactory(street=world.street_a)
    checkin = CommunityCheckInFactory(member=member)
    pk = {"pk": member.pk}
    record = street_page(staff_b=404)
    write = expect(403, anonymous=302, staff_a=200, staff_b=200, admin=200)
    write_record = expect(403, anonymous=302, staff_a=200, staff_b=404, admin=200)
    post_record = expect(403, anonymous=302, staff_a=302, staff_b=404, admin=302)
    return [
        Case("organizations:members", street_page()),
        Case("organizations:member_create", write),
        Case("organizations:member_detail", record, kwargs=pk),
        Case("organizations:member_update", write_record, kwargs=pk),
        Case("organizations:checkin_create", write_record, kwargs=pk),
        Case("organizations:pledge_mark", post_record, kwargs=pk, method="post"),
        Case("organizations:checkins", street_page()),
        Case("organizations:service_cards", street_page()),
        Case("organizations:service_cards_export", street_page()),
        Case("organizations:service_card", record, kwargs=pk),
        # Last: archiving and ending change the records the cases above read.
        Case("organizations:checkin_end", post_record, kwargs={"pk": checkin.pk}, method="post"),
        Case("organizations:member_archive", post_record, kwargs=pk, method="post"),
        Case("partymember-list", street_api(), api=True),
        Case("partymember-detail", street_api(staff_b=404), kwargs=pk, api=True),
        Case("partymember-service-card", street_api(staff_b=404), kwargs=pk, api=True),
        Case("checkin-list", street_api(), api=True),
        Case("checkin-detail", street_api(staff_b=404), kwargs={"pk": checkin.pk}, api=True),
        *report_cases(world),
    ]


def report_cases(world):
    """Cadre reports: readable by the cadre, the addressed secretaries, the street's staff and admins."""
    import datetime

    from crossposts import cadre_reports as reports
    from crossposts.models import CrossPost
    from organizations.members import Quarter
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
        Case("crossposts:reports", expect(200, anonymous=302)),
        Case("crossposts:report_detail", readers, kwargs={"pk": page_report.pk}),
        # staff_a marks it received; cadre1 and admin (nothing left to mark) are told so on the page.
        Case(
            "crossposts:report_receive",
            expect(404, anonymous=302, staff_a=302, cadre1=302, admin=302),
            kwargs={"pk": page_report.pk},
            method="post",
        ),
        Case("mobile:reports", cadre_page),
        Case(
            "mobile:report_form",
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
