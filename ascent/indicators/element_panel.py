"""The indicators tagged with one framework element, on that element's page in one council.

Declared on the app's AppConfig (``element_panels``): the element page (in assessments)
imports nothing from here. Tags are read across versions of the element's framework (by the
element's key), shipped tags and the council's own.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Indicator, IndicatorElement

VIEW_PERM = "indicators.view_performance"


def tagged_indicators(organisation, element) -> list[Indicator]:
    framework = element.framework
    tags = IndicatorElement.objects.in_organisation(organisation).filter(
        element__key=element.key,
        element__framework__slug=framework.slug,
        element__framework__organisation=framework.organisation_id,
    )
    return list(
        Indicator.objects.in_organisation(organisation)
        .filter(Q(pk__in=tags.values("indicator_id")), is_active=True)
        .order_by("sort_order", "code")
    )


def element_indicators_panel(request, organisation, element) -> dict | None:
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    indicators = tagged_indicators(organisation, element)
    from .evidence import indicator_evidence

    evidence = indicator_evidence(organisation, indicators) if indicators else {}
    return {
        "template": "indicators/_element_panel.html",
        "organisation": organisation,
        "element": element,
        "rows": [evidence[indicator.pk] for indicator in indicators if indicator.pk in evidence],
    }
