"""A believable data set of any size for the benchmarks (``manage.py generate_scale_data``).

City scale (factor 1.0) is 20 streets in two districts, 100,000 two-new organizations in a few
hundred buildings per street, 2,000 cadres, 1,000,000 visits over three years, 200,000 needs,
100,000 volunteers, 500,000 service records and 20,000 events. Every count scales with the
factor.

Rows are written in bulk with explicit primary keys (PostgreSQL: COPY through psycopg 3;
other databases: ``executemany`` in batches of 5,000). Model ``save()`` side effects are
skipped on purpose (no history rows, no timeline lines, no notifications), but every derived
field the application relies on is set consistently:

- ``Assignment.last_visited_on`` is the local date of the assignment's last visit;
- ``Need.reference`` is unique; ``due_at``/``at_risk_at`` follow the street's deadline and
  ``resolved_at``/``closed_at`` the status;
- no volunteer gets more than 24 hours on one day across service records;
- every credit code passes ``organizations.validators.normalize_credit_code``.

Each table is committed as it is written, so an interrupted run leaves the tables written so
far; run it on an empty database (``--append`` adds a new district next to existing data).
"""

from demo.scale.data import Counts, RefuseError, parse_scale
from demo.scale.generator import generate

__all__ = ["Counts", "RefuseError", "generate", "parse_scale"]
