from tests.factories import (
    BuildingFactory,
    OrganizationFactory,
    PartyOrganizationFactory,
    ResidentialAreaFactory,
)
from tests.matrix import Case, expect, street_api, street_page


def cases(world):
    org = OrganizationFactory(street=world.street_a)
    building = BuildingFactory(street=world.street_a)
    area = ResidentialAreaFactory(street=world.street_a)
    porg = PartyOrganizationFactory(street=world.street_a)
    from crossposts.models import Assignment

    Assignment.objects.get_or_create(cadre=world.cadre1, organization=org)
    # Pages about street A's organization: staff B gets 404 (out of scope), cadre1 sees it (assigned).
    ledger = street_page(cadre1=200, cadre2=200)
    record = street_page(staff_b=404, cadre1=200, cadre2=404)
    write = expect(403, anonymous=302, staff_a=200, staff_b=200, admin=200)
    write_record = expect(403, anonymous=302, staff_a=200, staff_b=404, admin=200)
    pk = {"pk": org.pk}
    return [
        Case("organizations:list", ledger),
        Case("organizations:export", street_page()),
        Case("organizations:create", write),
        Case("organizations:import", write | {"admin": 302}),
        Case(
            "organizations:import_confirm",
            expect(403, anonymous=302, staff_a=404, staff_b=404, admin=404),
            kwargs={"token": "0" * 32},
            method="post",
        ),
        Case("organizations:detail", record, kwargs=pk),
        Case("organizations:update", write_record, kwargs=pk),
        Case(
            "organizations:archive",
            expect(403, anonymous=302, staff_a=302, staff_b=404, admin=302),
            kwargs=pk,
            method="post",
        ),
        # API: reads by scope; writes by staff of the record's street.
        Case("street-list", street_api(), api=True),
        Case("street-detail", street_api(staff_b=404), kwargs={"pk": world.street_a.pk}, api=True),
        Case("residentialarea-list", street_api(), api=True),
        Case("residentialarea-detail", street_api(staff_b=404), kwargs={"pk": area.pk}, api=True),
        Case("building-list", street_api(), api=True),
        Case("building-detail", street_api(staff_b=404), kwargs={"pk": building.pk}, api=True),
        Case("partyorganization-list", street_api(), api=True),
        Case("partyorganization-detail", street_api(staff_b=404), kwargs={"pk": porg.pk}, api=True),
        Case("organization-list", street_api(cadre1=200, cadre2=200), api=True),
        Case("organization-detail", street_api(staff_b=404, cadre1=200, cadre2=404), kwargs=pk, api=True),
        Case(
            "organization-restore",
            expect(403, anonymous=401, staff_a=200, staff_b=404, admin=200),
            kwargs=pk,
            method="post",
            api=True,
        ),
    ]
