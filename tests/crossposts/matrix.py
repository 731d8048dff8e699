"""Who may open each cross-posting page and endpoint (see tests/matrix.py)."""

from tests.crossposts.factories import (
    AssignmentFactory,
    ChecklistTemplateFactory,
    CrossPostFactory,
    VisitFactory,
)
from tests.factories import BuildingFactory, OrganizationFactory, ResidentialAreaFactory
from tests.matrix import Case, expect, street_api, street_page


def cases(world):
    ChecklistTemplateFactory()
    org = OrganizationFactory(street=world.street_a)
    assignment = AssignmentFactory(cadre=world.cadre1, organization=org)
    visit = VisitFactory(cadre=world.cadre1, organization=org, assignment=assignment)
    post = CrossPostFactory(
        cadre=world.cadre1,
        home_area=ResidentialAreaFactory(street=world.street_a),
        across_building=BuildingFactory(street=world.street_a),
    )
    # One of cadre1's street-A records: staff B and cadre2 find nothing there.
    own_record = expect(
        403, anonymous=302, district=200, staff_a=200, staff_b=404, cadre1=200, cadre2=404, admin=200
    )
    own_api = expect(
        403, anonymous=401, district=200, staff_a=200, staff_b=404, cadre1=200, cadre2=404, admin=200
    )
    cadre_page = expect(403, anonymous=302, cadre1=200, cadre2=200)
    readers_api = expect(200, anonymous=401, leader=403)
    return [
        # Staff pages.
        Case("crossposts:index", street_page()),
        Case("crossposts:visit_export", street_page()),
        Case("crossposts:coverage", street_page()),
        Case("crossposts:assignments", street_page()),
        # Assignments are changed by street staff (and admins) only; staff B do not find street A's.
        Case(
            "crossposts:assignment_new",
            expect(403, anonymous=302, staff_a=200, staff_b=404, admin=200),
            kwargs={"org": org.pk},
        ),
        Case(
            "crossposts:assignment_edit",
            expect(403, anonymous=302, staff_a=200, staff_b=404, admin=200),
            kwargs={"pk": assignment.pk},
        ),
        Case("crossposts:visit_detail", own_record, kwargs={"pk": visit.pk}),
        Case(
            "crossposts:visit_addendum",
            expect(403, anonymous=302, cadre1=302, cadre2=404),
            kwargs={"pk": visit.pk},
            method="post",
            data={"text": "补充说明"},
        ),
        # The cadre's phone.
        Case("mobile:home", cadre_page),
        Case("mobile:visits", cadre_page),
        Case("mobile:visit_new", expect(403, anonymous=302, cadre1=200, cadre2=404), kwargs={"org": org.pk}),
        Case(
            "mobile:visit_edit", expect(403, anonymous=302, cadre1=200, cadre2=404), kwargs={"pk": visit.pk}
        ),
        # API.
        Case("crosspost-list", readers_api, api=True),
        Case("crosspost-detail", own_api, kwargs={"pk": post.pk}, api=True),
        Case("assignment-list", readers_api, api=True),
        Case("assignment-detail", own_api, kwargs={"pk": assignment.pk}, api=True),
        Case("visit-list", readers_api, api=True),
        Case("visit-detail", own_api, kwargs={"pk": visit.pk}, api=True),
        Case(
            "visit-addenda",
            expect(403, anonymous=401, cadre1=201, cadre2=404),
            kwargs={"pk": visit.pk},
            method="post",
            data={"text": "补充说明"},
            api=True,
        ),
        Case("crossposts-coverage", street_api(), api=True),
        # Last: it ends the assignment the cadre's cases above rely on.
        Case(
            "crossposts:assignment_end",
            expect(403, anonymous=302, staff_a=302, staff_b=404, admin=302),
            kwargs={"pk": assignment.pk},
            method="post",
        ),
    ]
