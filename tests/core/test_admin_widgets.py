"""Admin forms stay light at city scale: a foreign key to a big table is an autocomplete (or a raw
id, or read-only), never a <select> of every row (200,000 needs, 100,000 organizations)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

# Tables that reach tens or hundreds of thousands of rows in a city (demo/scale/).
BIG = {
    "accounts.user",
    "crossposts.assignment",
    "crossposts.visit",
    "events.attendance",
    "events.event",
    "events.registration",
    "needs.need",
    "organizations.building",
    "members.partymember",
    "organizations.partyorganization",
    "organizations.twoneworganization",
    "volunteers.servicerecord",
    "volunteers.teammembership",
    "volunteers.volunteer",
    "volunteers.volunteerteam",
}


def _select_widgets(model, model_admin):
    inlines = [(i.model, i) for i in model_admin.inlines]
    for m, ma in [(model, model_admin), *[(im, inline(model, admin.site)) for im, inline in inlines]]:
        readonly = set(ma.readonly_fields)
        for f in m._meta.get_fields():
            if not (
                f.is_relation and (f.many_to_one or f.many_to_many) and f.editable and not f.auto_created
            ):
                continue
            if f.related_model is None or f.related_model._meta.label_lower not in BIG:
                continue
            if (ma.fields and f.name not in ma.fields) or (ma.exclude and f.name in ma.exclude):
                continue
            if f.name in ma.autocomplete_fields or f.name in ma.raw_id_fields or f.name in readonly:
                continue
            if m is not model and f.related_model is model:
                continue  # an inline's link to its parent is not a field of its form
            yield f"{m._meta.label}.{f.name} ({type(ma).__name__})"


def test_no_admin_form_lists_a_big_table_in_a_select():
    offenders = [w for model, ma in admin.site._registry.items() for w in _select_widgets(model, ma)]
    assert not offenders, offenders


@pytest.mark.django_db
def test_the_event_admin_links_the_need_it_was_made_from(world, client_for):
    from tests.events.factories import EventFactory
    from tests.factories import OrganizationFactory
    from tests.needs.factories import NeedFactory

    need = NeedFactory(organization=OrganizationFactory(street=world.street_a))
    event = EventFactory(street=world.street_a, starts_at=timezone.now())
    type(event).objects.filter(pk=event.pk).update(need=need)
    page = client_for("admin").get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert reverse("admin:needs_need_change", args=[need.pk]) in page


def test_every_versioned_records_admin_takes_a_new_version_on_save():
    from core.admin import VersionedAdminMixin
    from core.models import VersionedModel

    plain = [
        m._meta.label
        for m, ma in admin.site._registry.items()
        if issubclass(m, VersionedModel) and not isinstance(ma, VersionedAdminMixin)
    ]
    assert not plain, plain


@pytest.mark.django_db
def test_an_admin_edit_refuses_a_portal_form_opened_before_it(world, client_for):
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(street=world.street_a, name="原名称有限公司")
    url = reverse("organizations:update", args=[org.pk])
    staff = client_for("staff_a")
    form = staff.get(url).context["form"]
    stale = {k: v for k, v in form.initial.items() if v is not None and not hasattr(v, "pk")}

    # The admin renames it (the admin's own save path, as its change form would call it).
    model_admin = admin.site._registry[type(org)]
    fresh = type(org).objects.get(pk=org.pk)
    fresh.name = "管理员改的名称有限公司"
    request = type("Request", (), {"user": world.admin})()
    model_admin.save_model(request, fresh, form=None, change=True)
    fresh.refresh_from_db()
    assert fresh.version == org.version + 1
    assert fresh.history.first().history_user == world.admin

    data = {
        **{name: stale.get(name, "") for name in form.fields},
        "name": "员工改的名称有限公司",
        "street": world.street_a.pk,
        "version": org.version,
    }
    response = staff.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200  # the form again, with the conflict
    assert "他人已保存" in " ".join(response.context["form"].non_field_errors())
    assert type(org).objects.get(pk=org.pk).name == "管理员改的名称有限公司"
