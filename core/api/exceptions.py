"""API errors: a conflict on a stale edit is a 409 that shows what changed."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.models import ConcurrentEditError


def exception_handler(exc, context):
    from django.db.models import ProtectedError, RestrictedError
    from django.utils.translation import gettext as _

    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": _("Other records still refer to this one, so it cannot be deleted.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ConcurrentEditError):
        from django.utils.translation import gettext as _

        return Response(
            {
                "detail": _("Someone else changed this record since you loaded it; reload and try again."),
                "current_version": type(exc.instance)
                ._base_manager.filter(pk=exc.instance.pk)
                .values_list("version", flat=True)
                .first(),
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
