from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.versioning import VersionedSerializerMixin
from core.validators import normalize_phone
from events.forms import parse_route, save_route, validate_event_times
from events.models import Attendance, Event, Registration, RouteStop
from organizations.models import PartyOrganization, Street, TwoNewOrganization


class RouteStopSerializer(serializers.ModelSerializer):
    class Meta:
        model = RouteStop
        fields = ["position", "name"]


class ScopedPrimaryKeys(serializers.PrimaryKeyRelatedField):
    """Primary keys limited to what the caller may see (others look absent)."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        qs = self.model.objects.visible_to(request.user) if request else self.model.objects.none()
        return qs


class EventSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    organizers = ScopedPrimaryKeys(PartyOrganization, many=True)
    participating_organizations = ScopedPrimaryKeys(TwoNewOrganization, many=True, required=False)
    street = ScopedPrimaryKeys(Street, required=False)
    stops = RouteStopSerializer(many=True, read_only=True)
    route = serializers.ListField(
        child=serializers.CharField(max_length=100), write_only=True, required=False, max_length=30
    )
    confirmed_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    attended_count = serializers.IntegerField(read_only=True)
    checkin_url = serializers.SerializerMethodField()
    need = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "street",
            "need",
            "title",
            "kind",
            "theme",
            "status",
            "organizers",
            "participating_organizations",
            "place",
            "stops",
            "route",
            "starts_at",
            "ends_at",
            "capacity",
            "signup_opens_at",
            "signup_closes_at",
            "description",
            "summary",
            "confirmed_count",
            "waiting_count",
            "attended_count",
            "checkin_url",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]

    def get_checkin_url(self, obj) -> str | None:
        request = self.context.get("request")
        if request and request.user.can_read_street_records:
            return obj.get_checkin_url()
        return None

    def get_need(self, obj) -> int | None:
        """The need the event was made from; only for roles that read the street's needs."""
        request = self.context.get("request")
        if request and request.user.can_read_street_records:
            return obj.need_id
        return None

    def validate_status(self, value):
        if value == Event.Status.CANCELLED and (not self.instance or self.instance.status != value):
            raise serializers.ValidationError(
                _("Cancel an event with POST …/cancel/ so that everyone registered is notified.")
            )
        return value

    def validate_route(self, value):
        from django.core.exceptions import ValidationError

        try:
            return parse_route("\n".join(value))
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def validate(self, attrs):
        get = lambda name: attrs.get(name, getattr(self.instance, name, None))  # noqa: E731
        errors = validate_event_times(
            get("starts_at"), get("ends_at"), get("signup_opens_at"), get("signup_closes_at")
        )
        user = self.context["request"].user
        street = attrs.get("street") or (self.instance.street if self.instance else user.street)
        if street is None:
            errors["street"] = _("Choose the street.")
        else:
            for field in ("organizers", "participating_organizations"):
                for org in attrs.get(field, []):
                    if org.street_id != street.pk:
                        errors[field] = _("“%(org)s” is in another street.") % {"org": org}
            attrs["street"] = street
        if errors:
            raise serializers.ValidationError({k: [str(v)] for k, v in errors.items()})
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        route = validated_data.pop("route", None)
        validated_data["created_by"] = self.context["request"].user
        event = super().create(validated_data)
        if route is not None:
            save_route(event, route)
        return event

    @transaction.atomic
    def update(self, instance, validated_data):
        route = validated_data.pop("route", None)
        organizers = validated_data.pop("organizers", None)
        participating = validated_data.pop("participating_organizations", None)
        expected = self.pop_version(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save_checked(expected)
        if organizers is not None:
            instance.organizers.set(organizers)
        if participating is not None:
            instance.participating_organizations.set(participating)
        if route is not None:
            save_route(instance, route)
        return instance


class EventRegistrationSerializer(serializers.ModelSerializer):
    """A sign-up. POST with no body signs the caller up; staff may give a user or name and phone."""

    attended_at = serializers.DateTimeField(read_only=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "user",
            "volunteer",
            "name",
            "phone",
            "status",
            "queued_at",
            "confirmed_at",
            "cancelled_at",
            "attended_at",
        ]
        read_only_fields = ["event", "status", "queued_at", "confirmed_at", "cancelled_at"]
        extra_kwargs = {
            "user": {"required": False, "allow_null": True},
            "volunteer": {"required": False, "allow_null": True},
        }

    def validate_phone(self, value):
        from django.core.exceptions import ValidationError

        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            from core.masking import shown_phone

            data["phone"] = shown_phone(
                request.user, instance.phone, owner_street_id=instance.event.street_id
            )
        return data


class EventRegistrationRefSerializer(serializers.Serializer):
    """POST {"registration": id} to cancel that place (your own, or anyone's for staff)."""

    registration = serializers.IntegerField()


class EventCheckInSerializer(serializers.Serializer):
    """POST {} checks the caller in; staff POST {"registration": id} to check someone in."""

    registration = serializers.IntegerField(required=False)


class EventAttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="registration.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "event", "registration", "name", "checked_in_at", "method"]
        read_only_fields = fields
