"""What apps above needs add to a need: actions (a page POST and an API endpoint) and panels.

needs sits below volunteers and events, yet a need is handed to a volunteer team or turned into
an event from its page. As pretix's plugin signals and NetBox's PluginTemplateExtension do, the
higher app registers here from its AppConfig.ready(); needs mounts the actions' URLs and renders
the panels without importing that app. With nothing registered the need page simply has no such
panels and the URLs do not exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import path


@dataclass(frozen=True)
class NeedAction:
    """A POST on one need.

    ``view(request, need)`` is served at /needs/<pk>/<route>/ (URL name ``needs:<name>``) through
    needs.views.need_action, which finds the need the user may change and turns a refused rule
    into a message; it returns a response or None (back to the need page). ``api_view``, a
    needs.api.views.NeedActionView subclass, is served at /api/v1/needs/<pk>/<api_route>/
    (URL name ``need-<api_route>``). A ``manager_only`` action is refused to cadres (403).
    """

    name: str
    route: str
    view: Callable | None = None
    api_view: type | None = None
    api_route: str = ""
    manager_only: bool = True


@dataclass(frozen=True)
class NeedPanel:
    """A card on the need page: ``template`` rendered with what ``context(page)`` returns.

    ``page`` is a NeedPage; ``context`` returns a dict, or None to leave the card out. Panels are
    shown in ``order``, after the need's own projects card and before its attachments.
    """

    name: str
    template: str
    context: Callable
    order: int = 100


@dataclass
class NeedPage:
    """What a panel knows about the need page being shown."""

    request: object
    need: object
    can_edit: bool
    can_manage: bool

    @property
    def user(self):
        return self.request.user


_actions: dict[str, NeedAction] = {}
_panels: dict[str, NeedPanel] = {}


def register_action(action: NeedAction) -> NeedAction:
    """Add an action; registering the same name again replaces it (ready() may run twice in tests)."""
    _actions[action.name] = action
    return action


def register_panel(panel: NeedPanel) -> NeedPanel:
    _panels[panel.name] = panel
    return panel


def actions() -> list[NeedAction]:
    return list(_actions.values())


def panels() -> list[NeedPanel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.name))


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template: str
    context: dict


def panels_for(page: NeedPage) -> list[ShownPanel]:
    """The panels to show on this page, each with its context (a panel's own queries run here)."""
    shown = []
    for panel in panels():
        context = panel.context(page)
        if context is not None:
            shown.append(ShownPanel(panel.name, panel.template, context))
    return shown


def page_urls(wrap: Callable) -> list:
    """URL patterns of the registered page actions, each view wrapped by ``wrap``."""
    return [
        path(f"<int:pk>/{a.route}/", wrap(a.view, manager_only=a.manager_only), name=a.name)
        for a in _actions.values()
        if a.view is not None
    ]


def api_urls() -> list:
    """URL patterns of the registered API actions, beside the needs router's own."""
    return [
        path(
            f"needs/<int:pk>/{a.api_route}/",
            a.api_view.as_view(manager_only=a.manager_only),
            name=f"need-{a.api_route}",
        )
        for a in _actions.values()
        if a.api_view is not None
    ]
