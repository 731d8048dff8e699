from needs import services
from tests.matrix import Case, any_user_api, expect, street_api, street_page


def cases(world):
    from tests.needs.conftest import make_needs_world

    nw = make_needs_world(world)
    need = {"pk": nw.need_a.pk}
    # Needs: staff/district/admin by street; a cadre their own (cadre1 raised need A); leaders none.
    need_page = expect(
        403, anonymous=302, district=200, staff_a=200, staff_b=404, cadre1=200, cadre2=404, admin=200
    )
    need_write = need_page | {"district": 403}
    need_action = need_write | {"staff_a": 302, "cadre1": 302, "admin": 302}
    manager_action = need_action | {"cadre1": 403}
    need_api = expect(
        403, anonymous=401, district=200, staff_a=200, staff_b=404, cadre1=200, cadre2=404, admin=200
    )
    need_api_write = need_api | {"district": 403}
    # A rejected need of street A: making an event of it is refused for whoever may try, so no data changes.
    from needs.workflow import S, transition
    from tests.needs.factories import NeedFactory

    rejected = NeedFactory(
        organization=nw.org_a, raised_by=world.cadre1, user=world.cadre1, title="已拒绝需求"
    )
    transition(rejected, S.REJECTED, world.staff_a, "重复")
    closed = {"pk": rejected.pk}
    return [
        Case("needs:hand_off", manager_action, kwargs=need, method="post", data={"team": 999999}),
        Case("needs:make_event", manager_action, kwargs=closed, method="post"),
        Case(
            "need-hand-off",
            need_api_write | {"staff_a": 400, "cadre1": 403, "cadre2": 403, "admin": 400},
            kwargs=need,
            api=True,
            method="post",
            data={"team": 999999},
        ),
        Case(
            "need-make-event",
            need_api_write | {"staff_a": 400, "cadre1": 403, "cadre2": 403, "admin": 400},
            kwargs=closed,
            api=True,
            method="post",
        ),
        Case("needs:index", expect(200, anonymous=302, leader=403)),
        Case("needs:create", expect(200, anonymous=302, district=403, staff_b=200, leader=403)),
        Case("needs:export", street_page()),
        Case("needs:figures", street_page()),
        Case("needs:deadlines", street_page()),
        Case("needs:detail", need_page, kwargs=need),
        Case("needs:edit", need_write, kwargs=need),
        Case("needs:transition", need_action, kwargs=need, method="post", data={"to": "closed"}),
        Case("needs:comment", need_action, kwargs=need, method="post", data={"text": "跟进"}),
        Case("needs:attach", need_action, kwargs=need, method="post", data={}),
        Case("needs:match", manager_action, kwargs=need, method="post", data={"resource": 999999}),
        Case("needs:make_project", manager_action, kwargs=need, method="post", data={"kind": "bogus"}),
        Case("needs:resources", street_page()),
        Case("needs:resource_create", street_page(district=403)),
        Case("needs:resource_edit", street_page(district=403, staff_b=404), kwargs={"pk": nw.resource_a.pk}),
        Case("needs:projects", street_page()),
        Case("needs:project_detail", street_page(staff_b=404), kwargs={"pk": nw.project_a.pk}),
        Case("needs:project_edit", street_page(district=403, staff_b=404), kwargs={"pk": nw.project_a.pk}),
        # Public pages: no account needed.
        Case("needs:public_new", expect(200)),
        Case("needs:public_status", expect(200)),
        Case("needs:public_rate", expect(200), kwargs={"token": services.rating_token(nw.need_a)}),
        # API.
        Case("need-list", any_user_api(leader=403), api=True),
        Case("need-detail", need_api, kwargs=need, api=True),
        Case(
            "need-transition",
            need_api_write | {"staff_a": 400, "cadre1": 400, "admin": 400},
            kwargs=need,
            api=True,
            method="post",
            data={"to": "closed"},
        ),
        Case(
            "need-comment",
            need_api_write | {"staff_a": 201, "cadre1": 201, "admin": 201},
            kwargs=need,
            api=True,
            method="post",
            data={"text": "跟进"},
        ),
        Case(
            "need-match",
            need_api_write | {"staff_a": 400, "cadre1": 403, "cadre2": 403, "admin": 400},
            kwargs=need,
            api=True,
            method="post",
            data={"resource": 999999},
        ),
        Case(
            "need-make-project",
            need_api_write | {"staff_a": 400, "cadre1": 403, "cadre2": 403, "admin": 400},
            kwargs=need,
            api=True,
            method="post",
            data={"kind": "bogus"},
        ),
        Case("resource-list", street_api(cadre1=200, cadre2=200), api=True),
        Case(
            "resource-detail",
            street_api(staff_b=404, cadre1=200, cadre2=200),
            kwargs={"pk": nw.resource_a.pk},
            api=True,
        ),
        Case("project-list", street_api(), api=True),
        Case("project-detail", street_api(staff_b=404), kwargs={"pk": nw.project_a.pk}, api=True),
    ]
