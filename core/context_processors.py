def portal(request):
    """The unread notification count shown on every page (one query, on the partial index)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from core.models import Notification

    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
