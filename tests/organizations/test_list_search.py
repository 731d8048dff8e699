"""The ledger list at scale: no SELECT DISTINCT for plain filters; substring search via pg_trgm."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import TwoNewOrganization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_multiple_choice_filters_and_search_need_no_distinct(client_for, world):
    hit = OrganizationFactory(
        street=world.street_a, name="上海虹桥科技有限公司", coverage="none", kind="economic"
    )
    OrganizationFactory(street=world.street_a, name="上海虹桥咨询有限公司", coverage="none", kind="economic")
    client = client_for("staff_a")
    params = {"coverage": ["none", "mass"], "kind": "economic", "status": "active", "q": "科技"}
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("organizations:list"), params)
    assert list(response.context["organizations"]) == [hit]
    ledger = [q["sql"] for q in ctx.captured_queries if "organizations_twoneworganization" in q["sql"]]
    assert ledger and not any("DISTINCT" in sql.upper() for sql in ledger)


def test_search_by_name_part_or_credit_code_start(client_for, world):
    hit = OrganizationFactory(street=world.street_a, name="上海德勤华永会计师事务所")
    OrganizationFactory(street=world.street_a, name="上海普华永道")
    client = client_for("staff_a")

    def found(q):
        return [o.pk for o in client.get(reverse("organizations:list"), {"q": q}).context["organizations"]]

    assert found("德勤华永") == [hit.pk]
    assert found(hit.credit_code.lower()) == [hit.pk]
    assert len(found("  ")) == 2  # blank: no search


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm GIN indexes exist on PostgreSQL only")
def test_trigram_indexes_serve_the_search_expressions(world):
    """The planner can answer Django's own icontains/istartswith SQL from the GIN indexes."""
    OrganizationFactory.create_batch(3, street=world.street_a)
    qs = TwoNewOrganization.objects.filter(name__icontains="会计师事务") | TwoNewOrganization.objects.filter(
        credit_code__istartswith="91310"
    )
    sql, params = qs.only("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "org_name_trgm" in plan and "org_credit_code_trgm" in plan, plan
