"""What each app adds to the service, declared once on its AppConfig.

An app sets ``registration = Registration(...)`` on its ``AppConfig`` to say:

- which **navigation section** it owns (label, URL name, order, the pages that belong to it,
  and the permission a person needs to see the link), or which existing section its pages
  belong to (``section_pages``);
- which **panels** it adds to an organisation's Overview page (dotted paths to callables
  ``panel(request, organisation)`` returning ``{"template": ..., **context}`` or ``None``);
- which **import schemas** the tabular import can load (kind → dotted path of the schema);
- where its open **assurance flags** come from (``flag_sources``, read by ascent.assurance);
- which blocks it adds to the page of one framework element (``element_panels``), and which
  links it adds to a region's page (``region_links``);
- how many improvement plan actions follow each review recommendation
  (``recommendation_action_counts``, read by the reviews' assurance checks), and which rows
  it adds to each recommendation on a review's Recommendations page (``recommendation_rows``:
  the actions that answer it);
- where the home page sends a person who belongs to no organisation (``home_pages``: a
  peer reviewer from outside the service lands on the reviews they sit on).

Core and organisations read these through ``django.apps.apps.get_app_configs()``, so a lower
app never imports a higher one, and adding an app means editing the app itself, not seven
files elsewhere. See docs/dev/adding-a-domain-app.md.

A section declared with ``planned=True`` is a placeholder ("not available yet"); when an app
declares a real section with the same key, the real one replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Section:
    """A link in the service navigation, to a page of the current organisation."""

    key: str
    label: str
    url_name: str  # reversed with the organisation's gss_code
    order: int
    #: URL names whose pages are in this section; "namespace:" stands for every name in it.
    pages: tuple[str, ...] = ()
    #: A permission checked against the organisation; None shows the link to every member.
    permission: str | None = None
    planned: bool = False


@dataclass(frozen=True)
class Panel:
    """A panel on the Overview page: ``path`` names ``panel(request, organisation)``."""

    path: str
    order: int


@dataclass(frozen=True)
class ElementPanel:
    """A block on the page of one framework element in one council (the evidence chain).

    ``path`` names ``panel(request, organisation, element)`` returning
    ``{"template": ..., **context}`` or ``None`` (nothing to show, or no permission). Each
    app adds what it holds about the topic: ratings, indicators, findings, recommendations,
    actions, risks.
    """

    path: str
    order: int


@dataclass(frozen=True)
class RegionLink:
    """A link on a region's page to a page about the region (reversed with the region's code)."""

    label: str
    url_name: str
    order: int


@dataclass(frozen=True)
class Registration:
    sections: Sequence[Section] = ()
    #: Section key → more URL names (or "namespace:") of this app that belong to that section.
    section_pages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    overview_panels: Sequence[Panel] = ()
    import_schemas: Mapping[str, str] = field(default_factory=dict)
    #: Dotted paths of ``open_flags(organisation) -> list[Flag]``: the app's open assurance
    #: flags, for the Challenges page and the Overview (see ascent.assurance.registry).
    flag_sources: Sequence[str] = ()
    element_panels: Sequence[ElementPanel] = ()
    #: Blocks on an evidence file's page: dotted paths of ``panel(request, organisation, evidence)``
    #: returning ``{"template": ..., **context}`` or None (what the file backs, in each app).
    evidence_panels: Sequence[Panel] = ()
    region_links: Sequence[RegionLink] = ()
    #: Dotted paths of ``counts(recommendation_uids) -> dict[uuid, int]``: how many of the
    #: app's actions follow each review recommendation (by ``Recommendation.uid``). The
    #: reviews' "no actions" check adds them up; the improvement plan app supplies one.
    recommendation_action_counts: Sequence[str] = ()
    #: Rows on each recommendation's card on a review's Recommendations page: dotted paths of
    #: ``rows(request, organisation, review, recommendations) -> dict[recommendation pk, row]``,
    #: a row being ``{"key": ..., "template": ..., **context}``. One call for the whole page, so
    #: an app reads what it adds in one query; a recommendation it has nothing on, or a person
    #: who may not see it, gets no row.
    recommendation_rows: Sequence[str] = ()
    #: Where the home page sends a signed-in person who belongs to no organisation: dotted
    #: paths of ``home_page(request) -> str | None`` (a URL, or None when the app has nothing
    #: for them). The first that answers wins, in INSTALLED_APPS order.
    home_pages: Sequence[str] = ()


def registrations() -> list[tuple[str, Registration]]:
    """(app label, registration) for every installed app that declares one, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        registration = getattr(config, "registration", None)
        if isinstance(registration, Registration):
            found.append((config.label, registration))
    return found


