"""What self-assessment adds to other pages: the Overview panel and blocks of an element's page.

Declared on the app's AppConfig (``overview_panels`` and ``element_panels``), so the pages
that show them import nothing from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from ascent.assurance.registry import counts
from ascent.frameworks.models import Element, ScaleLevel

from .flags import flags_of
from .models import ElementRating, RatingEvidence, SelfAssessment, Status

VIEW_PERM = "organisations.view_organisation"
#: How many of the council's latest self-assessments the Overview lists.
OVERVIEW_LIMIT = 5


@dataclass
class RatedElement:
    element: Element
    level: ScaleLevel | None

    @property
    def label(self) -> str:
        return self.level.label if self.level else "Not rated"

    @property
    def tag_class(self) -> str:
        return self.level.tag_class if self.level else "govuk-tag govuk-tag--grey"


def _open_flags(request, organisation) -> list:
    """The council's open challenges to its self-assessments' ratings: the other apps' flags
    (reviews, plans) have their own panels and are not "ratings the evidence does not support"."""
    from ascent.assurance.registry import open_flags_for

    from .checks import APP

    return [flag for flag in open_flags_for(request, organisation) if flag.check.app == APP]


def _featured(current, latest: list[SelfAssessment]) -> SelfAssessment | None:
    """The version the panel shows ratings of: the newest signed-off one, else the newest."""
    signed_off = [assessment for assessment in latest if assessment.status == Status.SIGNED_OFF]
    if signed_off:
        return signed_off[0]
    older = current.filter(status=Status.SIGNED_OFF).first() if len(latest) == OVERVIEW_LIMIT else None
    return older or (latest[0] if latest else None)


def self_assessment_panel(request, organisation) -> dict | None:
    """The council's latest self-assessments, the ratings of the one that counts, and open challenges."""
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    current = (
        SelfAssessment.objects.in_organisation(organisation)
        .latest_versions()
        .select_related("framework")
        .order_by("-period_start", "framework__name")
    )
    latest = list(current[: OVERVIEW_LIMIT + 1])
    more = len(latest) > OVERVIEW_LIMIT
    latest = latest[:OVERVIEW_LIMIT]
    total = current.count() if more else len(latest)
    featured = _featured(current, latest)
    flags = _open_flags(request, organisation)
    tally = counts(flags)
    rated: list[RatedElement] = []
    estimate = None
    if featured is not None:
        ratings = list(ElementRating.objects.filter(assessment=featured))
        by_element = {rating.element_id: rating.rating for rating in ratings}
        for element in Element.objects.filter(framework=featured.framework_id, is_rated=True).order_by("sort_order"):
            value = by_element.get(element.pk, "")
            rated.append(RatedElement(element, featured.framework.level(value) if value else None))
        from .workflow import cqc_estimate

        estimate = cqc_estimate(featured, ratings)
    return {
        "template": "assessments/_overview_panel.html",
        "organisation": organisation,
        "latest": latest,
        "total": total,
        "more": more,
        "featured": featured,
        "estimate": estimate,
        "rated": rated,
        "open_flags": tally["open"],
        "after_sign_off_flags": tally["after_sign_off"],
        "justified_flags": tally["justified"],
    }


# --- Blocks of the page of one framework element in one council -------------------------------


def same_element(organisation, element: Element):
    """This element in every version of its framework that the council can use (matched by key)."""
    framework = element.framework
    return Element.objects.filter(
        key=element.key,
        framework__slug=framework.slug,
        framework__organisation=framework.organisation_id,
    )


def element_ratings_panel(request, organisation, element: Element) -> dict | None:
    """The council's rating of this element in each version of each self-assessment, newest first."""
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    ratings = list(
        ElementRating.objects.in_organisation(organisation)
        .filter(element__in=same_element(organisation, element))
        .select_related("assessment__framework", "owner", "element")
        .order_by("-assessment__period_start", "-assessment__version")
    )
    rows = [
        {
            "rating": rating,
            "assessment": rating.assessment,
            "level": rating.assessment.framework.level(rating.rating) if rating.rating else None,
            "url": reverse(
                "assessments:rating",
                kwargs={
                    "gss_code": organisation.gss_code,
                    "assessment_id": rating.assessment_id,
                    "element_id": rating.element_id,
                },
            ),
        }
        for rating in ratings
    ]
    # The challenges on the current (latest) version of each self-assessment that rates it.
    assessments = {rating.assessment_id: rating.assessment for rating in ratings}
    latest = set(
        SelfAssessment.objects.in_organisation(organisation)
        .latest_versions()
        .filter(pk__in=list(assessments))
        .values_list("pk", flat=True)
    )
    element_ids = {rating.element_id for rating in ratings}
    current = [assessments[pk] for pk in assessments if pk in latest]
    flags = [flag for flag in flags_of(current, organisation) if flag.element_id in element_ids] if current else []
    evidence = {}
    for link in (
        RatingEvidence.objects.in_organisation(organisation)
        .filter(rating__in=[r.pk for r in ratings])
        .select_related("evidence")
    ):
        evidence[link.evidence_id] = link.evidence
    return {
        "template": "assessments/_element_ratings.html",
        "organisation": organisation,
        "element": element,
        "rows": rows,
        "flags": flags,
        "evidence": sorted(evidence.values(), key=lambda f: f.evidence_date, reverse=True),
    }


# --- A block of an evidence file's page ------------------------------------------------------


def evidence_ratings_panel(request, organisation, evidence) -> dict | None:
    """The ratings an evidence file backs, and what each element also counts towards."""
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None  # a person granted the one file sees the file, not the council's ratings
    from ascent.frameworks.crosswalk import also_counts_towards

    links = list(
        RatingEvidence.objects.in_organisation(organisation)
        .filter(evidence=evidence)
        .select_related("rating__element", "rating__assessment__framework")
        .order_by("-rating__assessment__period_start", "rating__element__sort_order")
    )
    elements = [link.rating.element for link in links]
    also = also_counts_towards(elements, organisation) if elements else {}
    rows = [
        {
            "rating": link.rating,
            "assessment": link.rating.assessment,
            "element": link.rating.element,
            "level": link.rating.assessment.framework.level(link.rating.rating) if link.rating.rating else None,
            "also": also.get(link.rating.element_id, []),
        }
        for link in links
    ]
    return {"template": "assessments/_evidence_ratings.html", "organisation": organisation, "rows": rows}
