"""Dual check-in endpoints: party members (phone masked by role) and their community check-ins.

Scope is the models' visible_to/editable_by, as on the pages; the rules are
organizations.members', as in the forms.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.exceptions import as_drf
from core.api.versioning import VersionedSerializerMixin
from core.validators import normalize_phone
from organizations import members as rules
from organizations.api.views import ScopedModelViewSet
from organizations.member_filtersets import CheckInFilterSet, PartyMemberFilterSet
from organizations.models import (
    CommunityCheckIn,
    PartyMember,
    PartyOrganization,
    PledgeKind,
    ResidentialArea,
    Street,
    TwoNewOrganization,
)


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


class PartyMemberViewSet(ScopedModelViewSet):
    """Party members. DELETE archives; ``service-card`` gives a quarter's card from the records."""

    queryset = PartyMember.objects.all()
    serializer_class = PartyMemberSerializer
    filterset_class = PartyMemberFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "updated"]

    def get_queryset(self):
        return super().get_queryset().with_list_relations()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.active() if self.action == "list" else queryset

    def perform_destroy(self, instance):
        instance.archive()

    @extend_schema(
        parameters=[OpenApiParameter("period", str, description="A quarter such as 2026Q3")],
        responses=ServiceCardSerializer,
    )
    @action(detail=True, methods=["get"], url_path="service-card")
    def service_card(self, request, pk=None):
        member = self.get_object()
        card = rules.service_card(member, rules.Quarter.parse(request.query_params.get("period")))
        return Response(ServiceCardSerializer(card).data)


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


class CheckInViewSet(ScopedModelViewSet):
    """Community check-ins (报到). DELETE is not offered: end a check-in with ``status=ended``."""

    queryset = CommunityCheckIn.objects.all()
    serializer_class = CheckInSerializer
    filterset_class = CheckInFilterSet
    search_fields = ["member__name"]
    ordering_fields = ["checked_in_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().with_list_relations()
