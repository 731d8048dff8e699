"""The needs pages: the needs desk (needs.py), the resources and projects lists (resources.py) and
the public pages (public.py)."""

from needs.views.needs import (
    DeadlineView,
    FiguresView,
    NeedCreateView,
    NeedDetailView,
    NeedExportView,
    NeedListView,
    NeedUpdateView,
    attach_view,
    comment_view,
    make_project_view,
    match_view,
    need_action,
    transition_view,
)
from needs.views.public import public_new, public_rate, public_status
from needs.views.resources import (
    ProjectDetailView,
    ProjectListView,
    ProjectUpdateView,
    ResourceCreateView,
    ResourceListView,
    ResourceUpdateView,
)

__all__ = [
    "DeadlineView",
    "FiguresView",
    "NeedCreateView",
    "NeedDetailView",
    "NeedExportView",
    "NeedListView",
    "NeedUpdateView",
    "ProjectDetailView",
    "ProjectListView",
    "ProjectUpdateView",
    "ResourceCreateView",
    "ResourceListView",
    "ResourceUpdateView",
    "attach_view",
    "comment_view",
    "make_project_view",
    "match_view",
    "need_action",
    "public_new",
    "public_rate",
    "public_status",
    "transition_view",
]
