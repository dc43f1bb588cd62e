"""GOV.UK Design System markup for Django forms.

Django's template-based form rendering does the work: every form rendered with ``{{ form }}``
or ``{{ field.as_field_group }}`` goes through the templates in ``core/templates/govuk/forms/``,
which produce GOV.UK form groups, labels, hints, error messages (linked to the input with
``aria-describedby``) and fieldsets for radios and checkboxes. The error summary is a separate
include so pages can put it at the top of the main column, as the Design System asks.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.renderers import TemplatesSetting

from .periods import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE


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


class CountedCharField(forms.CharField):
    """Text with a limit, shown with the GOV.UK character count (``govuk/forms/field.html``).

    The count tells people how many characters they have left and lets them type past the
    limit and then trim, as the Design System asks, so no ``maxlength`` attribute is set: the
    limit is checked when the form is sent.
    """

    character_count = True

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class BoundedDateField(forms.DateField):
    """A date the service can work with, or a form error naming the range.

    Python's dates end on 31/12/9999, so a filter that adds a day to the last date a person
    typed would overflow: every date field a person types into keeps within the range the
    periods support (``ascent.core.periods``), which leaves room either side.
    """

    def __init__(self, *, earliest: date = FIRST_SUPPORTED_DATE, latest: date = LAST_SUPPORTED_DATE, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        label = self.label or "The date"
        if value < self.earliest:
            raise forms.ValidationError(f"{label} must be on or after {_day(self.earliest)}", code="too_early")
        if value > self.latest:
            raise forms.ValidationError(f"{label} must be on or before {_day(self.latest)}", code="too_late")


def _day(value: date) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def add_action_errors(form: forms.Form, error) -> None:
    """Put an action's refusal (a ``ValidationError``) beside the field it names, or at the top of the form.

    Actions refuse with ``ValidationError({"field": "message"})``; a field the form does not
    have (or a message with no field) goes to the form's own errors, which the error summary
    shows first.
    """
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


def show_refusal(request, error) -> None:
    """Each message of an action's refusal as an error banner on the next page."""
    from django.contrib import messages

    for message in error.messages:
        messages.error(request, message)
