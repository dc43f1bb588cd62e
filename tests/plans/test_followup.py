"""Follow-up reviews (ascent/plans/followup.py, ascent/plans/views/followup.py).

The world: Harrow's peer challenge, published with a letter on 15 March 2026, has three
recommendations (1 accepted, with two actions and a baseline of a "higher is better" per cent
indicator; 2 partly accepted with no action; 3 not accepted). Herefordshire has a plan whose
action names Harrow's recommendation 1 (it must never show in Harrow's follow-up).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from ascent.core.fields import PeriodColumns
from ascent.core.periods import parse_period
from ascent.indicators.models import Indicator, Observation, Unit
from ascent.plans import followup
from ascent.plans.models import (
    Action,
    ActionIndicator,
    ActionStatus,
    FollowUp,
    FollowUpStatus,
    Plan,
    PlanSettings,
)
from ascent.reviews.models import LetterVersion, Recommendation, RecommendationBaseline, Response, Review, Stage

pytestmark = pytest.mark.django_db

LETTER_ON = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


def indicator(organisation, code, *, polarity="higher_is_better", unit=Unit.PERCENT, decimals=1):
    return Indicator.objects.create(
        organisation=organisation,
        code=code,
        title=f"Indicator {code}",
        unit=unit,
        polarity=polarity,
        decimals=decimals,
    )


def observe(organisation, which, period, value):
    return Observation.objects.create(
        organisation=organisation,
        indicator=which,
        value=Decimal(str(value)),
        **PeriodColumns.period_values(parse_period(period)),
    )


def published_review(organisation, title="Harrow peer challenge", **fields):
    values = {"stage": Stage.PUBLISHED, "on_site_from": dt.date(2026, 1, 12), "on_site_to": dt.date(2026, 1, 15)}
    return Review.objects.create(organisation=organisation, title=title, **{**values, **fields})


@pytest.fixture
def world(harrow, herefordshire, editor):
    review = published_review(harrow)
    LetterVersion.objects.create(review=review, version=1, content={}, published_at=LETTER_ON - dt.timedelta(days=30))
    LetterVersion.objects.create(review=review, version=2, content={}, published_at=LETTER_ON)
    first = Recommendation.objects.create(
        review=review, position=0, number=1, text="Simplify the front door.", response=Response.ACCEPTED
    )
    second = Recommendation.objects.create(
        review=review,
        position=1,
        number=2,
        text="Review carers' assessments.",
        response=Response.PARTLY_ACCEPTED,
        response_reason="Within the current budget.",
    )
    third = Recommendation.objects.create(
        review=review, position=2, number=3, text="Merge two teams.", response=Response.NOT_ACCEPTED
    )
    reablement = indicator(harrow, "H-REAB")
    observe(harrow, reablement, "2014-15", 50)
    RecommendationBaseline.objects.create(
        recommendation=first, indicator=reablement, value=Decimal("50"), period_code="2014-15", period_label="2014-15"
    )
    observe(harrow, reablement, "2015-16", "53.5")
    waits = indicator(harrow, "H-WAIT", polarity="lower_is_better", unit=Unit.DAYS, decimals=0)
    observe(harrow, waits, "2015-16", 40)
    plan = Plan.objects.create(
        organisation=harrow,
        title="Harrow improvement plan",
        owner=editor,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        review=review,
    )
    today = timezone.localdate()
    late = Action.objects.create(
        plan=plan,
        reference="1.1",
        title="Publish one number for the front door",
        status=ActionStatus.ON_TRACK,
        rag="amber",
        percent_complete=40,
        due_date=today - dt.timedelta(days=10),
        original_due_date=today - dt.timedelta(days=10),
    )
    late.recommendations.add(first)
    moved = Action.objects.create(
        plan=plan,
        reference="1.2",
        title="Train the contact centre",
        status=ActionStatus.COMPLETE,
        percent_complete=100,
        due_date=dt.date(2027, 3, 31),
        original_due_date=dt.date(2026, 12, 31),
        completed_on=today,
    )
    moved.recommendations.add(first)
    ActionIndicator.objects.create(
        action=moved,
        indicator=waits,
        target=Decimal("30"),
        baseline_value=Decimal("45"),
        baseline_period_label="2014-15",
    )
    other = Plan.objects.create(
        organisation=herefordshire,
        title="Herefordshire plan",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    stray = Action.objects.create(plan=other, title="Herefordshire's own private action")
    stray.recommendations.add(first)
    return {
        "review": review,
        "first": first,
        "second": second,
        "third": third,
        "plan": plan,
        "late": late,
        "moved": moved,
        "reablement": reablement,
        "waits": waits,
    }


@pytest.fixture
def planned(world, editor):
    return followup.plan_follow_up(world["review"], by=editor)


# When it is due ---------------------------------------------------------------------------------


def test_the_letter_day_is_the_latest_published_version(world):
    assert followup.letter_day(world["review"]) == dt.date(2026, 3, 15)


def test_without_a_published_version_the_letter_date_then_the_last_day_on_site_count(harrow):
    review = published_review(harrow, letter_date=dt.date(2026, 2, 1))
    assert followup.letter_day(review) == dt.date(2026, 2, 1)
    review = published_review(harrow, title="Recorded without a letter date")
    assert followup.letter_day(review) == dt.date(2026, 1, 15)


def test_it_is_due_ten_months_after_the_letter_or_the_councils_own_months(world, harrow):
    assert followup.default_due_on(world["review"]) == dt.date(2027, 1, 15)
    PlanSettings.objects.create(organisation=harrow, follow_up_months=6)
    assert followup.default_due_on(world["review"]) == dt.date(2026, 9, 15)


def test_planning_a_follow_up_takes_the_default_date_and_records_who(world, editor):
    record = followup.plan_follow_up(world["review"], by=editor)
    assert record.due_on == dt.date(2027, 1, 15)
    assert record.status == FollowUpStatus.PLANNED
    assert record.organisation == world["review"].organisation
    assert record.history.get().history_user == editor


def test_the_reviews_own_follow_up_date_wins_over_the_months(world, editor):
    Review.objects.filter(pk=world["review"].pk).update(follow_up_due_on=dt.date(2026, 12, 1))
    record = followup.plan_follow_up(world["review"], by=editor)
    assert record.due_on == dt.date(2026, 12, 1)


def test_an_open_review_cannot_be_followed_up(harrow, editor):
    review = Review.objects.create(organisation=harrow, title="Still at fieldwork", stage=Stage.FIELDWORK)
    with pytest.raises(ValidationError) as refused:
        followup.plan_follow_up(review, by=editor)
    assert refused.value.message_dict == {
        "review": ["A follow-up is of a review whose letter is published: this one is still at fieldwork"]
    }


def test_one_planned_follow_up_at_a_time(planned, world, editor):
    with pytest.raises(ValidationError) as refused:
        followup.plan_follow_up(world["review"], by=editor)
    assert refused.value.message_dict == {
        "review": ["Harrow peer challenge already has a follow-up planned for 15 January 2027"]
    }
    assert FollowUp.objects.count() == 1


def test_a_date_before_the_letter_is_refused(world, editor):
    with pytest.raises(ValidationError) as refused:
        followup.plan_follow_up(world["review"], by=editor, due_on=dt.date(2026, 3, 1))
    assert refused.value.message_dict == {"due_on": ["The follow-up must be due on or after the letter, 15 March 2026"]}
    assert not FollowUp.objects.exists()


def test_a_review_with_no_date_at_all_needs_one_given(harrow, editor):
    review = Review.objects.create(organisation=harrow, title="No dates", stage=Stage.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        followup.plan_follow_up(review, by=editor)
    assert "due_on" in refused.value.message_dict
    record = followup.plan_follow_up(review, by=editor, due_on=dt.date(2027, 2, 1))
    assert record.due_on == dt.date(2027, 2, 1)


# Movement ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "then", "now", "direction", "change", "words"),
    [
        ("higher_is_better", "50", "53.5", "improving", "3.5", "+3.5 percentage points"),
        ("higher_is_better", "50", "48", "worsening", "-2", "-2.0 percentage points"),
        ("lower_is_better", "50", "48", "improving", "-2", "-2.0 percentage points"),
        ("lower_is_better", "50", "51", "worsening", "1", "+1.0 percentage point"),
        ("neither", "50", "51", "increased", "1", "+1.0 percentage point"),
        ("higher_is_better", "50", "50", "no_change", "0", "No change"),
        ("higher_is_better", None, "50", "not_comparable", None, ""),
        ("higher_is_better", "50", None, "not_comparable", None, ""),
    ],
)
def test_movement_is_judged_by_the_indicators_polarity(polarity, then, now, direction, change, words):
    which = Indicator(code="X", title="X", unit=Unit.PERCENT, polarity=polarity, decimals=1)
    moved = followup.movement(which, None if then is None else Decimal(then), None if now is None else Decimal(now))
    assert moved["direction"] == direction
    assert moved["change"] == change
    assert moved["change_text"] == words


def test_a_change_is_written_in_the_indicators_unit():
    days = Indicator(code="D", title="D", unit=Unit.DAYS, polarity="lower_is_better", decimals=0)
    assert followup.change_text(days, Decimal("-5")) == "-5 days"
    money = Indicator(code="M", title="M", unit=Unit.MONEY, polarity="lower_is_better", decimals=0)
    assert followup.change_text(money, Decimal("1263000")) == "+£1.263m"


# Content ----------------------------------------------------------------------------------------


def test_each_recommendation_shows_its_actions_and_the_movement_since_its_baseline(planned, world):
    data = followup.content(planned)
    first, second, third = data["recommendations"]
    assert [first["label"], second["label"], third["label"]] == [
        "Recommendation 1",
        "Recommendation 2",
        "Recommendation 3",
    ]
    assert second["response_label"] == "Partly accepted"
    assert second["actions"] == [] and third["actions"] == []
    late, moved = first["actions"]
    assert (late["reference"], late["overdue"], late["original_due_on"]) == ("1.1", True, None)
    assert (moved["reference"], moved["overdue"], moved["original_due_on"]) == ("1.2", False, "2026-12-31")
    assert moved["status_label"] == "Complete" and moved["percent"] == 100
    assert late["rag_label"] == "Amber"
    [measure] = first["indicators"]
    assert measure["baseline_text"] == "50.0%" and measure["baseline_period"] == "2014-15"
    assert measure["latest_text"] == "53.5%" and measure["latest_period"] == "2015-16"
    assert (measure["change"], measure["direction"]) == ("3.5", "improving")
    # The action's own link: 45 days when linked, 40 now, lower is better.
    [linked] = moved["indicators"]
    assert (linked["code"], linked["change_text"], linked["direction"]) == ("H-WAIT", "-5 days", "improving")
    assert linked["target_text"] == "30 days"


def test_the_totals(planned):
    totals = followup.content(planned)["totals"]
    assert totals["recommendations"] == 3
    assert totals["accepted"] == 2
    assert totals["accepted_without_action"] == 1
    assert (totals["actions"], totals["closed"], totals["overdue"]) == (2, 1, 1)
    assert totals["by_status"]["on-track"] == 1 and totals["by_status"]["complete"] == 1
    assert (totals["better"], totals["worse"]) == (1, 0)


def test_another_councils_actions_never_appear(planned):
    data = followup.content(planned)
    titles = [action["title"] for item in data["recommendations"] for action in item["actions"]]
    assert "Herefordshire's own private action" not in titles


def test_content_reads_in_a_fixed_number_of_queries(planned, world, django_assert_num_queries):
    with django_assert_num_queries(10):
        followup.content(planned)
    # Many more recommendations, actions and links take no more queries.
    for number in range(4, 24):
        recommendation = Recommendation.objects.create(
            review=world["review"], position=number, number=number, text=f"Recommendation {number}"
        )
        RecommendationBaseline.objects.create(
            recommendation=recommendation, indicator=world["waits"], value=Decimal("42"), period_code="2014-15"
        )
        for step in range(3):
            action = Action.objects.create(plan=world["plan"], reference=f"{number}.{step}", title="More")
            action.recommendations.add(recommendation)
            ActionIndicator.objects.create(action=action, indicator=world["reablement"])
    with django_assert_num_queries(10):
        data = followup.content(planned)
    assert data["totals"]["actions"] == 2 + 20 * 3


# Held: the snapshot ---------------------------------------------------------------------------


def _hold(record, editor, **extra):
    followup.change_follow_up(record, by=editor, due_on=record.due_on, summary="Good progress on the front door.")
    return followup.mark_held(record, by=editor, held_on=timezone.localdate(), **extra)


def test_marking_as_held_needs_a_summary(planned, editor):
    with pytest.raises(ValidationError) as refused:
        followup.mark_held(planned, by=editor, held_on=timezone.localdate())
    assert refused.value.message_dict == {
        "summary": ["Write the summary of what the follow-up found before marking it as held"]
    }
    planned.refresh_from_db()
    assert planned.status == FollowUpStatus.PLANNED and planned.snapshot is None


def test_the_day_it_was_held_cannot_be_in_the_future_or_before_the_letter(planned, editor):
    followup.change_follow_up(planned, by=editor, due_on=planned.due_on, summary="Done.")
    with pytest.raises(ValidationError) as refused:
        followup.mark_held(planned, by=editor, held_on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.message_dict == {"held_on": ["The day the follow-up was held must be today or earlier"]}
    with pytest.raises(ValidationError) as refused:
        followup.mark_held(planned, by=editor, held_on=dt.date(2026, 1, 1))
    assert refused.value.message_dict == {
        "held_on": ["The follow-up must be held on or after the letter, 15 March 2026"]
    }


def test_a_held_follow_up_reads_the_same_whatever_changes_later(planned, world, editor, harrow):
    held = _hold(planned, editor)
    before = followup.follow_up_content(held)
    assert before["held_on"] == timezone.localdate().isoformat()
    # Later: the overdue action is completed, the indicator moves the wrong way, a new action appears.
    Action.objects.filter(pk=world["late"].pk).update(status=ActionStatus.COMPLETE, percent_complete=100)
    observe(harrow, world["reablement"], "2016-17", 41)
    extra = Action.objects.create(plan=world["plan"], reference="2.1", title="A later action")
    extra.recommendations.add(world["second"])
    held.refresh_from_db()
    after = followup.follow_up_content(held)
    assert after == before
    assert after["recommendations"][0]["actions"][0]["status_label"] == "On track"
    assert after["recommendations"][0]["indicators"][0]["latest_text"] == "53.5%"
    # The live content has moved on; the snapshot has not.
    live = followup.content(held)
    assert live["recommendations"][0]["indicators"][0]["direction"] == "worsening"
    assert followup.document_from_content(after) == followup.build_document(held)


def test_a_held_follow_up_can_no_longer_change(planned, editor):
    held = _hold(planned, editor)
    with pytest.raises(ValidationError) as refused:
        followup.change_follow_up(held, by=editor, due_on=held.due_on, summary="Rewritten")
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        followup.mark_held(held, by=editor, held_on=timezone.localdate())
    held.refresh_from_db()
    assert held.summary == "Good progress on the front door."
    assert held.history.first().history_change_reason == "Follow-up held: its figures kept"


def test_holding_may_move_the_review_to_its_follow_up_stage(planned, world, editor):
    _hold(planned, editor, move_review=True)
    world["review"].refresh_from_db()
    assert world["review"].stage == Stage.FOLLOW_UP
    assert world["review"].history.first().history_user == editor


def test_holding_leaves_the_review_alone_unless_asked(planned, world, editor):
    _hold(planned, editor)
    world["review"].refresh_from_db()
    assert world["review"].stage == Stage.PUBLISHED


# The report -------------------------------------------------------------------------------------


def test_the_document_has_a_section_per_recommendation(planned):
    document = followup.build_document(planned)
    headings = [section.heading for section in document.sections]
    assert headings == [
        "Summary",
        "Progress at a glance",
        "Recommendations",
        "Recommendation 1",
        "Recommendation 2",
        "Recommendation 3",
    ]
    assert document.title == "Follow-up of Harrow peer challenge"
    assert document.filename("pdf") == f"follow-up-of-harrow-peer-challenge-{timezone.localdate().isoformat()}.pdf"


def _download(client, record, fmt):
    url = reverse(
        "plans:follow_up_report",
        kwargs={"gss_code": record.organisation.gss_code, "follow_up_id": record.pk, "fmt": fmt},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="follow-up-of-harrow-peer-challenge')
    return response.content


def test_the_report_reads_back_as_html_word_and_pdf(client, viewer, planned, editor):
    held = _hold(planned, editor)
    client.force_login(viewer)
    page = BeautifulSoup(_download(client, held, "html"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "Follow-up of Harrow peer challenge"
    assert "Good progress on the front door." in page.get_text()
    assert "Publish one number for the front door" in page.get_text()

    word = WordDocument(io.BytesIO(_download(client, held, "docx")))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Recommendation 1" in text and "Good progress on the front door." in text
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "+3.5 percentage points" in cells

    with pdfplumber.open(io.BytesIO(_download(client, held, "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Follow-up of Harrow peer challenge" in text
    assert "Simplify the front door." in text


def test_an_unknown_format_is_not_found(client, viewer, planned):
    client.force_login(viewer)
    url = reverse("plans:follow_up_report", kwargs={"gss_code": "E09000015", "follow_up_id": planned.pk, "fmt": "xlsx"})
    assert client.get(url).status_code == 404


# Pages ------------------------------------------------------------------------------------------


def _url(name, record=None, gss="E09000015"):
    kwargs = {"gss_code": gss}
    if record is not None:
        kwargs["follow_up_id"] = record.pk
    return reverse(f"plans:{name}", kwargs=kwargs)


def test_an_editor_plans_a_follow_up_from_the_list(client, editor, world):
    client.force_login(editor)
    page = BeautifulSoup(client.get(_url("follow_ups")).content, "html.parser")
    assert "Harrow peer challenge" in page.select_one("[data-waiting]").get_text()
    response = client.post(_url("new_follow_up"), {"review": world["review"].pk, "due_on": ""})
    record = FollowUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("follow_up", record)
    assert record.due_on == dt.date(2027, 1, 15)


def test_a_bad_date_is_named_and_nothing_is_saved(client, editor, world):
    client.force_login(editor)
    response = client.post(_url("new_follow_up"), {"review": world["review"].pk, "due_on": "31/2/2027"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "When it is due must be a real date, like 7/10/2027" in page.select_one(".govuk-error-summary").get_text()
    assert page.title.get_text().startswith("Error:")
    assert not FollowUp.objects.exists()
    response = client.post(_url("new_follow_up"), {"review": world["review"].pk, "due_on": "1/3/2026"})
    assert "The follow-up must be due on or after the letter, 15 March 2026" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_another_councils_review_cannot_be_chosen(client, editor, herefordshire):
    theirs = published_review(herefordshire, title="Herefordshire peer challenge")
    client.force_login(editor)
    response = client.post(_url("new_follow_up"), {"review": theirs.pk})
    assert response.status_code == 200
    assert "Choose one of the reviews listed" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_page_shows_each_recommendation_its_actions_and_movement(client, viewer, planned):
    client.force_login(viewer)
    response = client.get(_url("follow_up", planned))
    page = BeautifulSoup(response.content, "html.parser")
    first = page.select("[data-recommendation]")[0]
    rows = first.select("[data-action]")
    assert [row.th.get_text(" ", strip=True).split(" Harrow")[0] for row in rows] == [
        "1.1 Publish one number for the front door",
        "1.2 Train the contact centre",
    ]
    assert "Overdue" in rows[0].get_text()
    assert "(was 31 December 2026)" in rows[1].get_text()
    measures = {row["data-measure"]: row["data-direction"] for row in first.select("[data-measure]")}
    assert measures == {"H-REAB": "improving", "H-WAIT": "improving"}
    assert page.select("[data-recommendation]")[1].select_one("[data-no-actions]") is not None
    # A viewer reads it but may not change it.
    assert "Mark as held" not in response.content.decode()
    assert client.post(_url("edit_follow_up", planned), {"due_on": "1/2/2027"}).status_code == 403


def test_the_page_pins_its_queries(client, viewer, planned, world, django_assert_max_num_queries):
    client.force_login(viewer)
    client.get(_url("follow_up", planned))
    with django_assert_max_num_queries(19):
        assert client.get(_url("follow_up", planned)).status_code == 200
    for number in range(4, 14):
        recommendation = Recommendation.objects.create(
            review=world["review"], position=number, number=number, text=f"Recommendation {number}"
        )
        for step in range(3):
            action = Action.objects.create(plan=world["plan"], reference=f"{number}.{step}", title="More")
            action.recommendations.add(recommendation)
            ActionIndicator.objects.create(action=action, indicator=world["waits"], baseline_value=Decimal("41"))
    with django_assert_max_num_queries(19):
        assert client.get(_url("follow_up", planned)).status_code == 200


def test_the_list_pins_its_queries(client, editor, world, harrow, django_assert_num_queries):
    followup.plan_follow_up(world["review"], by=editor)
    client.force_login(editor)
    client.get(_url("follow_ups"))
    with django_assert_num_queries(11):
        page = BeautifulSoup(client.get(_url("follow_ups")).content, "html.parser")
    assert len(page.select("[data-planned] [data-follow-up]")) == 1
    for number in range(6):
        review = published_review(harrow, title=f"Review {number}", letter_date=dt.date(2026, 2, 1))
        record = followup.plan_follow_up(review, by=editor)
        if number % 2:
            followup.change_follow_up(record, by=editor, due_on=record.due_on, summary="Held.")
            followup.mark_held(record, by=editor, held_on=timezone.localdate())
        published_review(harrow, title=f"Waiting review {number}")
    with django_assert_num_queries(11):
        page = BeautifulSoup(client.get(_url("follow_ups")).content, "html.parser")
    assert len(page.select("[data-planned] [data-follow-up]")) == 4
    assert len(page.select("[data-held] [data-follow-up]")) == 3
    assert len(page.select("[data-waiting] li")) == 6


def test_the_editor_writes_the_summary_and_marks_it_held(client, editor, planned, world):
    client.force_login(editor)
    response = client.post(
        _url("edit_follow_up", planned), {"due_on": "20/1/2027", "summary": "The front door is simpler."}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.due_on, planned.summary) == (dt.date(2027, 1, 20), "The front door is simpler.")
    today = timezone.localdate()
    response = client.post(
        _url("hold_follow_up", planned), {"held_on": f"{today.day}/{today.month}/{today.year}", "move_review": "on"}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == FollowUpStatus.HELD and planned.snapshot["summary"] == "The front door is simpler."
    world["review"].refresh_from_db()
    assert world["review"].stage == Stage.FOLLOW_UP
    page = client.get(_url("follow_up", planned)).content.decode()
    assert "data-snapshot" in page
    # The held follow-up's forms say so, and a POST changes nothing.
    response = client.post(_url("edit_follow_up", planned), {"due_on": "1/2/2027", "summary": "Changed"})
    assert "can no longer change" in response.content.decode()
    planned.refresh_from_db()
    assert planned.summary == "The front door is simpler."


def test_herefordshire_never_sees_harrows_follow_up(client, outsider, planned):
    client.force_login(outsider)
    assert client.get(_url("follow_up", planned)).status_code == 404
    assert client.get(_url("follow_up", planned, gss="E06000019")).status_code == 404
