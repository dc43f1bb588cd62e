"""Findings: the actions (drafting, approval by the lead, deletion) and how the page groups them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ascent.reviews import findings as actions
from ascent.reviews.models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    ScopeItem,
    Stage,
)
from tests.assessments.factories import evidence_file, teasc_framework

from .findings_world import finding, library_item, make_review, recommendation, scope, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow):
    return make_review(harrow)


@pytest.fixture
def lead(review):
    return seat(review, lead=True).user


def test_it_adds_a_draft_finding_at_the_end_drafted_by_the_person(review, lead):
    first = actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="  Carers are heard  ")
    second = actions.save_finding(review, by=lead, kind=FindingKind.DEVELOPMENT, text="Waiting lists")
    assert (first.status, first.drafted_by, first.text) == (FindingStatus.DRAFT, lead, "Carers are heard")
    assert second.position == first.position + 1
    assert first.history.latest().history_user == lead


def test_it_keeps_evidence_references_in_words_and_library_files(review, lead, harrow):
    item = library_item(review, evidence_file(harrow, title="Carers survey"))
    saved = actions.save_finding(
        review,
        by=lead,
        kind=FindingKind.STRENGTH,
        text="Carers are heard",
        evidence_references="Focus group with carers",
        evidence=[item],
    )
    assert saved.evidence_references == "Focus group with carers"
    assert list(saved.evidence.all()) == [item]


def test_changing_an_approved_finding_returns_it_to_draft(review, lead):
    saved = finding(review, status=FindingStatus.APPROVED, approved_by=lead)
    actions.save_finding(review, by=lead, finding=saved, kind=FindingKind.STRENGTH, text="Changed")
    saved.refresh_from_db()
    assert (saved.status, saved.approved_by, saved.approved_at, saved.text) == (
        FindingStatus.DRAFT,
        None,
        None,
        "Changed",
    )


def test_it_refuses_a_scope_item_of_another_review(review, lead, harrow):
    other = scope(make_review(harrow, title="Another"), "Elsewhere")[0]
    with pytest.raises(ValidationError) as refused:
        actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="x", scope_item=other)
    assert refused.value.message_dict == {"scope_item": ["Choose one of this review's scope items"]}
    assert not Finding.objects.exists()


def test_it_refuses_a_library_file_of_another_review(review, lead, harrow):
    other = library_item(make_review(harrow, title="Another"), evidence_file(harrow))
    with pytest.raises(ValidationError) as refused:
        actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="x", evidence=[other])
    assert "evidence" in refused.value.message_dict
    assert not Finding.objects.exists()


def test_it_refuses_an_element_outside_the_reviews_framework_and_scope(review, lead, harrow):
    framework = teasc_framework()
    element = framework.elements.get(key="domain-1")
    with pytest.raises(ValidationError) as refused:
        actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="x", element=element)
    assert refused.value.message_dict == {"element": ["Choose an element of the review's framework or scope"]}
    review.framework = framework
    review.save()
    saved = actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="x", element=element)
    assert saved.element == element


def test_an_element_in_scope_may_be_chosen_without_a_framework(review, lead):
    element = teasc_framework().elements.get(key="domain-2")
    ScopeItem.objects.create(review=review, kind=ScopeItem.ItemKind.ELEMENT, text=element.title, element=element)
    saved = actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="x", element=element)
    assert saved.element == element


def test_it_refuses_empty_text_and_an_unknown_kind_naming_both(review, lead):
    with pytest.raises(ValidationError) as refused:
        actions.save_finding(review, by=lead, kind="opinion", text="   ")
    assert set(refused.value.message_dict) == {"kind", "text"}


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.FOLLOW_UP, Stage.CLOSED])
def test_nothing_changes_once_the_letter_is_published(harrow, stage):
    review = make_review(harrow, stage=stage)
    lead = seat(review, lead=True).user
    saved = finding(review)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="new")
    with pytest.raises(ValidationError):
        actions.approve_finding(saved, by=lead)
    with pytest.raises(ValidationError):
        actions.delete_finding(saved, by=lead)
    assert Finding.objects.count() == 1


def test_a_stale_copy_of_the_review_cannot_slip_a_change_past_publication(review, lead):
    """The stage is read again under the lock, not taken from the caller's copy."""
    from ascent.reviews.models import Review

    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED)
    assert review.stage == Stage.FIELDWORK
    with pytest.raises(ValidationError):
        actions.save_finding(review, by=lead, kind=FindingKind.STRENGTH, text="late")


