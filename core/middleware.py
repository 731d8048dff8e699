"""Turn a number or text the database cannot hold into a 400, on pages and in the API alike."""

from django.db import DataError
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class BadInputMiddleware:
    """A filter value such as ``?organization=1e300`` overflows the database's integer types.

    Every form and filter validates its own fields; this catches what slips
    through to the database (SQLite raises OverflowError, PostgreSQL DataError)
    so the user gets a clear answer instead of a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError | DataError):
            return None
        message = _("A value in the request is out of range (a number too large, or text too long).")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message)
