"""Who may open a page or call an endpoint, by role. What they then see is the scope rule.

A model's ``Policy`` says once which roles read it, which write it and which may take each named
action; its pages (``RoleRequiredMixin.policy``) and its API (``PolicyPermission``) both ask it.
Which records a permitted user reaches is the queryset's ``visible_to``/``editable_by``.
"""

from django.contrib.auth.mixins import AccessMixin
from rest_framework import permissions

SAFE_METHODS = permissions.SAFE_METHODS


def _passes(user, tests) -> bool:
    """``tests``: a role test's name on the user (``"can_read_street_records"``), a callable
    taking the user, or a tuple of them, any of which lets the user through."""
    if isinstance(tests, str) or callable(tests):
        tests = (tests,)
    return any(bool(test(user) if callable(test) else getattr(user, test)) for test in tests)


class Policy:
    """One model's role rule. Subclass and set ``read``, ``write`` and ``actions``."""

    read = "can_read_street_records"
    write = "can_manage_street_records"
    actions: dict = {}  # an action's name -> its tests, where they are not ``write``'s

    @classmethod
    def allows(cls, user, action: str = "read") -> bool:
        if not user.is_authenticated:
            return False
        if action == "read":
            return _passes(user, cls.read)
        return _passes(user, cls.actions.get(action, cls.write))

    @classmethod
    def action_for(cls, method: str, name: str | None = None) -> str:
        """The action a request asks for: its name where the policy names it (a page's
        ``policy_action``, a viewset's extra action), else 'read' or 'write' by its method."""
        if name in cls.actions:
            return name
        return "read" if method in SAFE_METHODS else "write"


class StreetRecordsPolicy(Policy):
    """Street records: staff, district and admin read; staff and admin write."""


class RoleRequiredMixin(AccessMixin):
    """A page for some roles only: others get 403, anonymous users the login page.

    Set ``policy`` (and ``policy_action`` for a page that takes a named action), or the older
    ``allowed``/``write_allowed`` tests on the user (see accounts.User), e.g.
    ``can_read_street_records``.
    """

    policy = None
    policy_action = None
    allowed = "can_read_street_records"
    write_allowed = None

    def has_role(self, user) -> bool:
        if self.policy is not None:
            return self.policy.allows(user, self.policy.action_for(self.request.method, self.policy_action))
        if self.request.method not in SAFE_METHODS and self.write_allowed:
            return _passes(user, self.write_allowed)
        return _passes(user, self.allowed)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_role(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class PolicyPermission(permissions.BasePermission):
    """The API side of a model's policy: the view's ``policy`` is asked for the request's action."""

    def has_permission(self, request, view):
        policy = getattr(view, "policy", None) or StreetRecordsPolicy
        return policy.allows(request.user, policy.action_for(request.method, getattr(view, "action", None)))


class StreetRecordsPermission(PolicyPermission):
    """Read for staff, district and admin; write for staff and admin (``cadre_readable``: cadres
    read too, their scope limited by the queryset)."""

    def has_permission(self, request, view):
        user = request.user
        if (
            request.method in SAFE_METHODS
            and getattr(view, "cadre_readable", False)
            and user.is_authenticated
        ):
            return user.can_read_street_records or user.is_cadre
        return StreetRecordsPolicy.allows(user, "read" if request.method in SAFE_METHODS else "write")
