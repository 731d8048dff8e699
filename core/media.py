"""Uploaded files from the local disk, served only to who may see the record they belong to.

A file's address is no key: report workbooks, a need's letters and an event's material have
names anyone could guess. Each app registers its kinds of upload in its ``ready()`` with the record
whose scope rule decides (tests/test_object_scope.py fails when a model with a file field is missing). With S3
the bucket is private and its links are signed, so this view is not used.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.views.static import serve

# (path prefix, model, its file fields, the foreign key to the record whose scope applies or None).
MEDIA_OWNERS = []


def register(prefix: str, label: str, fields: tuple, owner: str | None) -> None:
    """Serve the files under ``prefix`` to who may see the ``label`` row (or its ``owner``)."""
    entry = (prefix, label, tuple(fields), owner)
    if entry not in MEDIA_OWNERS:
        MEDIA_OWNERS.append(entry)


def owner_visible(user, path: str) -> bool:
    """Whether the file at ``path`` (relative to MEDIA_ROOT) belongs to a record ``user`` may see."""
    for prefix, label, fields, owner in MEDIA_OWNERS:
        if not path.startswith(prefix):
            continue
        model = apps.get_model(label)
        match = Q()
        for name in fields:
            match |= Q(**{name: path})
        if owner is None:
            if model.objects.visible_to(user).filter(match).exists():
                return True
            continue
        owner_ids = model._base_manager.filter(match).values_list(f"{owner}_id", flat=True)
        owner_model = model._meta.get_field(owner).related_model
        if owner_model.objects.visible_to(user).filter(pk__in=list(owner_ids)).exists():
            return True
    return False


def protected_media(request, path):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not owner_visible(request.user, path):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Never kept by a shared cache: the next user may not be allowed to see it.
    response["Cache-Control"] = "private, max-age=3600"
    return response
