from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from core.permissions import StreetRecordsPermission
from needs import services
from needs.api.serializers import (
    CommentSerializer,
    MakeProjectSerializer,
    MatchSerializer,
    NeedDetailSerializer,
    NeedEventSerializer,
    NeedSerializer,
    ProjectSerializer,
    ResourceSerializer,
    TransitionSerializer,
)
from needs.filtersets import NeedFilterSet, ProjectFilterSet, ResourceFilterSet
from needs.models import Need, Project, Resource
from needs.workflow import transition


class NeedPermission(permissions.BasePermission):
    """Staff, district and admin read; staff, admin and cadres (their own needs) write."""

    def has_permission(self, request, view):
        user = request.user
        if not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.can_read_street_records or user.is_cadre
        if getattr(view, "manager_only", False) or getattr(view, "action", None) in ("match", "make_project"):
            return user.can_manage_street_records
        return user.can_manage_street_records or user.is_cadre


def _as_drf(exc: DjangoValidationError):
    return DRFValidationError({"detail": exc.messages})


class NeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Needs in the caller's scope; status changes only through POST …/transition/."""

    permission_classes = [NeedPermission]
    filterset_class = NeedFilterSet
    search_fields = ["reference", "title", "organization__name"]
    ordering_fields = ["created", "due_at", "status", "category"]

    def get_queryset(self):
        qs = Need.objects.visible_to(self.request.user).active().with_list_relations()
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        return NeedDetailSerializer if self.action == "retrieve" else NeedSerializer

    def _editable(self):
        need = self.get_object()
        if not Need.objects.editable_by(self.request.user).filter(pk=need.pk).exists():
            raise PermissionDenied
        return need

    def update(self, request, *args, **kwargs):
        self._editable()
        return super().update(request, *args, **kwargs)

    @extend_schema(request=TransitionSerializer, responses=NeedDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        need = self._editable()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            transition(
                need,
                data.validated_data["to"],
                request.user,
                data.validated_data["note"],
                data.validated_data.get("version"),
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(NeedDetailSerializer(need, context=self.get_serializer_context()).data)

    @extend_schema(request=CommentSerializer, responses=NeedEventSerializer)
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        need = self._editable()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.add_comment(need, request.user, data.validated_data["text"])
        return Response(NeedEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MatchSerializer, responses=NeedDetailSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        need = self._editable()
        data = MatchSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            services.match_resource(
                need,
                data.validated_data["resource"],
                request.user,
                data.validated_data["note"],
                data.validated_data.get("version"),
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(NeedDetailSerializer(need, context=self.get_serializer_context()).data)

    @extend_schema(request=MakeProjectSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"], url_path="project")
    def make_project(self, request, pk=None):
        need = self._editable()
        data = MakeProjectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            project = services.make_project(
                need, request.user, data.validated_data["kind"], data.validated_data["name"]
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(
            ProjectSerializer(project, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class NeedActionView(generics.GenericAPIView):
    """Base of an API action another app adds to a need (see needs.extensions): a POST on one
    need the caller may change, answered as NeedViewSet's own actions are (401/403/404, and a
    refused rule is a 400 with its messages). Subclasses write ``perform(request, need)``."""

    permission_classes = [NeedPermission]
    manager_only = True

    def get_queryset(self):
        return Need.objects.visible_to(self.request.user).active().with_list_relations()

    def post(self, request, pk=None):
        need = self.get_object()
        if not Need.objects.editable_by(request.user).filter(pk=need.pk).exists():
            raise PermissionDenied
        try:
            return self.perform(request, need)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    def perform(self, request, need) -> Response:
        raise NotImplementedError


class ResourceViewSet(viewsets.ModelViewSet):
    """Resources (資源清單); deleting archives."""

    serializer_class = ResourceSerializer
    permission_classes = [StreetRecordsPermission]
    cadre_readable = True
    filterset_class = ResourceFilterSet
    search_fields = ["name", "contact_name"]
    ordering_fields = ["name", "category", "created"]

    def get_queryset(self):
        return Resource.objects.visible_to(self.request.user).active().with_list_relations()

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS:
            obj = get_object_or_404(Resource.objects.editable_by(self.request.user), pk=obj.pk)
        return obj

    def perform_destroy(self, instance):
        instance.archive()


class ProjectViewSet(viewsets.ModelViewSet):
    """Projects (項目清單); a need becomes one through POST /needs/{id}/project/; deleting archives."""

    serializer_class = ProjectSerializer
    permission_classes = [StreetRecordsPermission]
    filterset_class = ProjectFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "created", "starts_on"]

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user).active().with_list_relations()

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS:
            obj = get_object_or_404(Project.objects.editable_by(self.request.user), pk=obj.pk)
        return obj

    def perform_destroy(self, instance):
        instance.archive()
