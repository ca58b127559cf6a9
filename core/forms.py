from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class BootstrapFormMixin:
    """Gives every widget the Bootstrap class it needs, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PlainSelect(forms.Select):
    """A ``Select`` written in Python instead of through the form renderer's templates.

    Django renders a select by including a template for each option (and one for each
    option's attributes): about 2 ms for a select of a few options, which on a list page's
    filters is as much as the rest of the page. This writes the same markup (each value,
    label and attribute escaped) from the same ``get_context``: the choices, the selected
    option and the optgroups are Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"', widget["name"]),
            _attributes(widget["attrs"]),
            ">",
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_attributes(option["attrs"]))
                parts.append(format_html(">{}</option>", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above

    @classmethod
    def like(cls, widget):
        """A ``PlainSelect`` with ``widget``'s attributes, choices and flags."""
        plain = cls(attrs=widget.attrs, choices=widget.choices)
        plain.is_required = widget.is_required
        plain.is_localized = widget.is_localized
        return plain


def _attributes(attrs):
    """An element's attributes as Django's ``attrs.html`` writes them: ``True`` as the bare
    name, ``False`` left out, anything else as ``name="value"``, escaped."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )
