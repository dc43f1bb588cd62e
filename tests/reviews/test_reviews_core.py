"""The review's own actions: setting one up, its details, its stages and its scope (no HTTP)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ascent.reviews import lifecycle, scope
from ascent.reviews.models import Finding, FindingKind, Review, ScopeItem, ScopeStyle, Stage

from ..frameworks.factories import make_framework

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)


def new_review(organisation, by, **details) -> Review:
    return lifecycle.create_review(organisation, by=by, **{"title": "Peer challenge 2026", **details})


def texts(review) -> list[tuple[int, str]]:
    return [(item.number, item.text) for item in scope.numbered(scope.items_of(review))]


def error_fields(raised) -> dict:
    return raised.value.message_dict


# ----- setting up and changing a review -----------------------------------------------------


def test_a_new_review_starts_at_scoping_and_records_who_set_it_up(harrow, editor):
    review = new_review(harrow, editor, on_site_from=DAY, on_site_to=DAY + dt.timedelta(days=2))
    assert review.stage == Stage.SCOPING
    assert review.organisation == harrow
    assert review.created_by == editor
    assert review.history.get().history_user == editor


def test_the_last_day_on_site_cannot_come_before_the_first(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, on_site_from=DAY, on_site_to=DAY - dt.timedelta(days=1))
    assert "on_site_to" in error_fields(raised)
    assert not Review.objects.exists()


def test_a_blank_title_is_refused(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, title="   ")
    assert error_fields(raised)["title"] == ["Enter the review's title"]


def test_a_key_line_scope_needs_its_key_line(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, scope_style=ScopeStyle.KEY_LINE)
    assert "key_line_of_enquiry" in error_fields(raised)


def test_an_elements_scope_needs_a_framework(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS)
    assert error_fields(raised)["framework"] == ["Choose the framework whose elements are in scope"]


def test_another_councils_own_framework_is_refused(harrow, herefordshire, editor):
    theirs = make_framework(organisation=herefordshire)
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, framework=theirs)
    assert "framework" in error_fields(raised)


def test_the_council_reviewed_cannot_lead_its_own_review(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        new_review(harrow, editor, lead_organisation=harrow)
    assert "lead_organisation" in error_fields(raised)


def test_an_elements_scope_starts_with_every_rated_element(harrow, editor):
    framework = make_framework(organisation=harrow)
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=framework)
    assert texts(review) == [(1, "First line"), (2, "Second line")]
    assert {item.kind for item in scope.items_of(review)} == {ScopeItem.ItemKind.ELEMENT}


def test_changing_the_details_saves_them_with_who_changed_them(harrow, editor, admin_user):
    review = new_review(harrow, editor)
    lifecycle.update_review(review, by=admin_user, title="Renamed", commissioned_by="London ADASS")
    review.refresh_from_db()
    assert (review.title, review.commissioned_by) == ("Renamed", "London ADASS")
    assert review.history.first().history_user == admin_user


def test_the_style_of_scope_stays_while_items_of_another_style_exist(harrow, editor):
    review = new_review(harrow, editor)
    scope.add_item(review, by=editor, text="How safe are people?")
    with pytest.raises(ValidationError) as raised:
        lifecycle.update_review(review, by=editor, scope_style=ScopeStyle.KEY_LINE, key_line_of_enquiry="Safety")
    assert "delete them on the Scope page" in error_fields(raised)["scope_style"][0]
    review.refresh_from_db()
    assert review.scope_style == ScopeStyle.QUESTIONS


def test_the_framework_stays_while_its_elements_are_in_scope(harrow, editor):
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=make_framework(organisation=harrow))
    other = make_framework(organisation=harrow, slug="other", name="Other")
    with pytest.raises(ValidationError) as raised:
        lifecycle.update_review(review, by=editor, framework=other)
    assert "framework" in error_fields(raised)


# ----- stages ------------------------------------------------------------------------------


def test_a_review_moves_forward_one_stage_at_a_time(harrow, editor):
    review = new_review(harrow, editor)
    assert lifecycle.move_stage(review, by=editor, direction="forward").stage == Stage.FIELDWORK
    assert lifecycle.move_stage(review, by=editor, direction="forward").stage == Stage.REPORTING


def test_publishing_is_left_to_the_letter(harrow, editor):
    review = new_review(harrow, editor)
    Review.objects.filter(pk=review.pk).update(stage=Stage.REPORTING)
    with pytest.raises(ValidationError) as raised:
        lifecycle.move_stage(review, by=editor, direction="forward")
    assert "Letter page" in error_fields(raised)["direction"][0]
    review.refresh_from_db()
    assert review.stage == Stage.REPORTING


def test_a_review_goes_back_a_stage_before_publication(harrow, editor):
    review = new_review(harrow, editor)
    Review.objects.filter(pk=review.pk).update(stage=Stage.REPORTING)
    assert lifecycle.move_stage(review, by=editor, direction="back").stage == Stage.FIELDWORK


def test_scoping_has_no_stage_before_it(harrow, editor):
    review = new_review(harrow, editor)
    with pytest.raises(ValidationError, match="first stage"):
        lifecycle.move_stage(review, by=editor, direction="back")


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.FOLLOW_UP, Stage.CLOSED])
def test_a_published_review_never_goes_back(harrow, editor, stage):
    review = new_review(harrow, editor)
    Review.objects.filter(pk=review.pk).update(stage=stage)
    with pytest.raises(ValidationError, match="cannot go back"):
        lifecycle.move_stage(review, by=editor, direction="back")


def test_after_publication_come_follow_up_and_closing(harrow, editor):
    review = new_review(harrow, editor)
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED)
    assert lifecycle.move_stage(review, by=editor, direction="forward").stage == Stage.FOLLOW_UP
    closed = lifecycle.move_stage(review, by=editor, direction="forward")
    assert closed.stage == Stage.CLOSED
    assert closed.closed_at is not None
    assert closed.history.first().history_user == editor
    with pytest.raises(ValidationError, match="closed"):
        lifecycle.move_stage(review, by=editor, direction="forward")


def test_an_unknown_direction_is_refused(harrow, editor):
    with pytest.raises(ValidationError) as raised:
        lifecycle.move_stage(new_review(harrow, editor), by=editor, direction="sideways")
    assert "direction" in error_fields(raised)


@pytest.mark.parametrize(
    ("stage", "offered"),
    [
        (Stage.SCOPING, [("forward", Stage.FIELDWORK)]),
        (Stage.FIELDWORK, [("forward", Stage.REPORTING), ("back", Stage.SCOPING)]),
        (Stage.REPORTING, [("back", Stage.FIELDWORK)]),
        (Stage.PUBLISHED, [("forward", Stage.FOLLOW_UP)]),
        (Stage.FOLLOW_UP, [("forward", Stage.CLOSED)]),
        (Stage.CLOSED, []),
    ],
)
def test_the_overview_offers_only_the_moves_allowed(stage, offered):
    review = Review(stage=stage)
    assert [(step.direction, step.stage) for step in lifecycle.steps(review)] == offered


# ----- scope -------------------------------------------------------------------------------


def test_scope_questions_are_numbered_in_order(harrow, editor):
    review = new_review(harrow, editor)
    for text in ("Safe?", "Effective?", "Well led?"):
        scope.add_item(review, by=editor, text=text)
    assert texts(review) == [(1, "Safe?"), (2, "Effective?"), (3, "Well led?")]
    assert {item.kind for item in scope.items_of(review)} == {ScopeItem.ItemKind.QUESTION}


def test_a_key_lines_items_are_sub_areas(harrow, editor):
    review = new_review(harrow, editor, scope_style=ScopeStyle.KEY_LINE, key_line_of_enquiry="How safe?")
    item = scope.add_item(review, by=editor, text="Safeguarding practice")
    assert item.kind == ScopeItem.ItemKind.SUB_AREA


def test_moving_an_item_renumbers_the_list(harrow, editor):
    review = new_review(harrow, editor)
    first, _, third = (scope.add_item(review, by=editor, text=text) for text in ("A", "B", "C"))
    scope.move_item(third, by=editor, direction="up")
    assert texts(review) == [(1, "A"), (2, "C"), (3, "B")]
    scope.move_item(first, by=editor, direction="up")  # already first: nothing moves
    assert texts(review) == [(1, "A"), (2, "C"), (3, "B")]
    scope.move_item(first, by=editor, direction="down")
    assert texts(review) == [(1, "C"), (2, "A"), (3, "B")]


def test_deleting_an_item_closes_the_gap(harrow, editor):
    review = new_review(harrow, editor)
    _, middle, _ = (scope.add_item(review, by=editor, text=text) for text in ("A", "B", "C"))
    scope.delete_item(middle, by=editor)
    assert texts(review) == [(1, "A"), (2, "C")]
    assert sorted(ScopeItem.objects.filter(review=review).values_list("position", flat=True)) == [0, 1]


def test_an_item_with_findings_filed_under_it_is_not_deleted(harrow, editor):
    review = new_review(harrow, editor)
    item = scope.add_item(review, by=editor, text="Safe?")
    Finding.objects.create(review=review, scope_item=item, kind=FindingKind.STRENGTH, text="Good")
    with pytest.raises(ValidationError) as raised:
        scope.delete_item(item, by=editor)
    assert error_fields(raised)["text"] == ["1 finding is filed under this item: move them first"]
    assert ScopeItem.objects.filter(pk=item.pk).exists()


def test_blank_scope_text_is_refused(harrow, editor):
    review = new_review(harrow, editor)
    with pytest.raises(ValidationError) as raised:
        scope.add_item(review, by=editor, text="  ")
    assert "text" in error_fields(raised)
    assert not ScopeItem.objects.exists()


def test_an_elements_scope_takes_no_typed_items(harrow, editor):
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=make_framework(organisation=harrow))
    with pytest.raises(ValidationError, match="choose them"):
        scope.add_item(review, by=editor, text="Anything")


def test_choosing_elements_keeps_those_in_scope_and_their_wording(harrow, editor):
    framework = make_framework(organisation=harrow)
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=framework)
    first, second = scope.rated_elements(review)
    kept = ScopeItem.objects.get(review=review, element=second)
    scope.edit_item(kept, by=editor, text="The second line, as the letter puts it")
    scope.set_elements(review, by=editor, elements=[second])
    assert texts(review) == [(1, "The second line, as the letter puts it")]
    scope.set_elements(review, by=editor, elements=[first, second])
    assert texts(review) == [(1, "The second line, as the letter puts it"), (2, "First line")]


def test_elements_of_another_framework_are_refused(harrow, editor):
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=make_framework(organisation=harrow))
    other = make_framework(organisation=harrow, slug="other", name="Other")
    with pytest.raises(ValidationError) as raised:
        scope.set_elements(review, by=editor, elements=list(other.elements.filter(is_rated=True)))
    assert "elements" in error_fields(raised)


def test_an_element_with_findings_stays_in_scope(harrow, editor):
    review = new_review(harrow, editor, scope_style=ScopeStyle.ELEMENTS, framework=make_framework(organisation=harrow))
    first, second = scope.rated_elements(review)
    item = ScopeItem.objects.get(review=review, element=first)
    Finding.objects.create(review=review, scope_item=item, kind=FindingKind.STRENGTH, text="Good")
    with pytest.raises(ValidationError, match="stays in scope"):
        scope.set_elements(review, by=editor, elements=[second])
    assert len(texts(review)) == 2


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.FOLLOW_UP, Stage.CLOSED])
def test_the_scope_of_a_published_review_stays_as_the_letter_gave_it(harrow, editor, stage):
    review = new_review(harrow, editor)
    item = scope.add_item(review, by=editor, text="Safe?")
    Review.objects.filter(pk=review.pk).update(stage=stage)
    review.refresh_from_db()
    item.review = review
    for attempt in (
        lambda: scope.add_item(review, by=editor, text="More"),
        lambda: scope.edit_item(item, by=editor, text="Changed"),
        lambda: scope.delete_item(item, by=editor),
        lambda: scope.move_item(item, by=editor, direction="down"),
    ):
        with pytest.raises(ValidationError, match="published"):
            attempt()
    assert texts(review) == [(1, "Safe?")]


def test_scope_changes_record_who_made_them(harrow, editor, admin_user):
    review = new_review(harrow, editor)
    item = scope.add_item(review, by=editor, text="Safe?")
    scope.edit_item(item, by=admin_user, text="Safe enough?")
    assert [h.history_user for h in item.history.order_by("history_date")] == [editor, admin_user]
