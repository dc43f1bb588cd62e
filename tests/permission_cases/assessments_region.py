"""Matrix rows for an element's page (members of A) and the regional view (the region's lead)."""

from __future__ import annotations

from django.utils import timezone

from .base import LEADS_OF_REGION, MEMBERS_OF_A, Case, a

MARKER = "Harrow private narrative for the region"


def extend_world(world: dict) -> None:
    from ascent.assessments.models import ElementRating, SelfAssessment, Status
    from ascent.core.periods import parse_period
    from ascent.frameworks.models import Element, Framework

    framework = Framework.objects.create(
        organisation=world["harrow"],
        slug="harrow-kloe",
        name="Harrow key lines of enquiry",
        version="1",
        rating_scale=[{"value": "good", "label": "Good", "score": 2, "favourable": True, "colour": "green"}],
    )
    element = Element.objects.create(
        framework=framework, key="front-door", kind="Area", title="Front door", is_rated=True
    )
    shared = SelfAssessment(
        organisation=world["harrow"],
        framework=framework,
        status=Status.SIGNED_OFF,
        signed_off_at=timezone.now(),
        shared_at=timezone.now(),
        version=7,
    )
    shared.set_period(parse_period("2015-16"))
    shared.save()
    ElementRating.objects.create(assessment=shared, element=element, rating="good", narrative=MARKER)
    world["region_element"] = element
    world["shared_assessment"] = shared


def region(world) -> dict:
    return {"code": world["harrow"].region.code}


CASES: dict[str, Case] = {
    "assessments:element": Case(get=MEMBERS_OF_A, kwargs=lambda w: {**a(w), "element_id": w["region_element"].pk}),
    "assessments:regional": Case(get=LEADS_OF_REGION, kwargs=region),
    "assessments:regional-shared": Case(
        get=LEADS_OF_REGION, kwargs=lambda w: {**region(w), "pk": w["shared_assessment"].pk}
    ),
}

# The narrative is private to Harrow's members, and to London's lead once shared: the
# outsider and the grantee must never see it.
A_MARKERS = [MARKER]
