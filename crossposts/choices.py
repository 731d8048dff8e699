"""The cached filter select of cadres (see core.choices)."""

from core.choices import ChoiceSource


def _not_a_login(user, created, update_fields):
    return not (update_fields and set(update_fields) <= {"last_login"})


def _moved_street(organization, created, update_fields):
    # Only a change of street moves its assignments to another scope.
    loaded = getattr(organization, "_loaded_street_id", None)
    return not created and loaded != organization.street_id


# User.__str__: name or username. The cadre list follows assignments, whose scope is the street
# of their organization, so an organization that changes street bumps it too.
PEOPLE = ChoiceSource(
    ("pk", "name", "username"),
    {
        "accounts.user": _not_a_login,
        "crossposts.assignment": None,
        "organizations.street": None,
        "organizations.twoneworganization": _moved_street,
    },
    label=lambda row: row[1] or row[2],
)
