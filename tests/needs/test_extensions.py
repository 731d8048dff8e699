"""The registry through which higher apps add actions and cards to a need (needs.extensions)."""

import pytest
from django.urls import reverse

from needs import extensions
from tests.volunteers.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_registry(monkeypatch):
    """No app registered anything: what needs shows on its own."""
    monkeypatch.setattr(extensions, "_actions", {})
    monkeypatch.setattr(extensions, "_panels", {})


def test_volunteers_and_events_register_their_actions_and_panels():
    actions = {a.name: a for a in extensions.actions()}
    assert {"hand_off", "make_event"} <= set(actions)
    assert (actions["hand_off"].route, actions["hand_off"].api_route) == ("hand-off", "hand-off")
    assert (actions["make_event"].route, actions["make_event"].api_route) == ("event", "make-event")
    assert all(a.manager_only for a in actions.values())
    # The cards keep the order the need page had: tasks, events made, service logged.
    names = [p.name for p in extensions.panels()]
    assert names.index("volunteer_tasks") < names.index("events_made") < names.index("volunteer_service")


def test_the_actions_keep_their_paths():
    assert reverse("needs:hand_off", args=[7]) == "/needs/7/hand-off/"
    assert reverse("needs:make_event", args=[7]) == "/needs/7/event/"
    assert reverse("need-hand-off", args=[7]) == "/api/v1/needs/7/hand-off/"
    assert reverse("need-make-event", args=[7]) == "/api/v1/needs/7/make-event/"


def test_registering_again_replaces_and_panels_are_ordered(empty_registry):
    first = extensions.register_panel(extensions.NeedPanel("b", "b.html", lambda page: {}, order=20))
    extensions.register_panel(extensions.NeedPanel("a", "a.html", lambda page: {}, order=20))
    extensions.register_panel(extensions.NeedPanel("c", "c.html", lambda page: {}, order=10))
    assert [p.name for p in extensions.panels()] == ["c", "a", "b"]
    extensions.register_panel(extensions.NeedPanel("b", "b2.html", lambda page: {}, order=1))
    assert [p.template for p in extensions.panels()] == ["b2.html", "c.html", "a.html"]
    assert first not in extensions.panels()
    extensions.register_action(extensions.NeedAction("x", "x", view=lambda request, need: None))
    extensions.register_action(extensions.NeedAction("x", "y", view=lambda request, need: None))
    assert [a.route for a in extensions.actions()] == ["y"]


def test_a_panel_returning_none_is_left_out(empty_registry):
    extensions.register_panel(extensions.NeedPanel("shown", "s.html", lambda page: {"n": page.need}))
    extensions.register_panel(extensions.NeedPanel("hidden", "h.html", lambda page: None))
    page = extensions.NeedPage(request=None, need="N", can_edit=False, can_manage=False)
    assert extensions.panels_for(page) == [extensions.ShownPanel("shown", "s.html", {"n": "N"})]


def test_urls_are_made_from_the_registered_actions(empty_registry):
    def view(request, need):
        return None

    def wrap(fn, manager_only):
        def wrapped(request, pk):
            return None

        wrapped.wrapped = (fn, manager_only)
        return wrapped

    extensions.register_action(extensions.NeedAction("act", "do-it", view=view, manager_only=False))
    extensions.register_action(extensions.NeedAction("api_only", "", api_view=None))
    (pattern,) = extensions.page_urls(wrap)
    assert (str(pattern.pattern), pattern.name) == ("<int:pk>/do-it/", "act")
    assert pattern.callback.wrapped == (view, False)
    assert extensions.api_urls() == []


def test_need_page_without_registered_actions_or_panels(world, nw, client_for, empty_registry):
    page = client_for("staff_a").get(reverse("needs:detail", args=[nw.need_a.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert page.context["panels"] == []
    for card in ('id="tasks"', 'id="made-events"', 'id="service"', "/hand-off/", "/event/"):
        assert card not in body
    # The need's own cards are still there.
    for own in ("/transition/", "/match/", "/comment/", "/attach/"):
        assert f"/needs/{nw.need_a.pk}{own}" in body


def test_need_page_shows_the_registered_cards(world, nw, client_for):
    TeamFactory(street=world.street_a, name="助老服务队")
    body = client_for("staff_a").get(reverse("needs:detail", args=[nw.need_a.pk])).content.decode()
    assert 'id="tasks"' in body and 'id="made-events"' in body
    assert f"/needs/{nw.need_a.pk}/hand-off/" in body and "助老服务队" in body
    assert f"/needs/{nw.need_a.pk}/event/" in body
    # A district reader sees the cards but not the actions.
    body = client_for("district").get(reverse("needs:detail", args=[nw.need_a.pk])).content.decode()
    assert 'id="tasks"' in body and 'id="made-events"' in body
    assert "/hand-off/" not in body and f"/needs/{nw.need_a.pk}/event/" not in body