def test_the_lead_approves_and_returns_to_draft(review, lead):
    saved = finding(review)
    actions.approve_finding(saved, by=lead)
    saved.refresh_from_db()
    assert (saved.status, saved.approved_by) == (FindingStatus.APPROVED, lead)
    assert saved.approved_at is not None
    with pytest.raises(ValidationError, match="already approved"):
        actions.approve_finding(saved, by=lead)
    actions.unapprove_finding(saved, by=lead)
    saved.refresh_from_db()
    assert (saved.status, saved.approved_by, saved.approved_at) == (FindingStatus.DRAFT, None, None)
    with pytest.raises(ValidationError, match="draft already"):
        actions.unapprove_finding(saved, by=lead)


def test_deleting_a_finding_keeps_the_recommendations_that_follow_from_it(review, lead):
    saved = finding(review)
    made = recommendation(review, "Do more", position=0, number=1)
    made.findings.add(saved)
    actions.delete_finding(saved, by=lead)
    assert not Finding.objects.exists()
    assert list(made.findings.all()) == []


# ----- grouping on the page ----------------------------------------------------------------


def test_findings_are_grouped_by_scope_item_then_element_then_general_with_kinds_in_order(harrow):
    framework = teasc_framework()
    review = make_review(harrow, framework=framework, development_label=DevelopmentLabel.CONSIDERATION)
    first, second = scope(review, "How well do we safeguard?", "How well do we commission?")
    element = framework.elements.get(key="domain-3")
    general = finding(review, "In general", kind=FindingKind.KEY_PRIORITY)
    tagged = finding(review, "Tagged", element=element)
    consider = finding(review, "Consider", kind=FindingKind.DEVELOPMENT, scope_item=second)
    strong = finding(review, "Strong", scope_item=second)
    early = finding(review, "Early", scope_item=first)
    found = list(Finding.objects.filter(review=review).select_related("element").order_by("position", "id"))
    groups = actions.grouped(review, found, actions.scope_items(review))
    assert [group.title for group in groups] == [
        "Scope question 1: How well do we safeguard?",
        "Scope question 2: How well do we commission?",
        element.label,
        "General",
    ]
    assert [(label, [f.pk for f in rows]) for label, rows in groups[1].by_kind] == [
        ("Strengths", [strong.pk]),
        ("Areas for consideration", [consider.pk]),
    ]
    assert groups[0].by_kind == [("Strengths", [early])]
    assert groups[2].by_kind == [("Strengths", [tagged])] and groups[2].is_element
    assert groups[3].by_kind == [("Key priorities", [general])]


def test_a_scope_item_with_no_findings_gets_no_heading(harrow):
    review = make_review(harrow)
    scope(review, "Empty question")
    assert actions.grouped(review, [], actions.scope_items(review)) == []


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (DevelopmentLabel.DEVELOPMENT, "Area for development"),
        (DevelopmentLabel.CONSIDERATION, "Area for consideration"),
    ],
)
def test_the_kind_is_named_as_the_letter_names_it(harrow, label, expected):
    review = make_review(harrow, development_label=label)
    assert actions.kind_label(review, FindingKind.DEVELOPMENT) == expected
    assert dict(actions.kind_choices(review))[FindingKind.DEVELOPMENT] == expected
