"""Template tags for GOV.UK Design System markup."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ascent.core.dates import govuk_date, govuk_date_range, govuk_datetime, govuk_time
from ascent.core.forms import widget_kind

register = template.Library()

WIDGET_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "input": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "file": "govuk-file-upload--error",
}


@register.filter
def govuk_kind(field) -> str:
    return widget_kind(field.field.widget)


@register.filter
def govuk_error_anchor(field) -> str:
    """The id an error summary links to for ``field``: its input, or its first option.

    A radio or checkbox group with no options (a group form when there are no indicators to
    choose) has no first option, so the link goes to its error message, which is on the page.
    """
    if widget_kind(field.field.widget) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0" if list(field.field.choices) else f"{field.auto_id}-error"
    return field.id_for_label


def character_limit(field) -> int | None:
    """The limit a GOV.UK character count shows, for a field marked ``character_count = True``."""
    if getattr(field.field, "character_count", False):
        return getattr(field.field, "max_length", None)
    return None


def described_by(field) -> str:
    ids = []
    if character_limit(field):
        ids.append(f"{field.auto_id}-info")
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def govuk_character_count(field) -> int | None:
    """The field's character limit when it shows a GOV.UK character count, else None."""
    return character_limit(field)


@register.filter
def govuk_describedby(field) -> str:
    return described_by(field)


@register.simple_tag
def govuk_widget(field, extra_class: str = ""):
    """Render a single-input widget with GOV.UK classes and aria-describedby."""
    kind = widget_kind(field.field.widget)
    attrs = dict(field.field.widget.attrs)
    classes = [WIDGET_CLASSES.get(kind, ""), attrs.get("class", ""), extra_class]
    if character_limit(field):
        classes.append("govuk-js-character-count")
    if field.errors:
        classes.append(ERROR_CLASSES.get(kind, ""))
    attrs["class"] = " ".join(c for c in classes if c).strip()
    describedby = described_by(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("govuk/tag.html")
def govuk_tag(text: str, colour: str = ""):
    return {"text": text, "colour": colour}


@register.simple_tag
def govuk_error_id(field) -> str:
    return format_html("{}", f"{field.auto_id}-error")


@register.filter
def govuk_page_items(page) -> list:
    """The page numbers a GOV.UK pagination lists: the first and last, the current page and its
    neighbours, and ``Paginator.ELLIPSIS`` for the gaps ("1 … 4 5 6 … 10")."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


# ----- dates and times, as GOV.UK writes them (ascent.core.dates) ---------------------------


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter(name="govuk_date")
def govuk_date_text(value, style: str = "") -> str:
    """``{{ when|govuk_date }}`` "6 December 2026"; ``|govuk_date:"short"`` "6 Dec 2026"."""
    if not isinstance(value, dt.date):
        return ""
    return govuk_date(_local(value), short=style == "short")


@register.filter(name="govuk_date_range")
def govuk_date_range_text(start, end) -> str:
    """``{{ start|govuk_date_range:end }}`` "6 to 8 December 2026"; one day alone "6 December 2026"."""
    start = _local(start) if isinstance(start, dt.date) else None
    end = _local(end) if isinstance(end, dt.date) else None
    if isinstance(start, dt.datetime):
        start = start.date()
    if isinstance(end, dt.datetime):
        end = end.date()
    return govuk_date_range(start, end)


@register.filter(name="govuk_datetime")
def govuk_datetime_text(value, style: str = "") -> str:
    """``{{ when|govuk_datetime }}`` "6 December 2026 at 9:05pm" (in UK time); "short" for tables."""
    if not isinstance(value, dt.datetime):
        return govuk_date_text(value, style)
    return govuk_datetime(_local(value), short=style == "short")


@register.filter(name="govuk_time")
def govuk_time_text(value) -> str:
    """``{{ when|govuk_time }}`` "9:05pm", "9am", "midday" (in UK time)."""
    if not isinstance(value, dt.datetime | dt.time):
        return ""
    return govuk_time(_local(value))
