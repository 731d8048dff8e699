"""Dual check-in serializers: party members (phone masked by role), check-ins and service cards.

The rules are members.rules, as in the forms.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.exceptions import as_drf
from core.api.versioning import VersionedSerializerMixin
from core.validators import normalize_phone
from members import rules
from members.models import CommunityCheckIn, PartyMember, PledgeKind
from organizations.models import PartyOrganization, ResidentialArea, Street, TwoNewOrganization


class PartyMemberSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    """A party member. Updates must send the ``version`` they were made from (else 409)."""

    archived = serializers.BooleanField(source="is_archived", read_only=True)
    work_unit_name = serializers.SerializerMethodField()

    class Meta:
        model = PartyMember
        fields = [
            "id",
            "street",
            "name",
            "party_organization",
            "work_organization",
            "work_party_organization",
            "work_unit_name",
            "residential_area",
            "status",
            "phone",
            "user",
            "volunteer",
            "archived",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["user", "created", "updated"]
        extra_kwargs = {"street": {"required": False}}

    def get_work_unit_name(self, member) -> str:
        unit = member.work_unit
        return unit.name if unit else ""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return fields
        user = request.user
        streets = Street.objects.all() if user.is_portal_admin else Street.objects.filter(pk=user.street_id)
        fields["street"].queryset = streets
        fields["party_organization"].queryset = PartyOrganization.objects.filter(street__in=streets)
        fields["work_party_organization"].queryset = PartyOrganization.objects.filter(street__in=streets)
        fields["work_organization"].queryset = TwoNewOrganization.objects.filter(street__in=streets)
        fields["residential_area"].queryset = ResidentialArea.objects.filter(street__in=streets)
        from volunteers.models import Volunteer

        fields["volunteer"].queryset = Volunteer.objects.filter(street__in=streets)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            data["phone"] = instance.phone_for(request.user)
        return data

    def validate_phone(self, value):
        try:
            return normalize_phone(value) if value else ""
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc

    def validate(self, attrs):
        request = self.context["request"]
        if "street" not in attrs and self.instance is None:
            if not request.user.street_id:
                raise serializers.ValidationError({"street": _("Give the member's street.")})
            attrs["street"] = Street.objects.get(pk=request.user.street_id)
        probe = PartyMember(pk=getattr(self.instance, "pk", None))
        for field in PartyMember._meta.concrete_fields:
            if self.instance is not None:
                setattr(probe, field.attname, getattr(self.instance, field.attname))
        for name, value in attrs.items():
            if name != "version":
                setattr(probe, name, value)
        errors = rules.member_errors(probe)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        member = super().create(validated_data)
        rules.sync_volunteer(member)
        return member

    def update(self, instance, validated_data):
        instance = super().update(instance, validated_data)
        rules.sync_volunteer(instance)
        return instance


class ServiceCardSerializer(serializers.Serializer):
    period = serializers.CharField(source="quarter.key")
    checked_in = serializers.BooleanField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    events = serializers.IntegerField()
    pairing_visits = serializers.IntegerField()
    pledges_made = serializers.IntegerField()
    pledges_kept = serializers.IntegerField()
    pledges = serializers.SerializerMethodField()

    def get_pledges(self, card) -> list[dict]:
        return [{"pledge": line.pledge.name, "kept": line.kept} for line in card.pledges]


class CheckInSerializer(serializers.ModelSerializer):
    """A community check-in; the one-active-per-area and place rules are the forms' own."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    pledges = serializers.PrimaryKeyRelatedField(
        many=True, queryset=PledgeKind.objects.all(), required=False, help_text=_("Pledge kind ids.")
    )

    class Meta:
        model = CommunityCheckIn
        fields = [
            "id",
            "member",
            "member_name",
            "residential_area",
            "party_organization",
            "checked_in_on",
            "pledges",
            "skills_offered",
            "status",
            "ended_on",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators = []  # the partial unique constraint is checked by rules.checkin_errors

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            user = request.user
            fields["member"].queryset = PartyMember.objects.editable_by(user).active()
            fields["residential_area"].queryset = ResidentialArea.objects.editable_by(user)
            fields["party_organization"].queryset = PartyOrganization.objects.editable_by(user)
        return fields

    def validate(self, attrs):
        probe = CommunityCheckIn(pk=getattr(self.instance, "pk", None))
        if self.instance is not None:
            for field in CommunityCheckIn._meta.concrete_fields:
                setattr(probe, field.attname, getattr(self.instance, field.attname))
        for name, value in attrs.items():
            if name != "pledges":
                setattr(probe, name, value)
        if probe.residential_area_id and not probe.party_organization_id:
            probe.party_organization = rules.default_party_organization(probe.residential_area)
            attrs["party_organization"] = probe.party_organization
        errors = rules.checkin_errors(probe, attrs.get("pledges"))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
