"""System checks: what apps declare on their AppConfig must hold together before the service starts.

Without them, a section with a mistyped URL name would break the navigation on every page,
and a mistyped panel or schema path would only fail when someone opened the page.
"""

from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from . import registry


@register()
def check_registrations(app_configs=None, **kwargs) -> list[Error]:
    try:
        sections = registry.navigation()
        paths = [
            *registry.overview_panels(),
            *registry.import_schemas().values(),
            *registry.element_panels(),
            *registry.evidence_panels(),
            *registry.flag_sources(),
            *registry.recommendation_action_counts(),
            *registry.recommendation_rows(),
            *registry.home_pages(),
        ]
    except ImproperlyConfigured as error:
        return [Error(str(error), id="ascent.E001")]
    errors = []
    for section in sections:
        try:
            reverse(section.url_name, kwargs={"gss_code": "E09000015"})
        except NoReverseMatch:
            errors.append(
                Error(
                    f"The navigation section {section.key!r} links to {section.url_name!r}, which is not a URL "
                    "taking a gss_code.",
                    id="ascent.E002",
                )
            )
    for link in registry.region_links():
        try:
            reverse(link.url_name, kwargs={"code": "E12000007"})
        except NoReverseMatch:
            errors.append(
                Error(
                    f"The region link {link.label!r} points at {link.url_name!r}, which is not a URL taking a "
                    "region code.",
                    id="ascent.E002",
                )
            )
    for path in paths:
        try:
            import_string(path)
        except ImportError as error:
            errors.append(
                Error(f"{path} is declared on an AppConfig but cannot be imported ({error}).", id="ascent.E003")
            )
    return errors