def navigation() -> list[Section]:
    """The service navigation in order, each section with every page that belongs to it."""
    real: dict[str, Section] = {}
    planned: dict[str, Section] = {}
    extra_pages: dict[str, list[str]] = {}
    for label, registration in registrations():
        for section in registration.sections:
            bucket = planned if section.planned else real
            if section.key in bucket:
                raise ImproperlyConfigured(
                    f"The navigation section {section.key!r} is declared twice (again by {label})"
                )
            bucket[section.key] = section
        for key, pages in registration.section_pages.items():
            extra_pages.setdefault(key, []).extend(pages)
    sections = {**planned, **real}  # a real section replaces the placeholder with its key
    unknown = sorted(set(extra_pages) - set(sections))
    if unknown:
        raise ImproperlyConfigured(f"Pages are declared for navigation sections nobody declares: {', '.join(unknown)}")
    resolved = [
        replace(section, pages=(*section.pages, *extra_pages.get(key, ()))) for key, section in sections.items()
    ]
    return sorted(resolved, key=lambda section: (section.order, section.label))


def planned_sections() -> list[str]:
    """Keys of the placeholder sections no app has replaced yet, in navigation order."""
    return [section.key for section in navigation() if section.planned]


def overview_panels() -> list[str]:
    """Dotted paths of the Overview panels, in order."""
    panels = [panel for _, registration in registrations() for panel in registration.overview_panels]
    return [panel.path for panel in sorted(panels, key=lambda panel: (panel.order, panel.path))]


def element_panels() -> list[str]:
    """Dotted paths of the blocks on a framework element's page, in order."""
    panels = [panel for _, registration in registrations() for panel in registration.element_panels]
    return [panel.path for panel in sorted(panels, key=lambda panel: (panel.order, panel.path))]


def evidence_panels() -> list[str]:
    """Dotted paths of the blocks on an evidence file's page, in order."""
    panels = [panel for _, registration in registrations() for panel in registration.evidence_panels]
    return [panel.path for panel in sorted(panels, key=lambda panel: (panel.order, panel.path))]


def region_links() -> list[RegionLink]:
    """Links on a region's page, in order."""
    links = [link for _, registration in registrations() for link in registration.region_links]
    return sorted(links, key=lambda link: (link.order, link.label))


def flag_sources() -> list[str]:
    """Dotted paths of every app's ``open_flags(organisation)``, in INSTALLED_APPS order."""
    return [path for _, registration in registrations() for path in registration.flag_sources]


def recommendation_rows() -> list[str]:
    """Dotted paths of every app's ``rows(request, organisation, review, recommendations)``."""
    return [path for _, registration in registrations() for path in registration.recommendation_rows]


def home_pages() -> list[str]:
    """Dotted paths of every app's ``home_page(request)``, in INSTALLED_APPS order."""
    return [path for _, registration in registrations() for path in registration.home_pages]


def import_schemas() -> dict[str, str]:
    """What the tabular import can load: kind → dotted path of its schema class."""
    schemas: dict[str, str] = {}
    for label, registration in registrations():
        for kind, path in registration.import_schemas.items():
            if kind in schemas:
                raise ImproperlyConfigured(f"The import kind {kind!r} is declared twice (again by {label})")
            schemas[kind] = path
    return schemas


def recommendation_action_counts() -> list[str]:
    """Dotted paths of every app's ``counts(recommendation_uids)``, in INSTALLED_APPS order."""
    return [path for _, registration in registrations() for path in registration.recommendation_action_counts]
