"""A small world for the fieldwork and library tests: Harrow's review in fieldwork, with the
reviewer persona on its team as lead (an edit grant in force until the host's date)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.evidence.actions import store_evidence_file
from ascent.reviews.models import Review, Stage, TeamMember, TeamRole


def make_review(host, *, title="Harrow peer challenge", stage=Stage.FIELDWORK, ends_in_days=180) -> Review:
    today = timezone.localdate()
    return Review.objects.create(
        organisation=host,
        title=title,
        stage=stage,
        on_site_from=today,
        on_site_to=today + dt.timedelta(days=2),
        team_access_ends_on=today + dt.timedelta(days=ends_in_days),
    )


def seat(review: Review, user, *, by=None, is_lead=False, name="Team Person") -> TeamMember:
    """Put ``user`` on the review's team with an edit grant of the review, as an accepted invitation does."""
    today = timezone.localdate()
    grant = AccessGrant.objects.create(
        user=user,
        record=review,
        level=AccessGrant.Level.EDIT,
        starts_on=today,
        ends_on=review.team_access_ends_on,
        granted_by=by,
        reason=f"Team of {review.title}",
    )
    return TeamMember.objects.create(
        review=review, name=name, role=TeamRole.OFFICER_PEER, is_lead=is_lead, user=user, grant=grant
    )


def publish(review: Review) -> Review:
    review.stage = Stage.PUBLISHED
    review.save(update_fields=["stage"])
    return review


def url(name: str, review: Review, **kwargs) -> str:
    return reverse(
        f"reviews:{name}", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk, **kwargs}
    )


def evidence(organisation, title="Carers' survey 2025", name="survey.csv", by=None):
    return store_evidence_file(
        organisation,
        by,
        SimpleUploadedFile(name, b"question,answer\nfront door,quick\n"),
        title=title,
        kind="data",
        evidence_date=dt.date(2025, 3, 31),
    )
