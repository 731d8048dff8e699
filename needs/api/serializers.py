from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.versioning import VersionedSerializerMixin
from core.validators import normalize_phone
from needs import services
from needs.models import Need, NeedEvent, Project, Resource
from organizations.models import ResidentialArea, TwoNewOrganization


def _phone(value):
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class NeedEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = NeedEvent
        fields = ["id", "kind", "from_status", "to_status", "note", "actor", "created"]
        read_only_fields = fields


class NeedSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    sla = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id",
            "reference",
            "street",
            "organization",
            "residential_area",
            "requester_name",
            "source",
            "visit",
            "category",
            "title",
            "description",
            "urgency",
            "status",
            "sla",
            "assignee",
            "raised_by",
            "contact_name",
            "contact_phone",
            "contact_email",
            "due_at",
            "resolved_at",
            "closed_at",
            "status_reason",
            "rating",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = [
            "reference",
            "street",
            "requester_name",
            "visit",
            "status",
            "raised_by",
            "due_at",
            "resolved_at",
            "closed_at",
            "status_reason",
            "rating",
            "created",
            "updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            user = request.user
            self.fields["organization"].queryset = TwoNewOrganization.objects.visible_to(user).active()
            areas = (
                ResidentialArea.objects.filter(street_id=user.street_id)
                if user.is_cadre
                else ResidentialArea.objects.visible_to(user)
            )
            self.fields["residential_area"].queryset = areas
            from needs.forms import street_people

            self.fields["assignee"].queryset = street_people(user)
            if user.is_cadre:
                # Staff assign needs; a cadre's write leaves the assignee as it is.
                self.fields["assignee"].read_only = True

    def get_sla(self, need) -> str | None:
        return need.sla_state()

    def validate_contact_phone(self, value):
        return _phone(value)

    def validate(self, attrs):
        instance = self.instance
        org = attrs.get("organization", instance.organization if instance else None)
        area = attrs.get("residential_area", instance.residential_area if instance else None)
        if not org and not area and not (instance and instance.requester_name):
            raise serializers.ValidationError(
                _("Choose the organization or, for residents, the residential area.")
            )
        if org and area:
            raise serializers.ValidationError(_("Choose an organization or a residential area, not both."))
        street_id = org.street_id if org else (area.street_id if area else instance.street_id)
        if instance and street_id != instance.street_id:
            raise serializers.ValidationError(_("A need cannot move to another street."))
        assignee = attrs.get("assignee")
        if assignee and assignee.street_id != street_id:
            raise serializers.ValidationError({"assignee": _("The assignee works in another street.")})
        attrs["street_id"] = street_id
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        need = Need(**validated_data)
        return services.open_need(need, self.context["request"].user)

    def update(self, instance, validated_data):
        expected = self.pop_version(validated_data)
        validated_data.pop("street_id", None)
        changed = [k for k, v in validated_data.items() if getattr(instance, k) != v]
        assignee_before = instance.assignee_id
        for key, value in validated_data.items():
            setattr(instance, key, value)
        instance.save_checked(expected)
        services.note_assignment(instance, assignee_before, self.context["request"].user)
        if changed:
            NeedEvent.objects.create(
                need=instance,
                kind=NeedEvent.Kind.EDIT,
                note=", ".join(changed),
                actor=self.context["request"].user,
            )
        return instance


class NeedDetailSerializer(NeedSerializer):
    events = NeedEventSerializer(many=True, read_only=True)

    class Meta(NeedSerializer.Meta):
        fields = [*NeedSerializer.Meta.fields, "events"]


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Need.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    version = serializers.IntegerField(required=False)


class ResourceSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = [
            "id",
            "street",
            "name",
            "category",
            "description",
            "organization",
            "party_organization",
            "residential_area",
            "building",
            "capacity",
            "available",
            "available_until",
            "contact_name",
            "contact_phone",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]

    def validate_contact_phone(self, value):
        return _phone(value)

    def validate(self, attrs):
        merged = {
            f: attrs.get(f, getattr(self.instance, f, None))
            for f in ("street", "organization", "party_organization", "residential_area", "building")
        }
        chosen = [v for k, v in merged.items() if k != "street" and v]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                _(
                    "Name exactly one provider: an organization, a party organization, "
                    "a residential area or a building."
                )
            )
        if merged["street"] and chosen[0].street_id != merged["street"].pk:
            raise serializers.ValidationError(_("The provider is in another street."))
        user = self.context["request"].user
        from organizations.models import Street

        if merged["street"] and not Street.objects.visible_to(user).filter(pk=merged["street"].pk).exists():
            raise serializers.ValidationError({"street": _("You cannot add resources to this street.")})
        return attrs


class ProjectSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "street",
            "need",
            "name",
            "kind",
            "status",
            "description",
            "lead",
            "starts_on",
            "ends_on",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["need", "created", "updated"]

    def validate(self, attrs):
        from organizations.models import Street

        street = attrs.get("street")
        if (
            street
            and not Street.objects.visible_to(self.context["request"].user).filter(pk=street.pk).exists()
        ):
            raise serializers.ValidationError({"street": _("You cannot add projects to this street.")})
        if self.instance and street and street.pk != self.instance.street_id:
            raise serializers.ValidationError({"street": _("A project cannot move to another street.")})
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends_on": _("A project cannot end before it starts.")})
        return attrs


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class MatchSerializer(serializers.Serializer):
    resource = serializers.PrimaryKeyRelatedField(queryset=Resource.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    version = serializers.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["resource"].queryset = Resource.objects.visible_to(request.user).active()


class MakeProjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Project.Kind.choices, default=Project.Kind.WARM_HEART)
    name = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
