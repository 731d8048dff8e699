"""The role-by-URL permission matrix.

Every URL name in the project must have a Case in some ``tests/<app>/matrix.py``
(a function ``cases(world)`` returning a list). ``tests/test_url_matrix.py``
fails when a URL has none, and checks each case for every role.

Statuses: 200 OK, 302 redirect (anonymous → login), 403 forbidden, 404 not in
scope (records of another street or cadre look absent), 405 method not allowed,
401 for the API without credentials.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "district", "staff_a", "staff_b", "cadre1", "cadre2", "leader", "admin"]


@dataclass
class Case:
    name: str
    expect: dict[str, int]
    kwargs: dict = field(default_factory=dict)
    method: str = "get"
    data: dict | Callable | None = None
    query: str = ""
    api: bool = False


def expect(default: int, **overrides: int) -> dict[str, int]:
    """A full role → status map: ``expect(403, staff_a=200, anonymous=302)``."""
    result = dict.fromkeys(ROLES, default)
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    result.update(overrides)
    return result


# Common shapes.
def street_page(**overrides) -> dict[str, int]:
    """A staff page about street A's records: district, staff A and admin read it."""
    return expect(403, anonymous=302, district=200, staff_a=200, staff_b=200, admin=200) | overrides


def street_api(**overrides) -> dict[str, int]:
    return expect(403, anonymous=401, district=200, staff_a=200, staff_b=200, admin=200) | overrides


def any_user_page(**overrides) -> dict[str, int]:
    return expect(200, anonymous=302) | overrides


def any_user_api(**overrides) -> dict[str, int]:
    return expect(200, anonymous=401) | overrides
