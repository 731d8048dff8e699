from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from events import services
from events.api.serializers import (
    EventAttendanceSerializer,
    EventCheckInSerializer,
    EventRegistrationRefSerializer,
    EventRegistrationSerializer,
    EventSerializer,
)
from events.filtersets import EventFilterSet
from events.models import Attendance, Event, Registration
from organizations.models import PartyOrganization, TwoNewOrganization


class EventPermission(permissions.BasePermission):
    """Everyone logged in reads the events they may see and signs up or checks in;
    staff and admins change events."""

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS or view.action in (
            "registrations",
            "check_in",
            "cancel_registration",
        ):
            return True
        return user.can_manage_street_records


def _errors(exc: ValidationError):
    return Response({"detail": " ".join(exc.messages), "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Events in the caller's scope; …/registrations/ lists or signs up, …/check-in/ checks in,
    …/cancel/ cancels the event and notifies everyone registered."""

    serializer_class = EventSerializer
    permission_classes = [EventPermission]
    filterset_class = EventFilterSet
    search_fields = ["title", "theme", "place"]
    ordering_fields = ["starts_at", "title", "created"]

    def get_queryset(self):
        qs = Event.objects.visible_to(self.request.user)
        if self.action in ("update", "partial_update", "cancel"):
            qs = Event.objects.editable_by(self.request.user)
        return (
            qs.select_related("street")
            .prefetch_related(
                # The API gives their ids only: loading every column of 50 events' organizations
                # cost more than the rest of the page.
                Prefetch("organizers", queryset=PartyOrganization.objects.only("id")),
                Prefetch("participating_organizations", queryset=TwoNewOrganization.objects.only("id")),
                "stops",
            )
            .with_counts()
        )

    def perform_create(self, serializer):
        event = serializer.save()
        # Answer with the counts the schema promises, as a read would.
        serializer.instance = self.get_queryset().get(pk=event.pk)

    def perform_update(self, serializer):
        event = serializer.save()
        services.set_capacity(event, event.capacity)
        serializer.instance = self.get_queryset().get(pk=event.pk)

    def _event_for_signup(self, pk):
        try:
            return Event.objects.visible_to(self.request.user).active().get(pk=pk)
        except (Event.DoesNotExist, ValueError):
            raise NotFound from None

    @extend_schema(request=EventRegistrationSerializer, responses=EventRegistrationSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def registrations(self, request, pk=None):
        """GET: the event's sign-ups (staff: everyone; others: their own). POST: sign up."""
        event = self._event_for_signup(pk)
        if request.method == "GET":
            qs = (
                Registration.objects.visible_to(request.user)
                .filter(event=event)
                .select_related("event")
                .annotate(
                    attended_at=Subquery(
                        Attendance.objects.filter(registration=OuterRef("pk")).values("checked_in_at")[:1]
                    )
                )
                .order_by("queued_at", "pk")
            )
            page = self.paginate_queryset(qs)
            return self.get_paginated_response(
                EventRegistrationSerializer(page, many=True, context={"request": request}).data
            )
        serializer = EventRegistrationSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        someone_else = data.get("user") not in (None, request.user) or (
            data.get("name") and not data.get("user")
        )
        if someone_else:
            if not Event.objects.editable_by(request.user).filter(pk=event.pk).exists():
                raise PermissionDenied(_("Only the street's staff sign other people up."))
            if data.get("user") and data["user"].street_id != event.street_id:
                raise serializers.ValidationError({"user": [_("This user belongs to another street.")]})
            kwargs = {
                "user": data.get("user"),
                "volunteer": data.get("volunteer"),
                "name": data.get("name", ""),
                "phone": data.get("phone", ""),
            }
            kwargs["ignore_window"] = True
        else:
            kwargs = {"user": request.user, "phone": data.get("phone", "")}
        try:
            registration = services.register(event, by=request.user, **kwargs)
        except ValidationError as exc:
            return _errors(exc)
        return Response(
            EventRegistrationSerializer(registration, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=EventRegistrationRefSerializer, responses=EventRegistrationSerializer)
    @action(detail=True, methods=["post"], url_path="cancel-registration", url_name="cancel-registration")
    def cancel_registration(self, request, pk=None):
        """Cancel a place: your own, or (staff) anyone's; the first waiting moves up."""
        event = self._event_for_signup(pk)
        body = EventRegistrationRefSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        mine = Registration.objects.filter(event=event, user=request.user)
        if Event.objects.editable_by(request.user).filter(pk=event.pk).exists():
            mine = Registration.objects.filter(event=event)
        registration = mine.filter(pk=body.validated_data["registration"]).select_related("event").first()
        if registration is None:
            raise NotFound
        try:
            services.cancel_registration(registration, by=request.user)
        except ValidationError as exc:
            return _errors(exc)
        registration.refresh_from_db()
        return Response(EventRegistrationSerializer(registration, context={"request": request}).data)

    @extend_schema(request=EventCheckInSerializer, responses=EventAttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request, pk=None):
        """Check the caller in (the QR code's API twin), or, for staff, the registration given."""
        event = self._event_for_signup(pk)
        body = EventCheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration_id = body.validated_data.get("registration")
        try:
            if registration_id:
                if not Event.objects.editable_by(request.user).filter(pk=event.pk).exists():
                    raise PermissionDenied(_("Only the street's staff check other people in."))
                registration = Registration.objects.filter(event=event, pk=registration_id).first()
                if registration is None:
                    raise NotFound
                attendance, created = services.check_in(
                    event, registration=registration, by=request.user, method=Attendance.Method.STAFF
                )
            else:
                attendance, created = services.check_in(event, user=request.user)
        except ValidationError as exc:
            return _errors(exc)
        return Response(
            EventAttendanceSerializer(attendance).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=None, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = self.get_object()
        services.cancel_event(event, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data)
