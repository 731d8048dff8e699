"""API shapes of teams, volunteers, service records and building groups."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.versioning import VersionedSerializerMixin
from core.validators import normalize_phone
from organizations.models import Building, PartyOrganization, ResidentialArea
from volunteers import rules
from volunteers.forms import served_choices
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    ServiceRecord,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)


def as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.messages)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related choice limited to what the caller may see (``scope(user)`` returns the queryset)."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


def _street_scoped(model):
    def scope(user):
        qs = model.objects.all()
        return qs if user.is_portal_admin else qs.filter(street_id=user.street_id)

    return scope


class TeamSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    residential_area = ScopedPrimaryKeyField(_street_scoped(ResidentialArea), allow_null=True, required=False)
    building = ScopedPrimaryKeyField(_street_scoped(Building), allow_null=True, required=False)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = [
            "id",
            "name",
            "street",
            "residential_area",
            "building",
            "leader",
            "focus",
            "founded",
            "active",
            "member_count",
            "version",
            "archived_at",
        ]
        read_only_fields = ["street", "archived_at"]

    def validate(self, attrs):
        area = attrs.get("residential_area", getattr(self.instance, "residential_area", None))
        building = attrs.get("building", getattr(self.instance, "building", None))
        try:
            street = rules.team_street(area, building)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        leader = attrs.get("leader", getattr(self.instance, "leader", None))
        if leader and (leader.role != "leader" or leader.street_id != street.pk):
            raise serializers.ValidationError(
                {"leader": _("The team leader must be a team leader of the team's street.")}
            )
        name = attrs.get("name", getattr(self.instance, "name", ""))
        clash = VolunteerTeam.objects.filter(street=street, name=name)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"name": _("This street already has a volunteer team of that name.")}
            )
        attrs["street"] = street
        return attrs


class VolunteerSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    residential_area = ScopedPrimaryKeyField(_street_scoped(ResidentialArea))
    building_group = ScopedPrimaryKeyField(
        lambda user: BuildingGroup.objects.visible_to(user), allow_null=True, required=False
    )
    party_organization = ScopedPrimaryKeyField(
        _street_scoped(PartyOrganization), allow_null=True, required=False
    )
    teams = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "phone",
            "street",
            "residential_area",
            "building_group",
            "is_party_member",
            "party_organization",
            "skills",
            "availability",
            "teams",
            "version",
            "archived_at",
        ]
        read_only_fields = ["street", "archived_at"]

    def get_teams(self, obj) -> list[int]:
        return [m.team_id for m in getattr(obj, "current_memberships", [])]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = instance.phone_for(self.context["request"].user)
        return data

    def validate_phone(self, value):
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc

    def validate(self, attrs):
        area = attrs.get("residential_area", getattr(self.instance, "residential_area", None))
        group = attrs.get("building_group", getattr(self.instance, "building_group", None))
        if area and group and group.residential_area_id != area.pk:
            raise serializers.ValidationError(
                {"building_group": _("The building group is not in this residential area.")}
            )
        member = attrs.get("is_party_member", getattr(self.instance, "is_party_member", False))
        if attrs.get("party_organization") and not member:
            raise serializers.ValidationError(
                {"party_organization": _("Only a party member belongs to a party organization.")}
            )
        attrs["street"] = area.street
        return attrs


class HoursRowSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField(source="volunteer_id")
    name = serializers.CharField(source="volunteer.name")
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)


class ServiceRecordSerializer(serializers.ModelSerializer):
    team = ScopedPrimaryKeyField(
        lambda user: (
            VolunteerTeam.objects.editable_by(user)
            if not user.is_team_leader
            else VolunteerTeam.objects.visible_to(user)
        )
    )
    volunteers = serializers.PrimaryKeyRelatedField(
        many=True, write_only=True, queryset=Volunteer.objects.active()
    )
    people = HoursRowSerializer(source="hours_rows", many=True, read_only=True)
    need = ScopedPrimaryKeyField(
        lambda user: served_choices("needs", "Need", user), allow_null=True, required=False
    )
    event = ScopedPrimaryKeyField(
        lambda user: served_choices("events", "Event", user), allow_null=True, required=False
    )

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "team",
            "date",
            "hours",
            "description",
            "volunteers",
            "people",
            "need",
            "event",
            "status",
            "source",
            "approved_by",
            "approved_at",
            "version",
        ]
        read_only_fields = ["status", "source", "approved_by", "approved_at", "version"]

    def validate_hours(self, value):
        try:
            return rules.check_hours_value(value)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc

    def validate_date(self, value):
        try:
            rules.check_service_date(value)
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return value

    def validate(self, attrs):
        try:
            rules.check_served(attrs["team"], attrs.get("need"), attrs.get("event"))
            rules.check_members(attrs["team"], attrs["volunteers"], attrs["date"])
            rules.check_daily_hours(attrs["volunteers"], attrs["date"], attrs["hours"])
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        return attrs


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = BuildingGroupRating
        fields = ["year", "score", "stars", "breakdown"]


class BuildingGroupSerializer(serializers.ModelSerializer):
    residential_area = ScopedPrimaryKeyField(_street_scoped(ResidentialArea))
    party_group = ScopedPrimaryKeyField(_street_scoped(PartyOrganization), allow_null=True, required=False)
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = BuildingGroup
        fields = ["id", "residential_area", "number", "households", "party_group", "head", "ratings"]

    def validate_households(self, value):
        if value < 1:
            raise serializers.ValidationError(_("A building group has at least one household."))
        return value

    def validate(self, attrs):
        area = attrs.get("residential_area", getattr(self.instance, "residential_area", None))
        number = attrs.get("number", getattr(self.instance, "number", None))
        clash = BuildingGroup.objects.filter(residential_area=area, number=number)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"number": _("This residential area already has a building group of that number.")}
            )
        return attrs


class TeamTaskSerializer(serializers.ModelSerializer):
    """A need handed to a volunteer team; read-only here, answered through POST …/status/."""

    team_name = serializers.CharField(source="team.name", read_only=True)
    need_reference = serializers.CharField(source="need.reference", read_only=True)
    handed_over_by = serializers.StringRelatedField()
    answered_by = serializers.StringRelatedField()

    class Meta:
        model = TeamTask
        fields = [
            "id",
            "team",
            "team_name",
            "need",
            "need_reference",
            "title",
            "note",
            "due_on",
            "status",
            "reason",
            "handed_over_by",
            "answered_by",
            "answered_at",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = fields


class TaskStatusSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=TeamTask.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    version = serializers.IntegerField(required=False)
