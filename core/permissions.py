"""Who may open a page or call an endpoint, by role. What they then see is the scope rule."""

from django.contrib.auth.mixins import AccessMixin
from rest_framework import permissions


class RoleRequiredMixin(AccessMixin):
    """A page for some roles only: others get 403, anonymous users the login page.

    ``allowed`` names the test on the user (see accounts.User), for example
    ``can_read_street_records``; ``write_allowed`` the test for POST.
    """

    allowed = "can_read_street_records"
    write_allowed = None

    def has_role(self, user) -> bool:
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and self.write_allowed:
            return bool(getattr(user, self.write_allowed))
        return bool(getattr(user, self.allowed))

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_role(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class StreetRecordsPermission(permissions.BasePermission):
    """Read for staff, district and admin; write for staff and admin."""

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.can_read_street_records or (getattr(view, "cadre_readable", False) and user.is_cadre)
        return user.can_manage_street_records
