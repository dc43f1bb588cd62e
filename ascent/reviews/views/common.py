"""What every review page shares: who is looking (host or team), and the review's own navigation.

Views render through :func:`render_review` so each page gets ``review``, ``organisation``
(the host), ``viewer`` (:class:`Viewer`) and ``review_nav`` (the tabs this person may open).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from ..access import is_host_member
from ..models import Review
from ..rules import may


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a review, and what they may do on it."""

    is_host: bool  # a member of the host council (or platform staff)
    is_team: bool  # on the review's team (a grant of the review in force today)
    can_change: bool  # details, scope, team, sharing: the host's editors
    can_fieldwork: bool
    can_draft: bool  # findings and recommendations
    can_approve: bool
    can_publish: bool
    can_respond: bool
    sees_notes: bool


def viewer_of(user, review: Review) -> Viewer:
    from ascent.organisations.rules import has_grant

    return Viewer(
        is_host=is_host_member(user, review),
        is_team=has_grant(user, review),
        can_change=user.has_perm("reviews.change_review", review),
        can_fieldwork=user.has_perm("reviews.change_fieldwork", review),
        can_draft=user.has_perm("reviews.draft_findings", review),
        can_approve=user.has_perm("reviews.approve_findings", review),
        can_publish=may(user, "reviews.publish_letter", review),
        can_respond=user.has_perm("reviews.respond_to_recommendations", review),
        sees_notes=may(user, "reviews.view_team_notes", review),
    )


#: The review's tabs: (key, label, URL name). Team notes only for those who may see them.
TABS = [
    ("overview", "Overview", "reviews:detail"),
    ("scope", "Scope", "reviews:scope"),
    ("team", "Team", "reviews:team"),
    ("fieldwork", "Fieldwork", "reviews:fieldwork"),
    ("notes", "Team notes", "reviews:notes"),
    ("library", "Evidence library", "reviews:library"),
    ("findings", "Findings", "reviews:findings"),
    ("recommendations", "Recommendations", "reviews:recommendations"),
    ("letter", "Letter", "reviews:letter"),
]


def review_nav(review: Review, viewer: Viewer, current: str) -> list[dict]:
    from django.urls import NoReverseMatch

    tabs = []
    for key, label, name in TABS:
        if key == "notes" and not viewer.sees_notes:
            continue
        try:
            url = reverse(name, kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})
        except NoReverseMatch:  # a part not built yet in this checkout
            continue
        tabs.append({"key": key, "label": label, "url": url, "current": key == current})
    return tabs


def render_review(
    request, review: Review, template: str, context: dict | None = None, *, tab: str, status=200, viewer=None
):
    viewer = viewer or viewer_of(request.user, review)
    base = {
        "review": review,
        "organisation": review.organisation,
        "viewer": viewer,
        "review_nav": review_nav(review, viewer, tab),
        "tab": tab,
    }
    return render(request, template, {**base, **(context or {})}, status=status)
