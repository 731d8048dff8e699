"""PlainSelect writes the same <select> as Django's template-rendered Select."""

import re

import pytest
from django import forms
from django.urls import reverse

from organizations.models import Building
from organizations.widgets import PlainSelect
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "first", "none"])
def test_same_html_as_djangos_select(world, value):
    first = BuildingFactory(street=world.street_a, name='东银中心 "A" <座>')
    BuildingFactory(street=world.street_a, name="远东国际广场")
    selected = {"first": first.pk, "none": None}.get(value)

    class Form(forms.Form):
        plain = forms.ModelChoiceField(Building.objects.order_by("pk"), required=False, widget=PlainSelect)
        template = forms.ModelChoiceField(Building.objects.order_by("pk"), required=False)

    form = Form(initial={"plain": selected, "template": selected})
    plain = _tags(str(form["plain"])).replace('name="plain" id="id_plain"', "NAME")
    template = _tags(str(form["template"])).replace('name="template" id="id_template"', "NAME")
    assert plain == template
    assert "&lt;座&gt;" in plain and "&quot;A&quot;" in plain


def test_list_filter_keeps_the_chosen_building(world, client_for):
    building = BuildingFactory(street=world.street_a, name="东银中心")
    body = (
        client_for("staff_a").get(reverse("organizations:list"), {"building": building.pk}).content.decode()
    )
    assert f'<option value="{building.pk}" selected>东银中心</option>' in body
    body = client_for("staff_a").get(reverse("crossposts:index"), {"building": building.pk}).content.decode()
    assert f'<option value="{building.pk}" selected>东银中心</option>' in body
