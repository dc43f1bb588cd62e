"""How a view reaches a review and its records: the one place that decides, for host and team alike.

A review lives under its host's address, ``/orgs/<host GSS code>/reviews/<id>/``. The host's
members reach it by their membership; a team member from another council reaches it through
their grant of that one review, and every other page of the host stays a 404 to them
(``get_organisation_for_user`` never looks at grants). So review pages do not call
``get_organisation_for_user``: they call :func:`get_review`, which lets either in, and reach
the review's records with :func:`get_record` (only that review's rows).

Anything the team sees of the host beyond the review itself (library files, the shared
self-assessment, shared indicators) is reached through the review and only if the host put
it there: ``LibraryItem``, ``Review.shared_assessment``, ``ReviewIndicator``.
"""

from __future__ import annotations

from django.http import Http404

from ascent.core.exceptions import Refused
from ascent.organisations.access import fetch, find_visible_organisation
from ascent.organisations.models import Organisation

from .models import Review
from .rules import may


def host_organisation(user, gss_code: str) -> Organisation:
    """The organisation of the URL, for a review page: the member's own, or the host a team member visits.

    Whether the person may see the review is for :func:`get_review` to decide; this only
    finds the council (reference data), so a grant holder learns nothing from it.
    """
    organisation = find_visible_organisation(user, gss_code)
    if organisation is None:
        organisation = Organisation.objects.filter(
            gss_code=str(gss_code).upper()
        ).first()  # access: councils are reference data
    if organisation is None:
        raise Http404("No organisation found")
    return organisation


VIEW = "reviews.view_review"


def refuse(user, perm: str, obj, *, action: str | None = None) -> Refused:
    """The 403 for ``perm`` on a review or its record, saying why (``ascent.reviews.rules.refusal``)."""
    from .rules import refusal

    return Refused(refusal(user, perm, obj, action=action))


def get_review(
    user, gss_code: str, review_id: int, *, perm: str = VIEW, select_related=(), action: str | None = None
) -> Review:
    """The review of the URL if the person may see it (404 otherwise) and do ``perm`` (403 otherwise).

    The 403 says why (``action`` words what was tried, when the permission's own words are too
    broad): the 403 page shows it, rather than blaming the person's role.
    """
    organisation = host_organisation(user, gss_code)
    review = fetch(Review, user, perm=VIEW, organisation=organisation, select_related=select_related, pk=review_id)
    if perm != VIEW and not may(user, perm, review):
        raise refuse(user, perm, review, action=action)
    return review


def get_record(
    model, review: Review, user, *, perm: str | None = None, select_related=(), action: str | None = None, **lookup
):
    """One record of ``model`` that belongs to ``review`` (404 if none), checked for ``perm`` (403)."""
    queryset = model.objects.in_organisation(review.organisation)
    # How the model reaches its review: "review", or through the record it hangs off.
    path = getattr(model, "review_lookup", "review")
    queryset = queryset.filter(**{path: review})
    if select_related:
        queryset = queryset.select_related(*select_related)
    record = queryset.filter(**lookup).first()
    if record is None:
        raise Http404(f"No such {model._meta.verbose_name}")
    if perm is not None and not may(user, perm, record):
        raise refuse(user, perm, record, action=action)
    return record


def is_host_member(user, review: Review) -> bool:
    """A member of the host council (or platform staff): sees the host's side of the review."""
    return user.has_perm("reviews.view_reviews", review.organisation)
