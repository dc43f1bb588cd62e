"""A review ready for its letter, for the letter's tests (tests/reviews/test_letter*.py) and bench.

Harrow hosts a peer challenge in reporting with three scope questions, a team of three (the
reviewer persona, when given, is its lead with an edit grant), approved strengths and areas
for consideration under each question, one draft finding (when asked), recommendations
numbered 1 to 4 with two unnumbered ones between 4 and 5, a key priority, and people met.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.reviews.models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    PersonMet,
    Recommendation,
    RecommendationKind,
    Review,
    ScopeItem,
    Stage,
    TeamMember,
    TeamRole,
)

QUESTIONS = [
    "Does the transformation programme have what it needs to deliver its plans?",
    "Do people who use services and carers shape how services are commissioned?",
    "Will the workforce plans deliver the council's ambitions for quality?",
]


def make_review(
    organisation,
    *,
    lead_user=None,
    granted_by=None,
    stage=Stage.REPORTING,
    draft_findings: int = 0,
    findings_per_kind: int = 2,
    extra_recommendations: int = 0,
) -> Review:
    today = timezone.localdate()
    review = Review.objects.create(
        organisation=organisation,
        title="Adult social care peer challenge",
        stage=stage,
        on_site_from=dt.date(2026, 6, 24),
        on_site_to=dt.date(2026, 6, 26),
        commissioned_by="London ADASS",
        development_label=DevelopmentLabel.CONSIDERATION,
        letter_date=dt.date(2026, 7, 11),
        addressee="Director of Adult Social Services",
        signatory="Pat Lead, Director of Adult Social Care, Elsewhere Council",
        introduction="Thank you for hosting the challenge.\n\nEveryone we met was open and generous with their time.",
        context="The council brought adult social care back in house last year.",
        executive_summary="Leadership is strong; the front door needs attention.",
        conclusion="We hope the letter helps the council plan its next steps.",
        team_access_ends_on=today + dt.timedelta(days=90),
    )
    items = [ScopeItem.objects.create(review=review, position=index, text=text) for index, text in enumerate(QUESTIONS)]
    lead = TeamMember.objects.create(
        review=review,
        position=0,
        name="Pat Lead",
        role=TeamRole.LEAD_DIRECTOR,
        job_title="Director of Adult Social Care",
        home_organisation_name="Elsewhere Council",
        is_lead=True,
    )
    if lead_user is not None:
        grant = AccessGrant.objects.create(
            user=lead_user,
            record=review,
            level=AccessGrant.Level.EDIT,
            starts_on=today,
            ends_on=review.team_access_ends_on,
            granted_by=granted_by,
            reason="Team of the review",
        )
        lead.user, lead.grant = lead_user, grant
        lead.save()
    TeamMember.objects.create(
        review=review, position=1, name="Sam Peer", role=TeamRole.MEMBER_PEER, home_organisation_name="Nearby Borough"
    )
    TeamMember.objects.create(
        review=review, position=2, name="Alex Expert", role=TeamRole.EXPERT_BY_EXPERIENCE, job_title="Carer"
    )
    for item in items:
        for kind, word in ((FindingKind.STRENGTH, "Strength"), (FindingKind.DEVELOPMENT, "Consider")):
            for index in range(findings_per_kind):
                Finding.objects.create(
                    review=review,
                    scope_item=item,
                    kind=kind,
                    text=f"{word} {index + 1} on question {item.position + 1}: the team saw this in practice.",
                    position=index,
                    status=FindingStatus.APPROVED,
                )
    for index in range(draft_findings):
        Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text=f"Draft finding {index + 1}")
    texts = [
        (1, "Analyse the demand on the advice team"),
        (2, "Explore a single point of access"),
        (3, "Review the brokerage service"),
        (4, "Join up performance and finance reports"),
        (None, "Consider fuller progress reports to the board"),
        (None, "Consider a named lead for carers"),
        (5, "Refresh the workforce plan"),
    ]
    texts += [(6 + index, f"Further recommendation {6 + index}") for index in range(extra_recommendations)]
    for position, (number, text) in enumerate(texts):
        Recommendation.objects.create(
            review=review,
            position=position,
            number=number,
            is_numbered=number is not None,
            text=text,
            scope_item=items[0],
        )
    Recommendation.objects.create(
        review=review, position=len(texts), number=1, kind=RecommendationKind.KEY_PRIORITY, text="Fix the front door"
    )
    PersonMet.objects.create(review=review, position=0, role="Director of Adult Social Services", name="Jo Host")
    PersonMet.objects.create(review=review, position=1, role="Carers' forum", is_group=True)
    return review
