"""GOV.UK Design System markup for Django forms.

Django's template-based form rendering does the work: every form rendered with ``{{ form }}``
or ``{{ field.as_field_group }}`` goes through the templates in ``core/templates/govuk/forms/``,
which produce GOV.UK form groups, labels, hints, error messages (linked to the input with
``aria-describedby``) and fieldsets for radios and checkboxes. The error summary is a separate
include so pages can put it at the top of the main column, as the Design System asks.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


def widget_kind(widget: forms.Widget) -> str:
    """A short name for the GOV.UK component that renders this widget."""
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"
