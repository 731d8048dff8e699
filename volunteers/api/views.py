"""API viewsets: every queryset goes through the models' scope rule."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from volunteers import services, team_tasks
from volunteers.api.serializers import (
    BuildingGroupSerializer,
    ServiceRecordSerializer,
    TaskStatusSerializer,
    TeamSerializer,
    TeamTaskSerializer,
    VolunteerSerializer,
    as_drf,
)
from volunteers.filtersets import (
    BuildingGroupFilterSet,
    ServiceRecordFilterSet,
    TeamFilterSet,
    TeamTaskFilterSet,
    VolunteerFilterSet,
)
from volunteers.models import (
    BuildingGroup,
    BuildingGroupRating,
    ServiceRecord,
    TeamTask,
    Volunteer,
    VolunteerTeam,
)


class VolunteerAppPermission(permissions.BasePermission):
    """Staff, district and admin as for street records; a team leader where the view allows it."""

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        safe = request.method in permissions.SAFE_METHODS
        if user.is_team_leader:
            return getattr(view, "leader_reads" if safe else "leader_writes", False)
        return user.can_read_street_records if safe else user.can_manage_street_records


class VersionedUpdateMixin:
    """Updates go through VersionedSerializerMixin (the version rule); a delete archives."""

    def perform_destroy(self, instance):
        instance.archive()


class TeamViewSet(VersionedUpdateMixin, viewsets.ModelViewSet):
    """Volunteer teams; a team leader sees only their own."""

    serializer_class = TeamSerializer
    permission_classes = [VolunteerAppPermission]
    filterset_class = TeamFilterSet
    search_fields = ["name", "focus"]
    ordering_fields = ["name", "founded"]
    leader_reads = True

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            return VolunteerTeam.objects.visible_to(user).with_list_relations()
        return VolunteerTeam.objects.editable_by(user).with_list_relations()


class VolunteerViewSet(VersionedUpdateMixin, viewsets.ModelViewSet):
    """Volunteers, phones masked for roles that do not need them; a leader sees their team."""

    serializer_class = VolunteerSerializer
    permission_classes = [VolunteerAppPermission]
    filterset_class = VolunteerFilterSet
    search_fields = ["name", "skills"]
    ordering_fields = ["name"]
    leader_reads = True

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            return Volunteer.objects.visible_to(user).with_list_relations()
        return Volunteer.objects.editable_by(user).with_list_relations()


class ServiceRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Service records; the team leader logs their team's and approves or rejects self-logged hours."""

    serializer_class = ServiceRecordSerializer
    permission_classes = [VolunteerAppPermission]
    filterset_class = ServiceRecordFilterSet
    search_fields = ["description"]
    ordering_fields = ["date", "hours"]
    leader_reads = True
    leader_writes = True

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            return ServiceRecord.objects.visible_to(user).with_list_relations()
        return ServiceRecord.objects.editable_by(user).with_list_relations()

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = self.request.user
        try:
            serializer.instance = services.save_service_record(
                team=data["team"],
                day=data["date"],
                hours=data["hours"],
                description=data["description"],
                volunteers=data["volunteers"],
                user=user,
                source=ServiceRecord.Source.LEADER if user.is_team_leader else ServiceRecord.Source.STAFF,
                need=data.get("need"),
                event=data.get("event"),
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc

    def _decide(self, request, approve):
        record = self.get_object()
        try:
            record = services.decide(record, request.user, approve=approve)
        except services.DecisionError as exc:
            raise serializers.ValidationError({"detail": str(exc)}) from exc
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses=ServiceRecordSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, True)

    @extend_schema(request=None, responses=ServiceRecordSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, False)


class BuildingGroupViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Building groups with their ratings per year (the parts of each score in ``breakdown``)."""

    serializer_class = BuildingGroupSerializer
    permission_classes = [VolunteerAppPermission]
    filterset_class = BuildingGroupFilterSet
    search_fields = ["number"]
    ordering_fields = ["number", "households"]

    def get_queryset(self):
        user = self.request.user
        qs = BuildingGroup.objects.visible_to(user)
        if self.request.method not in permissions.SAFE_METHODS:
            qs = BuildingGroup.objects.editable_by(user)
        return qs.with_list_relations().prefetch_related(
            Prefetch("ratings", queryset=BuildingGroupRating.objects.order_by("-year"))
        )


class TeamTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Needs handed to volunteer teams (hand one over with POST /needs/{id}/hand-off/).

    Staff read and answer their street's, the district reads, a team leader reads and
    answers their own team's; without ``status`` the list holds the tasks still to do.
    """

    serializer_class = TeamTaskSerializer
    permission_classes = [VolunteerAppPermission]
    filterset_class = TeamTaskFilterSet
    search_fields = ["title", "need__reference"]
    ordering_fields = ["created", "due_on"]
    leader_reads = True
    leader_writes = True

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            return TeamTask.objects.visible_to(user).active().with_list_relations()
        return TeamTask.objects.editable_by(user).active().with_list_relations()

    @extend_schema(request=TaskStatusSerializer, responses=TeamTaskSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        task = self.get_object()
        data = TaskStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            team_tasks.change_status(
                task,
                data.validated_data["to"],
                request.user,
                data.validated_data["reason"],
                data.validated_data.get("version"),
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from exc
        task = self.get_queryset().get(pk=task.pk)
        return Response(self.get_serializer(task).data)
