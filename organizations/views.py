"""Staff pages of the ledger: list, detail with history, create/edit, archive, export, import."""

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView

from core.exports import Column, Sheet, chunked, xlsx_response
from core.masking import shown_phone
from core.permissions import RoleRequiredMixin
from core.views import ArchiveToggleView, RecordUpdateView
from organizations import importer
from organizations.filtersets import OrganizationFilterSet
from organizations.forms import ImportUploadForm, OrganizationForm
from organizations.models import TwoNewOrganization


class OrganizationScopeMixin(RoleRequiredMixin):
    allowed = "can_view_ledger"
    write_allowed = "can_manage_street_records"

    def get_queryset(self):
        return TwoNewOrganization.objects.visible_to(self.request.user).with_list_relations()


class OrganizationListView(OrganizationScopeMixin, ListView):
    template_name = "organizations/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = OrganizationFilterSet(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["can_edit"] = self.request.user.can_manage_street_records
        for org in ctx["organizations"]:
            org.shown_phone = shown_phone(self.request.user, org.contact_phone, owner_street_id=org.street_id)
        return ctx


def _ledger(field):
    return lambda o: importer.LEDGER_LABELS[field].get(getattr(o, field), "")


# The ledger's own headers, so that an export can be imported again.
EXPORT_COLUMNS = [
    Column("单位名称", lambda o: o.name, 30),
    Column("统一社会信用代码", lambda o: o.credit_code, 22),
    Column("组织类别", _ledger("kind"), 14),
    Column("经济类型", _ledger("ownership"), 14),
    Column("所属行业", lambda o: o.industry, 12),
    Column("所属街道", lambda o: o.street.name, 12),
    Column("所在楼宇", lambda o: o.building.name if o.building else "", 16),
    Column("楼层", lambda o: o.floor, 6),
    Column("房间号", lambda o: o.unit, 8),
    Column("从业人员数", lambda o: o.headcount, 10),
    Column("党员数", lambda o: o.party_members, 8),
    Column("党组织覆盖情况", _ledger("coverage"), 16),
    Column("联系人", lambda o: o.contact_name, 10),
    Column("联系电话", lambda o: o.shown_phone, 14),
    Column("配合程度", _ledger("cooperation"), 8),
    Column("状态", _ledger("status"), 8),
    Column("备注", lambda o: o.notes, 30),
]


class OrganizationExportView(OrganizationScopeMixin, View):
    """The filtered list as an Excel workbook with the ledger's Chinese headers."""

    allowed = "can_read_street_records"

    def get(self, request):
        filterset = OrganizationFilterSet(request.GET or None, queryset=self.get_queryset(), request=request)
        user = request.user

        def rows():
            for org in chunked(filterset.qs):
                org.shown_phone = shown_phone(user, org.contact_phone, owner_street_id=org.street_id)
                yield org

        sheet = Sheet(_("Two-new organizations"), EXPORT_COLUMNS, rows())
        return xlsx_response([sheet], "two-new-organizations.xlsx")


class OrganizationDetailView(OrganizationScopeMixin, DetailView):
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        user = self.request.user
        ctx["shown_phone"] = shown_phone(user, org.contact_phone, owner_street_id=org.street_id)
        ctx["can_edit"] = TwoNewOrganization.objects.editable_by(user).filter(pk=org.pk).exists()
        ctx["history"] = history_entries(org) if user.can_read_street_records else []
        return ctx


def history_entries(obj, limit=30):
    """Who changed what and when, newest first, from django-simple-history."""
    records = list(obj.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["version", "updated"])
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        entries.append({"record": newer, "changes": changes})
    return entries[:limit]


class OrganizationCreateView(OrganizationScopeMixin, CreateView):
    allowed = "can_manage_street_records"
    template_name = "organizations/organization_form.html"
    form_class = OrganizationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was added to the ledger.") % {"name": self.object.name})
        return response

    def get_success_url(self):
        return reverse("organizations:detail", args=[self.object.pk])


class OrganizationUpdateView(OrganizationScopeMixin, RecordUpdateView):
    allowed = "can_manage_street_records"
    template_name = "organizations/organization_form.html"
    form_class = OrganizationForm
    model = TwoNewOrganization
    detail_url = "organizations:detail"


class OrganizationArchiveView(OrganizationScopeMixin, ArchiveToggleView):
    allowed = "can_manage_street_records"
    model = TwoNewOrganization
    detail_url = "organizations:detail"


class ImportView(RoleRequiredMixin, FormView):
    """Upload a ledger: a dry run lists every row's errors; nothing is saved yet."""

    allowed = "can_manage_street_records"
    template_name = "organizations/import.html"
    form_class = ImportUploadForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and not request.user.street_id
            and request.user.can_manage_street_records
        ):
            messages.error(request, _("Imports go into a street's ledger; log in as that street's staff."))
            return redirect("organizations:list")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = importer.preview(data, upload.name, self.request.user)
        except importer.LedgerFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        token = ""
        if result.ok:
            token = uuid.uuid4().hex
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            default_storage.save(f"imports/{token}{suffix}", ContentFile(data))
            self.request.session[f"import-{token}"] = {"name": upload.name, "suffix": suffix}
        return self.render_to_context(form, result, token)

    def render_to_context(self, form, result, token):
        return self.render_to_response(
            self.get_context_data(
                form=form, preview=result, token=token, filename=form.cleaned_data["file"].name
            )
        )


class ImportConfirmView(RoleRequiredMixin, View):
    """Save a previewed file: all rows or none."""

    allowed = "can_manage_street_records"

    def post(self, request, token):
        meta = request.session.pop(f"import-{token}", None) if len(token) == 32 and token.isalnum() else None
        if meta is None:
            raise Http404
        path = f"imports/{token}{meta['suffix']}"
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
        default_storage.delete(path)
        try:
            created, updated = importer.commit(data, meta["name"], request.user)
        except importer.LedgerFileError as exc:
            messages.error(request, str(exc))
            return redirect("organizations:import")
        messages.success(
            request,
            _("Import done: %(created)d organizations added, %(updated)d updated.")
            % {"created": created, "updated": updated},
        )
        return redirect("organizations:list")
