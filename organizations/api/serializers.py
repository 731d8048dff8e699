"""API shapes of the ledger. Validation calls the same rules as the forms."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.versioning import VersionedSerializerMixin
from core.masking import shown_phone
from core.validators import normalize_phone
from organizations.models import Building, PartyOrganization, ResidentialArea, Street, TwoNewOrganization
from organizations.validators import normalize_credit_code


class StreetSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Street
        fields = ["id", "name", "district", "district_name"]
        read_only_fields = fields


class ResidentialAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResidentialArea
        fields = ["id", "street", "name", "address", "households", "residents"]


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = ["id", "street", "name", "address", "floors", "latitude", "longitude"]


class PartyOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "street",
            "parent",
            "name",
            "level",
            "kind",
            "building",
            "residential_area",
            "secretary",
            "member_count",
        ]


class StreetScopedFieldsMixin:
    """Limit the street and related choices to what the caller may change."""

    scoped_fields = ("street", "building", "residential_area", "covering_party_organization", "parent")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return fields
        user = request.user
        for name in self.scoped_fields:
            field = fields.get(name)
            if field is not None and not field.read_only and hasattr(field, "queryset"):
                field.queryset = (
                    field.queryset.model.objects.editable_by(user)
                    if name != "street"
                    else (
                        Street.objects.all()
                        if user.is_portal_admin
                        else Street.objects.filter(pk=user.street_id)
                    )
                )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        street = attrs.get("street") or getattr(self.instance, "street", None)
        for name in ("building", "residential_area", "covering_party_organization", "parent"):
            related = attrs.get(name)
            if related is not None and street is not None and related.street_id != street.pk:
                raise serializers.ValidationError({name: _("It is in another street.")})
        return attrs


class ResidentialAreaWriteSerializer(StreetScopedFieldsMixin, ResidentialAreaSerializer):
    pass


class BuildingWriteSerializer(StreetScopedFieldsMixin, BuildingSerializer):
    def validate(self, attrs):
        attrs = super().validate(attrs)
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            raise serializers.ValidationError(
                {"longitude": _("Give both latitude and longitude, or neither.")}
            )
        return attrs


class PartyOrganizationWriteSerializer(StreetScopedFieldsMixin, PartyOrganizationSerializer):
    pass


class OrganizationSerializer(VersionedSerializerMixin, StreetScopedFieldsMixin, serializers.ModelSerializer):
    """A two-new organization. Updates must send the ``version`` they were made from (else 409)."""

    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = TwoNewOrganization
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "ownership",
            "industry",
            "street",
            "building",
            "residential_area",
            "floor",
            "unit",
            "headcount",
            "party_members",
            "coverage",
            "covering_party_organization",
            "contact_name",
            "contact_phone",
            "cooperation",
            "status",
            "notes",
            "registered_on",
            "archived",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        extra_kwargs = {"street": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            data["contact_phone"] = shown_phone(
                request.user, instance.contact_phone, owner_street_id=instance.street_id
            )
        return data

    def validate_credit_code(self, value):
        try:
            return normalize_credit_code(value)
        except Exception as exc:
            raise serializers.ValidationError(list(getattr(exc, "messages", [str(exc)]))) from exc

    def validate_contact_phone(self, value):
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except Exception as exc:
            raise serializers.ValidationError(list(getattr(exc, "messages", [str(exc)]))) from exc

    def validate(self, attrs):
        request = self.context["request"]
        if self.instance is None and "street" not in attrs:
            if not request.user.street_id:
                raise serializers.ValidationError({"street": _("Name the street.")})
            attrs["street"] = request.user.street
        attrs = super().validate(attrs)
        merged = {
            **{f: getattr(self.instance, f, None) for f in ("party_members", "headcount", "coverage")},
            **attrs,
        }
        if merged.get("headcount") and (merged.get("party_members") or 0) > merged["headcount"]:
            raise serializers.ValidationError(
                {"party_members": _("Party members cannot outnumber the headcount.")}
            )
        if merged.get("coverage") == TwoNewOrganization.Coverage.NONE and (
            attrs.get("covering_party_organization")
            or (
                "covering_party_organization" not in attrs
                and getattr(self.instance, "covering_party_organization_id", None)
            )
        ):
            raise serializers.ValidationError(
                {
                    "covering_party_organization": _(
                        "An uncovered organization has no covering party organization."
                    )
                }
            )
        return attrs
