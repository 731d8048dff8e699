"""Needs reacts to the apps below it: a visit that raised needs (crossposts.signals)."""

from django.dispatch import receiver

from crossposts import signals
from crossposts.models import Visit
from needs.models import Category
from needs.services import raise_needs_from_visit

signals.register_need_categories(Category.choices)


@receiver(signals.needs_raised, sender=Visit, dispatch_uid="needs.tickets_from_visit")
def tickets_from_visit(sender, visit, items, user, **kwargs):
    """The needs typed on a visit become submitted tickets (in the visit's transaction)."""
    raise_needs_from_visit(visit, items, user)
