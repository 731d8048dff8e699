"""What organizations tells the apps above it, so that it never imports them."""

from django.dispatch import Signal

# Sent inside the save's transaction when a two-new organization moves to another street
# (sender: the model; instance, old_street_id). Records that keep their organization's street
# (crossposts' visits and assignments) follow it.
street_changed = Signal()
