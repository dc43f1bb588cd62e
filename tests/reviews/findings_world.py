"""A small world for the findings and recommendations tests: a Harrow review, its team and scope.

``make_review`` makes a review in fieldwork; ``seat`` puts a person on its team with an edit
grant (``lead=True`` for the lead, who approves); ``scope`` adds scope items in order.
"""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.reviews.models import (
    Finding,
    FindingKind,
    LibraryItem,
    Recommendation,
    Review,
    ScopeItem,
    Stage,
    TeamMember,
    TeamRole,
)
from tests.factories import UserFactory


def make_review(organisation, *, stage=Stage.FIELDWORK, title="Harrow peer challenge", **fields) -> Review:
    today = timezone.localdate()
    return Review.objects.create(
        organisation=organisation,
        title=title,
        stage=stage,
        on_site_from=today,
        on_site_to=today + dt.timedelta(days=2),
        team_access_ends_on=today + dt.timedelta(days=180),
        **fields,
    )


def seat(review: Review, user=None, *, lead=False, by=None, name=None) -> TeamMember:
    """``user`` (a new peer when None) on the review's team with an edit grant."""
    user = user or UserFactory()
    today = timezone.localdate()
    grant = AccessGrant.objects.create(
        user=user,
        record=review,
        level=AccessGrant.Level.EDIT,
        starts_on=today,
        ends_on=review.team_access_ends_on or today + dt.timedelta(days=180),
        granted_by=by,
        reason=f"Team of {review}",
    )
    return TeamMember.objects.create(
        review=review,
        name=name or user.get_full_name() or user.email,
        role=TeamRole.LEAD_DIRECTOR if lead else TeamRole.OFFICER_PEER,
        is_lead=lead,
        user=user,
        grant=grant,
        email=user.email,
    )


def scope(review: Review, *texts: str, kind=ScopeItem.ItemKind.QUESTION) -> list[ScopeItem]:
    return [
        ScopeItem.objects.create(review=review, position=position, kind=kind, text=text)
        for position, text in enumerate(texts)
    ]


def finding(review: Review, text="People are listened to", *, kind=FindingKind.STRENGTH, **fields) -> Finding:
    return Finding.objects.create(review=review, kind=kind, text=text, **fields)


def recommendation(review: Review, text: str, *, position: int, number=None, **fields) -> Recommendation:
    return Recommendation.objects.create(
        review=review, text=text, position=position, number=number, is_numbered=number is not None, **fields
    )


def library_item(review: Review, evidence) -> LibraryItem:
    return LibraryItem.objects.create(review=review, evidence=evidence)


def url(name: str, review: Review, **kwargs) -> str:
    return reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk, **kwargs})


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def summary_errors(response) -> dict[str, str]:
    """{link target: message} of the page's error summary."""
    return {
        link["href"].lstrip("#"): link.get_text(strip=True)
        for link in soup(response).select(".govuk-error-summary__list a")
    }
