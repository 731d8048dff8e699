"""API errors, converted in one place: a service's ValidationError is a 400 (per field where it
named fields), a stale edit a 409 that shows what changed, a delete that others refer to a 409."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.models import ConcurrentEditError


def as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the API's 400, per field when the service named fields."""
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def exception_handler(exc, context):
    from django.db.models import ProtectedError, RestrictedError
    from django.utils.translation import gettext as _

    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": _("Other records still refer to this one, so it cannot be deleted.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; views need not catch it to give a 400.
        exc = as_drf(exc)
    elif isinstance(exc, ConcurrentEditError):
        current = type(exc.instance)._base_manager.filter(pk=exc.instance.pk).first()
        body = {
            "detail": _("Someone else changed this record since you loaded it; reload and try again."),
            "current_version": current.version if current else None,
        }
        view = context.get("view")
        if current is not None and hasattr(view, "get_serializer"):
            # The other editor's values, so a client can show them without another read.
            body["current"] = view.get_serializer(current).data
        return Response(body, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
