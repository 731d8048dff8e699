"""Pages that belong to no one domain: home, health, notifications."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, UpdateView

from core.models import ConcurrentEditError, Notification


class HomeView(LoginRequiredMixin, View):
    """Each role lands where its work is: staff on their dashboard, cadres on /m/, leaders on their team."""

    def get(self, request):
        user = request.user
        if user.is_cadre:
            return redirect("mobile:home")
        if user.is_team_leader:
            return redirect("volunteers:index")
        if user.can_read_street_records:
            return redirect("reports:dashboard")
        return redirect("core:notifications")


def healthz(request):
    """The database, and Redis and the broker where configured; 503 when one is down."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "down"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "down"
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("filesystem://"):
        checks["broker"] = "ok (filesystem)"
    elif broker == settings.REDIS_URL:
        checks["broker"] = checks["redis"]
    if checks["database"] != "ok":
        state, code = "down", 503
    elif any(v == "down" for v in checks.values()):
        # Pages keep working without Redis; work waits in the outbox.
        state, code = "degraded", 503
    else:
        state, code = "ok", 200
    return JsonResponse({"status": state, "checks": checks, "time": timezone.now().isoformat()}, status=code)


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "core/notifications.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification (or all, with pk absent) read, then follow its link."""

    def post(self, request, pk=None):
        mine = Notification.objects.visible_to(request.user).unread()
        if pk is None:
            mine.update(read_at=timezone.now())
            return redirect("core:notifications")
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at", "updated"])
        target = notification.url or reverse("core:notifications")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("core:notifications")
        return redirect(target)


class VersionedSaveMixin:
    """For update views whose form is a VersionedModelForm: a stale save re-renders with the conflict."""

    def form_valid(self, form):
        try:
            self.object = form.save_versioned()
        except ConcurrentEditError:
            return self.form_invalid(form)
        return self.after_save(form)

    def after_save(self, form):
        return redirect(self.get_success_url())


class ScopedObjectMixin:
    """A record page's object, by the same rule as the API's: a record out of the user's scope is
    a 404; on a page that changes it (``edits``), a record in scope that the user may not change
    is a 403. ``active_only`` leaves archived records out (they are restored, not edited)."""

    model = None
    edits = False
    active_only = False

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)
        return qs.active() if self.active_only else qs

    def get_object(self, queryset=None):
        from django.core.exceptions import PermissionDenied

        obj = super().get_object(queryset)
        if self.edits and not self.model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class RecordUpdateView(ScopedObjectMixin, VersionedSaveMixin, UpdateView):
    """The edit page of a street record: its form takes the user, a stale save shows the conflict,
    a save says so and returns to ``detail_url`` (a URL name taking the record's pk)."""

    edits = True
    active_only = True
    detail_url = ""
    saved_message = _("Saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def after_save(self, form):
        from django.contrib import messages

        messages.success(self.request, self.saved_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.detail_url, args=[self.object.pk])


class ArchiveToggleView(View):
    """Archive a record (POST), or restore it (POST with restore=1, or when it is archived
    and ``toggle`` is set): nothing is ever deleted. Combine with RoleRequiredMixin."""

    model = None
    detail_url = ""  # URL name of the record's page, taking its pk
    toggle = False

    def post(self, request, pk):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        obj = get_object_or_404(self.model.objects.editable_by(request.user), pk=pk)
        if request.POST.get("restore") or (self.toggle and obj.is_archived):
            obj.restore()
            messages.success(request, _("“%(name)s” was restored.") % {"name": obj})
        else:
            obj.archive()
            messages.success(
                request, _("“%(name)s” was archived. It can be restored from its page.") % {"name": obj}
            )
        return redirect(self.detail_url, pk=obj.pk)


class FilteredExportView(View):
    """The filtered list as an Excel workbook: the list page's filters, scope and columns."""

    model = None
    filterset_class = None
    sheet_title = ""
    columns = ()
    filename = "export.xlsx"

    def base_queryset(self):
        """What the user may see, with what the columns read; the list page uses the same."""
        return self.model.objects.visible_to(self.request.user).with_list_relations()

    def get_columns(self):
        return self.columns

    def get(self, request):
        from core.exports import Sheet, chunked, xlsx_response

        qs = self.filterset_class(request.GET or None, queryset=self.base_queryset(), request=request).qs
        return xlsx_response([Sheet(self.sheet_title, self.get_columns(), chunked(qs))], self.filename)
