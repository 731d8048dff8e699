"""What crossposts tells the apps above it, so that it never imports them.

``needs_raised`` is sent inside the transaction that saves a visit, with the needs typed on it
(``items``: [{"category", "title", "description"}]) and the user; the needs app turns them into
tickets (needs.receivers). A receiver's error rolls the visit back with it.

The categories a need raised on a visit may take are registered by the same app
(``register_need_categories``), so the visit form and checks offer what the needs app accepts.
"""

from django.dispatch import Signal

needs_raised = Signal()  # sender=Visit, visit=, items=, user=

_need_categories: list[tuple[str, str]] = []


def register_need_categories(choices) -> None:
    """[(value, label)] a visit may raise a need in (labels may be lazy translations)."""
    _need_categories[:] = list(choices)


def need_categories() -> list[tuple[str, str]]:
    return list(_need_categories)
