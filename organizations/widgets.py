"""Form widgets for long lists of places."""

import html

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _escape(text) -> str:
    """conditional_escape's result for the plain str and int of option values and labels."""
    if hasattr(text, "__html__"):
        return conditional_escape(text)
    return html.escape(str(text))


def _attrs(attrs) -> str:
    """The attributes as Django's attrs.html writes them (True: bare name, False: left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class PlainSelect(forms.Select):
    """The same <select> as forms.Select, written in Python instead of one template per option.

    A street's building filter has about 300 options: rendering each through the option template
    was the largest part of the ledger and visit list pages' CPU time at city scale.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: the templates
        # Widget.get_context (name, value, attrs) without ChoiceWidget's optgroups: one dict per
        # option was most of the time left once the choices came from the cache.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen = set(widget["value"])
        has_selected = False
        parts = []
        # Same rule as ChoiceWidget.optgroups: a single select marks only the first match.
        # html.escape directly: conditional_escape's lazy-string wrapper cost more than the rest.
        for option_value, label in choices:
            if option_value is None:
                option_value = ""
            selected = (not has_selected or self.allow_multiple_selected) and str(option_value) in chosen
            has_selected |= selected
            parts.append(
                f'\n  <option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                f"{_escape(label)}</option>"
            )
        options = mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), options
        )
