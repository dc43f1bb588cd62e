"""Starting a review, changing its details, and moving it through its stages.

The stages run scoping → fieldwork → reporting → published → follow-up → closed, one step
at a time. Before publication a review may also go back a step (fieldwork found the scope
too wide, say). Reporting → published is not a step here: publishing is the letter's own
action (``ascent.reviews.letter.publish``), which keeps the letter as published. Once
published a review never goes back; a correction is a new version of the letter.

Every function is one transaction, records who acted on the history, and refuses bad input
with a ``ValidationError`` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import STAGE_ORDER, Review, ScopeItem, ScopeStyle, Stage

#: The fields of a review a host editor sets on the new and edit pages.
DETAIL_FIELDS = (
    "kind",
    "title",
    "on_site_from",
    "on_site_to",
    "commissioned_by",
    "commissioning_region",
    "led_by",
    "lead_organisation",
    "framework",
    "scope_style",
    "key_line_of_enquiry",
    "development_label",
)

FORWARD, BACK = "forward", "back"

#: What happens at each stage and what comes next, for the review's Overview.
NEXT_STEPS = {
    Stage.SCOPING: "Agree the scope with the team and invite them. Move to fieldwork when the team goes on site.",
    Stage.FIELDWORK: (
        "The team is on site: they record the timetable and the people met, and draft findings. "
        "Move to reporting when the fieldwork is over."
    ),
    Stage.REPORTING: (
        "The team writes up its findings and recommendations, and the lead approves the findings. "
        "The lead then publishes the letter from the Letter page."
    ),
    Stage.PUBLISHED: (
        "The letter is published: the team may read the review until their access ends. "
        "Answer each recommendation, then move to follow-up."
    ),
    Stage.FOLLOW_UP: "The council acts on the recommendations. Close the review when the follow-up is done.",
    Stage.CLOSED: "The review is closed.",
}


def next_step(review: Review, *, host_side: bool, may_move: bool, may_publish: bool) -> str:
    """What happens at the review's stage and what comes next, worded for who is looking.

    ``host_side``: a member of the host (or platform staff), not only the team; ``may_move``:
    may move the review between stages (the host's editors); ``may_publish``: may publish the
    letter or a corrected version of it. Nobody is told to do what they cannot: the team reads
    that the host moves the review on, a host reader that the host's editors do.
    """
    host = review.organisation.name
    stage = review.stage
    write_up = (
        "Write up the findings and recommendations and approve the findings, "
        "then publish the letter from the Letter page."
    )
    if stage == Stage.CLOSED:
        return NEXT_STEPS[stage]
    if not host_side:  # the team
        if stage == Stage.SCOPING:
            return (
                f"{host} agrees the scope with the team, and moves the review to fieldwork when the team goes on site."
            )
        if stage == Stage.FIELDWORK:
            return (
                "The team is on site: record the timetable and the people met, and draft findings. "
                f"{host} moves the review to reporting when the fieldwork is over."
            )
        if stage == Stage.REPORTING:
            if may_publish:
                return write_up
            return (
                "The team writes up its findings and recommendations; the lead approves the findings "
                "and publishes the letter."
            )
        correction = (
            " If the letter needs a correction, publish a new version from the Letter page." if may_publish else ""
        )
        return (
            "The letter is published: the team can read the review, but not change it, until their access ends. "
            f"{host} answers each recommendation.{correction}"
        )
    if stage == Stage.REPORTING and may_publish:  # the host records the review itself
        return write_up
    if may_move:
        return NEXT_STEPS[stage]
    editors = f"{host}'s editors"
    worded = {
        Stage.SCOPING: (
            f"The scope is agreed with the team and the team invited. {editors} move the review to fieldwork "
            "when the team goes on site."
        ),
        Stage.FIELDWORK: (
            "The team is on site: they record the timetable and the people met, and draft findings. "
            f"{editors} move the review to reporting when the fieldwork is over."
        ),
        Stage.REPORTING: NEXT_STEPS[Stage.REPORTING],
        Stage.PUBLISHED: (
            "The letter is published: the team may read the review until their access ends. "
            f"{editors} answer each recommendation, then move the review to follow-up."
        ),
        Stage.FOLLOW_UP: (
            f"The council acts on the recommendations. {editors} close the review when the follow-up is done."
        ),
    }
    return worded[stage]


def newest_first(reviews):
    """Reviews by their first day on site, newest first; those with no dates yet (being set up) lead."""
    return reviews.order_by(F("on_site_from").desc(nulls_first=True), "-created_at", "-pk")


def _count(model, **filters):
    """How many rows of ``model`` belong to each review: a subquery, so counts of several kinds never multiply."""
    rows = model.objects.filter(review=OuterRef("pk"), **filters).order_by().values("review")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def with_counts(reviews):
    """Reviews annotated with the counts the lists show: team, scope items, findings and recommendations."""
    from .models import Finding, FindingStatus, Recommendation, TeamMember

    return reviews.annotate(
        scope_count=_count(ScopeItem),
        team_count=_count(TeamMember),
        finding_count=_count(Finding),
        approved_count=_count(Finding, status=FindingStatus.APPROVED),
        recommendation_count=_count(Recommendation),
        answered_count=_count(Recommendation, response__gt=""),
    )


@dataclass(frozen=True)
class Step:
    """A stage move someone may ask for on the Overview."""

    direction: str
    stage: Stage
    label: str


def _check_details(review: Review, organisation) -> None:
    errors: dict[str, str] = {}
    if not review.title.strip():
        errors["title"] = "Enter the review's title"
    if review.on_site_from and review.on_site_to and review.on_site_to < review.on_site_from:
        errors["on_site_to"] = "The last day on site must be the same as or after the first day"
    if review.framework_id and review.framework.organisation_id not in (None, organisation.pk):
        errors["framework"] = f"Choose a framework {organisation} can use"
    if review.scope_style == ScopeStyle.ELEMENTS and not review.framework_id:
        errors["framework"] = "Choose the framework whose elements are in scope"
    if review.scope_style == ScopeStyle.KEY_LINE and not review.key_line_of_enquiry.strip():
        errors["key_line_of_enquiry"] = "Enter the key line of enquiry"
    if review.lead_organisation_id and review.lead_organisation_id == organisation.pk:
        errors["lead_organisation"] = "The lead organisation is another council, not the one being reviewed"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_review(organisation, *, by, **details) -> Review:
    """Start a review of ``organisation`` in scoping; with a framework's elements as scope, all its rated elements."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown review fields: {', '.join(sorted(unknown))}")
    review = Review(organisation=organisation, stage=Stage.SCOPING, created_by=by, **details)
    review.title = review.title.strip()
    _check_details(review, organisation)
    review._history_user = by
    review.save()
    if review.scope_style == ScopeStyle.ELEMENTS:
        from .scope import set_elements

        set_elements(review, by=by, elements=None)
    return review


@transaction.atomic
def update_review(review: Review, *, by, **details) -> Review:
    """Change a review's details. The scope's style and framework stay while scope items of another kind exist."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown review fields: {', '.join(sorted(unknown))}")
    review = Review.objects.select_for_update().get(pk=review.pk)
    before_style, before_framework = review.scope_style, review.framework_id
    for name, value in details.items():
        setattr(review, name, value)
    review.title = review.title.strip()
    _check_details(review, review.organisation)
    items = ScopeItem.objects.filter(review=review)
    if review.scope_style != before_style and items.exists():
        raise ValidationError(
            {
                "scope_style": (
                    f"The scope already has {items.count()} item{'s' if items.count() != 1 else ''}: "
                    "delete them on the Scope page before choosing another style of scope"
                )
            }
        )
    if (
        review.framework_id != before_framework
        and items.filter(kind=ScopeItem.ItemKind.ELEMENT).exclude(element__framework=review.framework_id).exists()
    ):
        raise ValidationError(
            {"framework": "Elements of the other framework are in scope: delete them on the Scope page first"}
        )
    review._history_user = by
    review.save()
    return review


def steps(review: Review) -> list[Step]:
    """The stage moves the Overview offers: forward one step, and back one step before publication."""
    index = STAGE_ORDER.index(review.stage)
    found = []
    if index + 1 < len(STAGE_ORDER) and STAGE_ORDER[index + 1] != Stage.PUBLISHED:
        stage = Stage(STAGE_ORDER[index + 1])
        found.append(Step(FORWARD, stage, f"Move to {stage.label.lower()}"))
    if review.is_open and index > 0:
        stage = Stage(STAGE_ORDER[index - 1])
        found.append(Step(BACK, stage, f"Back to {stage.label.lower()}"))
    return found


@transaction.atomic
def move_stage(review: Review, *, by, direction: str) -> Review:
    """Move the review one stage forward or back, or refuse with a reason naming ``direction``."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    index = STAGE_ORDER.index(review.stage)
    if direction == FORWARD:
        if index + 1 >= len(STAGE_ORDER):
            raise ValidationError({"direction": "The review is closed: there is no stage after it"})
        target = STAGE_ORDER[index + 1]
        if target == Stage.PUBLISHED:
            raise ValidationError(
                {"direction": "A review is published by publishing its letter: the lead does that on the Letter page"}
            )
    elif direction == BACK:
        if not review.is_open:
            raise ValidationError(
                {"direction": "A published review cannot go back a stage: publish a new version of the letter instead"}
            )
        if index == 0:
            raise ValidationError({"direction": "Scoping is the first stage: there is none before it"})
        target = STAGE_ORDER[index - 1]
    else:
        raise ValidationError({"direction": "Choose whether to move the review forward or back"})
    review.stage = target
    update = ["stage", "updated_at"]
    if target == Stage.CLOSED:
        review.closed_at = timezone.now()
        update.append("closed_at")
    review._history_user = by
    review.save(update_fields=update)
    return review
