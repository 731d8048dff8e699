from django.views.generic import ListView

from core.permissions import RoleRequiredMixin
from organizations.models import TwoNewOrganization


class OrganizationListView(RoleRequiredMixin, ListView):
    model = TwoNewOrganization
    template_name = "core/coming_soon.html"

    def get_queryset(self):
        return TwoNewOrganization.objects.visible_to(self.request.user)
