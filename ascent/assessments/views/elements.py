"""Self-assessment pages: one framework element in one council (the evidence chain).

The page gathers everything the service holds about one topic in one council: what the
framework asks, what the element also counts towards in other frameworks, and the blocks
apps declare as ``element_panels`` (ratings in each version and their evidence and flags,
the indicators tagged with it; later the findings, recommendations, actions and risks).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from ascent.core.registry import element_panels
from ascent.frameworks.models import Element
from ascent.organisations.access import fetch, get_organisation_for_user

VIEW_PERM = "organisations.view_organisation"
VIEW_PERM_ELEMENT = "frameworks.view_element"


def _also_counts_towards(element, organisation) -> list:
    try:
        from ascent.frameworks.crosswalk import also_counts_towards
    except ImportError:  # the crosswalk arrives with the shipped frameworks
        return []
    return also_counts_towards([element], organisation).get(element.pk, [])


@require_GET
def element(request: HttpRequest, gss_code: str, element_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    found = fetch(
        Element,
        request.user,
        perm=VIEW_PERM_ELEMENT,
        organisation=organisation,
        select_related=("framework", "parent"),
        pk=element_id,
    )
    panels = []
    for panel_path in element_panels():
        panel = import_string(panel_path)(request, organisation, found)
        if panel:
            panels.append(panel)
    ancestors = []
    parent = found.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    return render(
        request,
        "assessments/element.html",
        {
            "organisation": organisation,
            "element": found,
            "ancestors": ancestors,
            "also": _also_counts_towards(found, organisation),
            "panels": panels,
        },
    )


urls = [
    path("orgs/<gss:gss_code>/self-assessment/elements/<int:element_id>/", element, name="element"),
]
