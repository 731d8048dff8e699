"""Pages for the resources (資源清單) and projects (項目清單) lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView

from core.views import RecordUpdateView
from needs.filtersets import ProjectFilterSet, ResourceFilterSet
from needs.forms import ProjectForm, ProjectNoteForm, ResourceForm
from needs.models import Project, Resource
from needs.views.needs import StreetPageMixin


class ResourceListView(StreetPageMixin, ListView):
    template_name = "needs/resources.html"
    paginate_by = 30
    context_object_name = "resources"

    def get_queryset(self):
        qs = Resource.objects.visible_to(self.request.user).active().with_list_relations()
        self.filterset = ResourceFilterSet(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ResourceCreateView(StreetPageMixin, CreateView):
    template_name = "needs/resource_form.html"
    form_class = ResourceForm

    def has_role(self, user):
        return user.can_manage_street_records

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Resource saved."))
        return redirect("needs:resources")


class ResourceUpdateView(StreetPageMixin, RecordUpdateView):
    template_name = "needs/resource_form.html"
    form_class = ResourceForm
    model = Resource
    saved_message = _("Resource saved.")

    def get_success_url(self):
        return reverse("needs:resources")


class ProjectListView(StreetPageMixin, ListView):
    template_name = "needs/projects.html"
    paginate_by = 30
    context_object_name = "projects"

    def get_queryset(self):
        qs = Project.objects.visible_to(self.request.user).active().with_list_relations()
        self.filterset = ProjectFilterSet(self.request.GET or None, queryset=qs, request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ProjectDetailView(StreetPageMixin, DetailView):
    template_name = "needs/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Project.objects.visible_to(self.request.user).active().with_list_relations(), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["notes"] = self.object.notes.select_related("author")
        ctx["can_edit"] = Project.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        ctx["note_form"] = kwargs.get("note_form") or ProjectNoteForm()
        return ctx

    def post(self, request, pk):
        self.object = self.get_object()
        if not Project.objects.editable_by(request.user).filter(pk=pk).exists():
            raise PermissionDenied
        form = ProjectNoteForm(request.POST)
        if form.is_valid():
            note = form.save(commit=False)
            note.project, note.author = self.object, request.user
            note.save()
            messages.success(request, _("Progress note added."))
            return redirect("needs:project_detail", pk=pk)
        return self.render_to_response(self.get_context_data(note_form=form))


class ProjectUpdateView(StreetPageMixin, RecordUpdateView):
    template_name = "needs/project_form.html"
    form_class = ProjectForm
    model = Project
    detail_url = "needs:project_detail"
