"""Dual check-in pages and endpoints by role: street staff read and write their street, nobody else."""

from tests.matrix import Case, expect, street_api, street_page


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
        Case("members:members", street_page()),
        Case("members:member_create", write),
        Case("members:member_detail", record, kwargs=pk),
        Case("members:member_update", write_record, kwargs=pk),
        Case("members:checkin_create", write_record, kwargs=pk),
        Case("members:pledge_mark", post_record, kwargs=pk, method="post"),
        Case("members:checkins", street_page()),
        Case("members:service_cards", street_page()),
        Case("members:service_cards_export", street_page()),
        Case("members:service_card", record, kwargs=pk),
        # Last: archiving and ending change the records the cases above read.
        Case("members:checkin_end", post_record, kwargs={"pk": checkin.pk}, method="post"),
        Case("members:member_archive", post_record, kwargs=pk, method="post"),
        Case("partymember-list", street_api(), api=True),
        Case("partymember-detail", street_api(staff_b=404), kwargs=pk, api=True),
        Case("partymember-service-card", street_api(staff_b=404), kwargs=pk, api=True),
        Case(
            "partymember-restore",
            expect(403, anonymous=401, staff_a=200, staff_b=404, admin=200),
            kwargs=pk,
            method="post",
            api=True,
        ),
        Case("checkin-list", street_api(), api=True),
        Case("checkin-detail", street_api(staff_b=404), kwargs={"pk": checkin.pk}, api=True),
    ]
