"""Form widgets for long lists of places."""

from django import forms
from django.utils.html import format_html, format_html_join


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
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)  # option groups: the templates
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (
                    option["value"] if option["value"] is not None else "",
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), options
        )
