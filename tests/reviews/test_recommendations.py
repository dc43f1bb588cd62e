"""Recommendations: numbering and renumbering (stable uid), the host's response, indicator baselines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascent.reviews import recommendations as actions
from ascent.reviews.models import (
    Recommendation,
    RecommendationBaseline,
    RecommendationKind,
    Response,
    ReviewIndicator,
    Stage,
)
from tests.indicators.factories import IndicatorFactory, series

from .findings_world import finding, make_review, recommendation, seat

KP = RecommendationKind.KEY_PRIORITY
REC = RecommendationKind.RECOMMENDATION


# ----- the rule, without a database ---------------------------------------------------------


def test_numbered_recommendations_count_from_one_in_order():
    assert actions.numbering([(REC, True)] * 4) == [1, 2, 3, 4]


def test_unnumbered_ones_take_no_number_and_do_not_use_one_up():
    rows = [(REC, True)] * 4 + [(REC, False)] * 2 + [(REC, True)] * 3
    assert actions.numbering(rows) == [1, 2, 3, 4, None, None, 5, 6, 7]


def test_key_priorities_are_numbered_on_their_own():
    rows = [(KP, True), (REC, True), (KP, True), (REC, False), (REC, True), (KP, False)]
    assert actions.numbering(rows) == [1, 1, 2, None, 2, None]


def test_an_empty_list_numbers_nothing():
    assert actions.numbering([]) == []


# Generating lists is slow when the machine is busy (CI shares its CPUs): not a fault of the rule.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([REC, KP]), st.booleans()), max_size=30))
def test_each_kind_is_numbered_1_to_n_without_gaps(rows):
    numbers = actions.numbering(rows)
    for kind in (REC, KP):
        shown = [n for (k, numbered), n in zip(rows, numbers, strict=True) if k == kind and numbered]
        assert shown == list(range(1, len(shown) + 1))
    assert all(n is None for (_, numbered), n in zip(rows, numbers, strict=True) if not numbered)


# ----- with the database --------------------------------------------------------------------


@pytest.fixture
def review(harrow):
    return make_review(harrow)


@pytest.fixture
def lead(review):
    return seat(review, lead=True).user


def labels(review) -> list[str]:
    return [row.label for row in Recommendation.objects.filter(review=review).order_by("position", "id")]


def texts(review) -> list[str]:
    return [row.text for row in Recommendation.objects.filter(review=review).order_by("position", "id")]


def add(review, by, text, **fields):
    return actions.save_recommendation(review, by=by, text=text, **fields)


@pytest.fixture
def five(review, lead):
    """A, B, C numbered; "u" unnumbered between B and C; K a key priority at the end."""
    made = {}
    made["A"] = add(review, lead, "A")
    made["B"] = add(review, lead, "B")
    made["u"] = add(review, lead, "u", is_numbered=False)
    made["C"] = add(review, lead, "C")
    made["K"] = add(review, lead, "K", kind=KP)
    return made


pytestmark = pytest.mark.django_db


def test_adding_puts_each_at_the_end_with_the_next_number_of_its_kind(review, five):
    assert labels(review) == [
        "Recommendation 1",
        "Recommendation 2",
        "Unnumbered recommendation",
        "Recommendation 3",
        "Key priority 1",
    ]
    assert [row.position for row in Recommendation.objects.order_by("position")] == [0, 1, 2, 3, 4]


def test_adding_keeps_a_letters_numbers_as_read(review, lead):
    """A letter brought in numbered 1-4, two unnumbered, then 7: a new one is 8, nothing else moves."""
    for position, number in enumerate([1, 2, 3, 4, None, None, 7]):
        recommendation(review, f"R{position}", position=position, number=number)
    added = add(review, lead, "New")
    assert added.number == 8
    numbers = list(Recommendation.objects.filter(review=review).order_by("position").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, None, None, 7, 8]


def test_renumber_closes_the_gaps_of_a_letter_read_as_is(review):
    for position, number in enumerate([1, 2, 3, 4, None, None, 7]):
        recommendation(review, f"R{position}", position=position, number=number)
    actions.renumber(review)
    numbers = list(Recommendation.objects.filter(review=review).order_by("position").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, None, None, 5]


def test_renumber_orders_by_position_then_creation_and_makes_positions_contiguous(review):
    second = recommendation(review, "second", position=5, number=9)
    first = recommendation(review, "first", position=5, number=3)  # same position: created later, so after
    zero = recommendation(review, "zero", position=0, number=1)
    actions.renumber(review)
    rows = list(Recommendation.objects.order_by("position").values_list("pk", "position", "number"))
    assert rows == [(zero.pk, 0, 1), (second.pk, 1, 2), (first.pk, 2, 3)]


def test_moving_up_renumbers_and_the_uid_stays(review, lead, five):
    uids = {key: row.uid for key, row in five.items()}
    actions.move(five["C"], by=lead, direction="up")
    assert texts(review) == ["A", "B", "C", "u", "K"]
    actions.move(five["C"], by=lead, direction="up")
    assert texts(review) == ["A", "C", "B", "u", "K"]
    assert labels(review)[:3] == ["Recommendation 1", "Recommendation 2", "Recommendation 3"]
    c = Recommendation.objects.get(text="C")
    assert (c.number, c.uid) == (2, uids["C"])
    assert {row.text: row.uid for row in Recommendation.objects.all()} == uids


def test_moving_down_past_an_unnumbered_one(review, lead, five):
    actions.move(five["B"], by=lead, direction="down")
    assert texts(review) == ["A", "u", "B", "C", "K"]
    assert labels(review) == [
        "Recommendation 1",
        "Unnumbered recommendation",
        "Recommendation 2",
        "Recommendation 3",
        "Key priority 1",
    ]


def test_moving_to_a_place(review, lead, five):
    actions.move(five["K"], by=lead, to=1)
    assert texts(review) == ["K", "A", "B", "u", "C"]
    assert labels(review)[0] == "Key priority 1" and labels(review)[1] == "Recommendation 1"
    actions.move(five["A"], by=lead, to=5)
    assert texts(review) == ["K", "B", "u", "C", "A"]
    assert [row.number for row in Recommendation.objects.order_by("position")] == [1, 1, None, 2, 3]


def test_moving_to_its_own_place_changes_nothing(review, lead, five):
    before = list(Recommendation.objects.order_by("position").values_list("pk", "position", "number"))
    history = Recommendation.history.count()
    actions.move(five["B"], by=lead, to=2)
    assert list(Recommendation.objects.order_by("position").values_list("pk", "position", "number")) == before
    assert Recommendation.history.count() == history


@pytest.mark.parametrize(
    ("key", "how", "field", "message"),
    [
        ("A", {"direction": "up"}, "direction", "Recommendation 1 is first already"),
        ("K", {"direction": "down"}, "direction", "Key priority 1 is last already"),
        ("A", {"to": 0}, "to", "Enter a place from 1 to 5"),
        ("A", {"to": 6}, "to", "Enter a place from 1 to 5"),
        ("A", {"direction": "sideways"}, "direction", "Choose up, down or a place to move it to"),
    ],
)
def test_a_move_that_cannot_be_made_is_refused_and_nothing_moves(review, lead, five, key, how, field, message):
    with pytest.raises(ValidationError) as refused:
        actions.move(five[key], by=lead, **how)
    assert refused.value.message_dict == {field: [message]}
    assert texts(review) == ["A", "B", "u", "C", "K"]


def test_renumbering_is_recorded_in_the_history_with_who_moved(review, lead, five):
    actions.move(five["C"], by=lead, to=1)
    latest = Recommendation.history.filter(id=five["C"].pk).latest()
    assert (latest.number, latest.position, latest.history_user) == (1, 0, lead)


def test_deleting_renumbers_the_rest(review, lead, five):
    actions.delete_recommendation(five["A"], by=lead)
    assert labels(review) == [
        "Recommendation 1",
        "Unnumbered recommendation",
        "Recommendation 2",
        "Key priority 1",
    ]
    assert texts(review) == ["B", "u", "C", "K"]


def test_making_one_unnumbered_renumbers_the_rest(review, lead, five):
    b = five["B"]
    actions.save_recommendation(review, by=lead, recommendation=b, text="B", is_numbered=False)
    assert labels(review) == [
        "Recommendation 1",
        "Unnumbered recommendation",
        "Unnumbered recommendation",
        "Recommendation 2",
        "Key priority 1",
    ]
    assert b.number is None


def test_numbering_an_unnumbered_one_gives_it_its_place_in_the_sequence(review, lead, five):
    actions.save_recommendation(review, by=lead, recommendation=five["u"], text="u", is_numbered=True)
    assert labels(review)[:4] == [f"Recommendation {n}" for n in (1, 2, 3, 4)]
    assert Recommendation.objects.get(text="C").number == 4


def test_turning_one_into_a_key_priority_renumbers_both_lists(review, lead, five):
    actions.save_recommendation(review, by=lead, recommendation=five["A"], text="A", kind=KP)
    assert labels(review) == [
        "Key priority 1",
        "Recommendation 1",
        "Unnumbered recommendation",
        "Recommendation 2",
        "Key priority 2",
    ]


def test_editing_the_text_alone_leaves_the_numbers(review, lead):
    for position, number in enumerate([1, 2, None, 7]):
        recommendation(review, f"R{position}", position=position, number=number)
    seventh = Recommendation.objects.get(number=7)
    actions.save_recommendation(review, by=lead, recommendation=seventh, text="Reworded")
    assert list(Recommendation.objects.order_by("position").values_list("number", flat=True)) == [1, 2, None, 7]


def test_it_links_findings_and_elements_of_the_review_only(review, lead, harrow):
    from tests.assessments.factories import teasc_framework

    framework = teasc_framework()
    review.framework = framework
    review.save()
    element = framework.elements.get(key="domain-4")
    mine = finding(review)
    made = add(review, lead, "Do it", findings=[mine], elements=[element])
    assert list(made.findings.all()) == [mine] and list(made.elements.all()) == [element]
    theirs = finding(make_review(harrow, title="Other"))
    with pytest.raises(ValidationError) as refused:
        add(review, lead, "Again", findings=[theirs])
    assert refused.value.message_dict == {"findings": ["Choose findings of this review"]}
    other_element = teasc_framework(slug="other-teasc").elements.first()
    with pytest.raises(ValidationError) as refused:
        add(review, lead, "Again", elements=[other_element])
    assert "elements" in refused.value.message_dict
    assert Recommendation.objects.count() == 1


def test_it_refuses_an_empty_recommendation(review, lead):
    with pytest.raises(ValidationError) as refused:
        add(review, lead, "  ")
    assert refused.value.message_dict == {"text": ["Enter the recommendation"]}


def test_no_change_once_the_letter_is_published(harrow):
    review = make_review(harrow, stage=Stage.PUBLISHED)
    lead = seat(review, lead=True).user
    made = recommendation(review, "R", position=0, number=1)
    other = recommendation(review, "S", position=1, number=2)
    for attempt in (
        lambda: add(review, lead, "New"),
        lambda: actions.move(other, by=lead, direction="up"),
        lambda: actions.delete_recommendation(made, by=lead),
    ):
        with pytest.raises(ValidationError, match="can no longer be changed"):
            attempt()
    assert texts(review) == ["R", "S"]


# ----- the host's response ------------------------------------------------------------------


@pytest.fixture
def published(harrow):
    return make_review(harrow, stage=Stage.PUBLISHED, title="Published review")


def test_the_host_responds_once_the_letter_is_published(published, editor):
    made = recommendation(published, "R", position=0, number=1)
    actions.respond(made, by=editor, response=Response.ACCEPTED)
    made.refresh_from_db()
    assert (made.response, made.responded_by, made.response_reason) == (Response.ACCEPTED, editor, "")
    assert made.responded_at is not None
    assert made.history.latest().history_user == editor


@pytest.mark.parametrize("response", [Response.PARTLY_ACCEPTED, Response.NOT_ACCEPTED])
def test_partly_or_not_accepted_needs_a_reason(published, editor, response):
    made = recommendation(published, "R", position=0, number=1)
    with pytest.raises(ValidationError) as refused:
        actions.respond(made, by=editor, response=response, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    actions.respond(made, by=editor, response=response, reason="We have a plan already")
    made.refresh_from_db()
    assert (made.response, made.response_reason) == (response, "We have a plan already")


def test_a_response_before_publication_is_refused(review, editor):
    made = recommendation(review, "R", position=0, number=1)
    with pytest.raises(ValidationError) as refused:
        actions.respond(made, by=editor, response=Response.ACCEPTED)
    assert refused.value.message_dict == {"response": ["You can respond once the letter is published"]}
    made.refresh_from_db()
    assert made.response == ""


def test_an_unknown_response_is_refused(published, editor):
    made = recommendation(published, "R", position=0, number=1)
    with pytest.raises(ValidationError) as refused:
        actions.respond(made, by=editor, response="maybe")
    assert list(refused.value.message_dict) == ["response"]


# ----- indicators and their baselines --------------------------------------------------------


@pytest.fixture
def indicator(harrow):
    made = IndicatorFactory(code="ASCOF-1A", title="Quality of life")
    series(harrow, made, {"2021-22": "18.2", "2022-23": "18.9"})
    return made


def test_linking_records_the_latest_value_as_the_baseline(review, editor, indicator, harrow):
    made = recommendation(review, "R", position=0, number=1)
    baseline = actions.link_indicator(made, indicator, by=editor)
    assert (baseline.value, baseline.period_code, baseline.period_label) == (Decimal("18.9"), "2022-23", "2022-23")
    assert baseline.history.latest().history_user == editor


def test_the_baseline_never_changes_when_new_values_arrive(review, editor, indicator, harrow):
    made = recommendation(review, "R", position=0, number=1)
    baseline = actions.link_indicator(made, indicator, by=editor)
    series(harrow, indicator, {"2023-24": "22.0"})
    baseline.refresh_from_db()
    assert (baseline.value, baseline.period_code) == (Decimal("18.9"), "2022-23")


def test_an_indicator_with_no_value_gets_an_empty_baseline(review, editor):
    made = recommendation(review, "R", position=0, number=1)
    empty = IndicatorFactory(code="NEW-1")
    baseline = actions.link_indicator(made, empty, by=editor)
    assert (baseline.value, baseline.period_code, baseline.period_label) == (None, "", "")


def test_linking_the_same_indicator_twice_is_refused(review, editor, indicator):
    made = recommendation(review, "R", position=0, number=1)
    actions.link_indicator(made, indicator, by=editor)
    with pytest.raises(ValidationError) as refused:
        actions.link_indicator(made, indicator, by=editor)
    assert refused.value.message_dict == {"indicator": ["ASCOF-1A is already linked to Recommendation 1"]}
    assert RecommendationBaseline.objects.count() == 1


def test_the_team_may_link_only_indicators_shared_with_the_review(review, lead, indicator):
    made = recommendation(review, "R", position=0, number=1)
    assert actions.indicator_choices(review, lead) == []
    with pytest.raises(ValidationError) as refused:
        actions.link_indicator(made, indicator, by=lead)
    assert list(refused.value.message_dict) == ["indicator"]
    ReviewIndicator.objects.create(review=review, indicator=indicator)
    assert actions.indicator_choices(review, lead) == [indicator]
    assert actions.link_indicator(made, indicator, by=lead).value == Decimal("18.9")


def test_another_councils_own_indicator_is_never_a_choice(review, editor, herefordshire):
    theirs = IndicatorFactory(organisation=herefordshire, code="HEREFORD-1")
    assert theirs not in actions.indicator_choices(review, editor)


def test_unlinking_removes_the_baseline(review, editor, indicator):
    made = recommendation(review, "R", position=0, number=1)
    baseline = actions.link_indicator(made, indicator, by=editor)
    actions.unlink_indicator(baseline, by=editor)
    assert not RecommendationBaseline.objects.exists()
