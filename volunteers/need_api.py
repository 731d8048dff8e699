"""POST /api/v1/needs/{id}/hand-off/: hand a need to a volunteer team through the API.

Registered in needs.extensions by volunteers.need_actions; the rules are in volunteers.team_tasks.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from needs.api.views import NeedActionView
from volunteers.api.serializers import TeamTaskSerializer
from volunteers.models import VolunteerTeam
from volunteers.team_tasks import check_due, hand_off


class HandOffSerializer(serializers.Serializer):
    """Hand a need to a volunteer team of its street (the rules: volunteers.team_tasks)."""

    team = serializers.IntegerField(min_value=1)
    title = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_team(self, value):
        team = VolunteerTeam.objects.active().filter(pk=value).first()
        if team is None:
            raise serializers.ValidationError(_("Choose a volunteer team from the list."))
        return team

    def validate_due_on(self, value):
        try:
            check_due(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value


class HandOffView(NeedActionView):
    """Hand the need to a volunteer team of its street as a task."""

    serializer_class = HandOffSerializer

    @extend_schema(request=HandOffSerializer, responses={201: TeamTaskSerializer})
    def post(self, request, pk=None):
        return super().post(request, pk)

    def perform(self, request, need):
        data = HandOffSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        task = hand_off(need, v["team"], request.user, v["note"], v["due_on"], v["title"])
        return Response(
            TeamTaskSerializer(task, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
