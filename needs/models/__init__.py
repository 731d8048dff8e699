"""The three lists (三張清單): needs, the resources that meet them, and the projects they become.

One module per list (as NetBox splits tenancy/models/): needs.py (the need, its timeline,
attachments and response deadlines), resources.py (resources and matches), projects.py.
Everything is importable from needs.models, as before the split; migrations name
needs.models.validate_attachment_size.
"""

from needs.models.needs import (
    AT_RISK_SHARE,
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    DEFAULT_RESPONSE_HOURS,
    Category,
    Need,
    NeedAttachment,
    NeedEvent,
    NeedQuerySet,
    ResponseDeadline,
    breached_condition,
    handled_condition,
    local_day_bounds,
    validate_attachment_size,
)
from needs.models.projects import Project, ProjectNote, ProjectQuerySet
from needs.models.resources import Match, Resource, ResourceQuerySet

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "ATTACHMENT_MAX_BYTES",
    "AT_RISK_SHARE",
    "DEFAULT_RESPONSE_HOURS",
    "Category",
    "Match",
    "Need",
    "NeedAttachment",
    "NeedEvent",
    "NeedQuerySet",
    "Project",
    "ProjectNote",
    "ProjectQuerySet",
    "Resource",
    "ResourceQuerySet",
    "ResponseDeadline",
    "breached_condition",
    "handled_condition",
    "local_day_bounds",
    "validate_attachment_size",
]
