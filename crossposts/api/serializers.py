import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.versioning import VersionedSerializerMixin
from core.images import process_photo
from crossposts import services
from crossposts.models import Assignment, CrossPost, Visit, VisitAddendum, VisitPhoto
from organizations.models import TwoNewOrganization


class CrossPostSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.__str__", read_only=True)
    home_unit = serializers.CharField(read_only=True)
    across_unit = serializers.CharField(read_only=True)

    class Meta:
        model = CrossPost
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "home_post",
            "home_area",
            "home_building",
            "home_unit",
            "across_area",
            "across_building",
            "across_unit",
            "across_title",
            "term_start",
            "term_end",
            "active",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.__str__", read_only=True)
    next_due_on = serializers.DateField(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "organization",
            "organization_name",
            "cadence_days",
            "active",
            "last_visited_on",
            "next_due_on",
        ]
        read_only_fields = fields


class VisitPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitPhoto
        fields = ["id", "image", "thumbnail", "width", "height", "taken_at"]
        read_only_fields = fields


class VisitAddendumSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitAddendum
        fields = ["id", "author", "text", "created"]
        read_only_fields = ["id", "author", "created"]


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "category": {"type": "string"},
                "title": {"type": "string"},
                "description": {"type": "string"},
            },
        },
    }
)
class NeedsField(serializers.Field):
    """A list of {category, title, description}; in a multipart upload, the same as a JSON string."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else []
            except ValueError:
                raise serializers.ValidationError(_("Not valid JSON.")) from None
        try:
            return services.clean_raised_needs(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from None

    def to_representation(self, value):
        return value


class VisitSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=TwoNewOrganization.objects.none())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.__str__", read_only=True)
    checklist_done = serializers.ListField(child=serializers.IntegerField(), write_only=True, required=False)
    raised_needs = NeedsField(required=False)
    photos = VisitPhotoSerializer(many=True, read_only=True)
    uploaded_photos = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, max_length=services.MAX_PHOTOS
    )
    addenda = VisitAddendumSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "organization",
            "organization_name",
            "visited_at",
            "method",
            "checklist_template",
            "checklist_answers",
            "checklist_done",
            "notes",
            "raised_needs",
            "latitude",
            "longitude",
            "distance_m",
            "far_from_building",
            "idempotency_key",
            "photos",
            "uploaded_photos",
            "addenda",
            "version",
            "created",
        ]
        read_only_fields = [
            "id",
            "cadre",
            "checklist_answers",
            "distance_m",
            "far_from_building",
            "created",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organization"].queryset = TwoNewOrganization.objects.visible_to(request.user)

    def validate_uploaded_photos(self, files):
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(process_photo(upload))
            except DjangoValidationError as exc:
                errors.extend(f"{getattr(upload, 'name', '')}: {m}" for m in exc.messages)
        if errors:
            raise serializers.ValidationError(errors)
        return processed

    def validate(self, attrs):
        if self.instance is not None:
            # A visit stays with its organization and its key; the rest can change within 24 hours.
            attrs.pop("organization", None)
            attrs.pop("idempotency_key", None)
            if "visited_at" not in attrs:
                return attrs
        # A service's Django ValidationError is a 400 by DRF here and by core's handler in save().
        services.check_visit_time(
            attrs.get("visited_at"),
            attrs.get("organization") or getattr(self.instance, "organization", None),
        )
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            raise serializers.ValidationError({"latitude": [_("Give both latitude and longitude, or neither.")]})
        return attrs

    def create(self, validated):
        from crossposts.models import ChecklistTemplate

        template = validated.get("checklist_template") or ChecklistTemplate.objects.current()
        data = services.VisitInput(
            organization=validated["organization"],
            visited_at=validated["visited_at"],
            method=validated.get("method", Visit.Method.ON_SITE),
            notes=validated.get("notes", ""),
            checklist_template=template,
            checklist_done=validated.get("checklist_done", []),
            raised_needs=validated.get("raised_needs", []),
            latitude=validated.get("latitude"),
            longitude=validated.get("longitude"),
            photos=validated.get("uploaded_photos", []),
        )
        visit, created = services.record_visit(self.context["request"].user, data, validated["idempotency_key"])
        self.created = created
        return visit

    def update(self, visit, validated):
        answers = visit.checklist_answers or []
        data = services.VisitInput(
            organization=visit.organization,
            visited_at=validated.get("visited_at", visit.visited_at),
            method=validated.get("method", visit.method),
            notes=validated.get("notes", visit.notes),
            checklist_template=visit.checklist_template,
            checklist_done=validated.get("checklist_done", [a["item"] for a in answers if a.get("done")]),
            raised_needs=validated.get("raised_needs", visit.raised_needs),
            latitude=validated.get("latitude", visit.latitude),
            longitude=validated.get("longitude", visit.longitude),
            photos=validated.get("uploaded_photos", []),
        )
        user = self.context["request"].user
        if not services.can_edit(visit, user):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied(str(services.LOCKED_MESSAGE))
        return services.update_visit(visit, user, data, self.pop_version(validated))


class CoverageRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    organizations = serializers.IntegerField()
    visited = serializers.IntegerField()
    rate = serializers.FloatField()
    visits = serializers.IntegerField()
