"""Optimistic locking in the API: one rule for every serializer of a versioned model.

Reads show ``version``; every update must send the version it was edited from. A missing
version is a 400; a stale one (or 0) makes ``VersionedModel.save_checked`` raise
ConcurrentEditError, which core.api.exceptions answers with a 409 and the current values.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils import model_meta

VERSION_REQUIRED = _("The version is required: send the version you edited, so that no one's change is lost.")


class VersionedSerializerMixin(serializers.Serializer):
    """Put first in the bases of a serializer whose model is a ``core.models.VersionedModel``."""

    version = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text=_("The version you edited; required for updates (409 if someone saved since)."),
    )

    def to_internal_value(self, data):
        # PATCH skips required fields, so the check is here rather than required=True.
        missing = self.instance is not None and isinstance(data, Mapping) and "version" not in data
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if missing and isinstance(exc.detail, dict):
                exc.detail.setdefault("version", [serializers.ErrorDetail(str(VERSION_REQUIRED), "required")])
            raise
        if missing:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]}, code="required")
        return values

    def pop_version(self, validated_data) -> int:
        """The version an update was edited from (always sent: to_internal_value insists)."""
        return validated_data.pop("version")

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        expected = self.pop_version(validated_data)
        relations = model_meta.get_field_info(type(instance)).relations
        many = {}
        for name, value in validated_data.items():
            if name in relations and relations[name].to_many:
                many[name] = value
            else:
                setattr(instance, name, value)
        with transaction.atomic():
            instance.save_checked(expected)
            for name, value in many.items():
                getattr(instance, name).set(value)
        return instance
