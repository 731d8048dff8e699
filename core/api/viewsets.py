"""The scoped base viewset: one scope and one role rule for every API endpoint."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.permissions import SAFE_METHODS, PolicyPermission, StreetRecordsPolicy


class ScopedViewSetMixin:
    """Reads reach ``visible_to(user)``, so a record out of the user's scope is a 404; a change to
    a record in scope that ``editable_by(user)`` leaves out is a 403. Who may ask at all is the
    view's ``policy``. ``write_serializer_class`` serves writes where it differs."""

    policy = StreetRecordsPolicy
    permission_classes = [PolicyPermission]
    write_serializer_class = None
    list_relations = ()
    read_only_message = _("You may see this record but not change it.")

    def get_queryset(self):
        qs = self.queryset.model.objects.visible_to(self.request.user)
        return qs.select_related(*self.list_relations) if self.list_relations else qs

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS:
            editable = type(obj)._default_manager.editable_by(self.request.user)
            if not editable.filter(pk=obj.pk).exists():
                raise PermissionDenied(self.read_only_message)
        return obj

    def get_serializer_class(self):
        if self.write_serializer_class and self.request.method not in SAFE_METHODS:
            return self.write_serializer_class
        return super().get_serializer_class()


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ArchivableViewSetMixin:
    """Nothing is deleted: DELETE archives, POST …/restore/ brings a record back. The list leaves
    archived records out (unless its filterset has an ``archived`` filter, which then decides);
    a detail URL still finds them."""

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        queryset = super().filter_queryset(queryset)
        filterset = getattr(self, "filterset_class", None)
        return queryset if filterset and "archived" in filterset.base_filters else queryset.active()

    def perform_destroy(self, instance):
        instance.archive()

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        record = self.get_object()
        record.restore()
        return Response(self.get_serializer(record).data)
