"""The programmes' flags gathered from real records (ascent/programmes/flags.py), on the Challenges page too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.assurance import registry
from ascent.programmes import actions, flags
from ascent.programmes.models import Stage

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db

#: Mid-November 2019, when Resilient Harrow's figures were counted.
TODAY = dt.date(2019, 11, 15)
START = dt.date(2019, 4, 1)


def harrow_is_home(programme, editor, reference="RH02", name="Harrow is Home"):
    """In delivery, £400K forecast in full with £312,000 delivered by mid-November, green, last updated in October."""
    project = actions.create_project(
        programme, by=editor, reference=reference, name=name, stage=Stage.DELIVERY, on=START
    )
    actions.record_saving(
        project,
        by=editor,
        financial_year=2019,
        target=Decimal("400000"),
        forecast=Decimal("400000"),
        delivered=Decimal("312000"),
        delivered_as_at=TODAY,
    )
    actions.add_update(project, by=editor, text="Moves on track", on=dt.date(2019, 10, 1), rag_overall="green")
    return project


def care_market(programme, editor, reference="RH03", name="Care market shaping"):
    """Proposed, rated green, its first milestone due at the end of September and not met."""
    project = actions.create_project(programme, by=editor, reference=reference, name=name, on=START)
    actions.save_milestone(project, by=editor, title="Business case to the board", baseline_date=dt.date(2019, 9, 30))
    actions.add_update(project, by=editor, text="Options drafted", on=dt.date(2019, 11, 13), rag_overall="green")
    return project


@pytest.fixture
def world(harrow, herefordshire, editor):
    programme = resilient_programme(harrow, editor)
    actions.add_meeting(programme.board, by=editor, held_on=dt.date(2019, 11, 12))
    actions.add_meeting(programme.board, by=editor, held_on=dt.date(2019, 12, 10))  # not held yet on TODAY
    reviews = targeted_reviews(programme, editor)
    actions.add_update(reviews, by=editor, text="Reviews under way", on=dt.date(2019, 11, 14), rag_overall="green")
    home = harrow_is_home(programme, editor)
    market = care_market(programme, editor)
    high = actions.save_risk(
        programme, by=editor, project=reviews, reference="R1", title="Reviewers leave", likelihood=4, impact=4
    )
    own = actions.save_risk(programme, by=editor, reference="P1", title="Funding ends", likelihood=5, impact=3)
    actions.save_risk(programme, by=editor, project=home, title="Within appetite", likelihood=3, impact=4)
    gone = actions.save_risk(programme, by=editor, project=home, title="Closed", likelihood=5, impact=5)
    actions.close_risk(gone, by=editor, on=dt.date(2019, 10, 1))
    # Business as usual: no longer checked, however it looks.
    done = actions.create_project(programme, by=editor, reference="RH04", name="Done", stage=Stage.DELIVERY, on=START)
    actions.record_saving(done, by=editor, financial_year=2019, target=Decimal("100000"), forecast=Decimal("0"))
    actions.add_update(done, by=editor, text="Handed over", on=dt.date(2019, 5, 1), rag_overall="green")
    actions.change_stage(done, by=editor, stage=Stage.BAU, on=dt.date(2019, 6, 1))
    actions.save_risk(programme, by=editor, project=done, title="Old risk", likelihood=5, impact=5)
    # A closed programme, and another council's programme, are not Harrow's to check.
    old = actions.create_programme(harrow, by=editor, name="Old programme", starts_on=dt.date(2017, 4, 1))
    care_market(old, editor, "OLD1", "Old project")
    actions.change_programme(old, by=editor, status="closed", closed_on=dt.date(2019, 3, 31), closed_reason="Ended")
    other = resilient_programme(herefordshire, editor=None)
    care_market(other, None, "H1", "Herefordshire project")
    return {"programme": programme, "reviews": reviews, "home": home, "market": market, "high": high, "own": own}


def by_key(found):
    return {flag.key: flag for flag in found}


def test_the_flags_of_a_council_on_real_records(harrow, world):
    found = by_key(flags.open_flags(harrow, today=TODAY))
    reviews, home, market = world["reviews"].pk, world["home"].pk, world["market"].pk
    milestone = world["market"].milestones.get().pk
    assert set(found) == {
        f"programmes.green-while-savings-behind:project:{reviews}",
        f"programmes.no-update-since-board:project:{home}",
        f"programmes.green-before-implementation:project:{market}",
        f"programmes.milestone-slipped:milestone:{milestone}",
        f"programmes.risk-above-appetite:risk:{world['high'].pk}",
        f"programmes.risk-above-appetite:risk:{world['own'].pk}",
    }
    savings = found[f"programmes.green-while-savings-behind:project:{reviews}"]
    assert savings.detail == (
        "Reported green overall, but savings are behind: 2019-20: £863K forecast against a target of £1.046m, "
        "£183K short."
    )
    assert savings.subject == "RH01 Targeted Reviews — Resilient programme"
    assert savings.url == reverse("programmes:project", args=[harrow.gss_code, reviews])
    assert found[f"programmes.no-update-since-board:project:{home}"].detail == (
        "No progress update since the Programme Board met on 12 November 2019: the last was on 1 October 2019."
    )
    assert found[f"programmes.green-before-implementation:project:{market}"].detail == (
        "Reported green overall, but it is still proposed, and its first milestone, “Business case to the board”, "
        "was due on 30 September 2019, 46 days ago."
    )
    assert found[f"programmes.milestone-slipped:milestone:{milestone}"].detail == (
        "“Business case to the board” was forecast for 30 September 2019 and is not done: 46 days overdue."
    )
    high = found[f"programmes.risk-above-appetite:risk:{world['high'].pk}"]
    assert high.subject == "R1 Reviewers leave — RH01 Targeted Reviews"
    assert high.url == savings.url
    assert high.detail == "Scored 16 (Extreme: likelihood 4 × impact 4), above the programme's appetite of 12."
    own = found[f"programmes.risk-above-appetite:risk:{world['own'].pk}"]
    assert own.subject == "P1 Funding ends — Resilient programme"
    assert own.url == reverse("programmes:risk", args=[harrow.gss_code, world["own"].pk])


def test_what_is_put_right_stops_flagging(harrow, editor, world):
    actions.add_update(world["home"], by=editor, text="Still on track", on=dt.date(2019, 11, 12))
    actions.change_stage(world["market"], by=editor, stage=Stage.DELIVERY, on=dt.date(2019, 11, 14))
    actions.save_milestone(world["market"], by=editor, milestone=world["market"].milestones.get(), done_on=TODAY)
    actions.save_risk(world["programme"], by=editor, risk=world["high"], likelihood=3)
    actions.close_risk(world["own"], by=editor, on=TODAY)
    actions.add_update(world["reviews"], by=editor, text="Behind", on=TODAY, rag_overall="amber")
    assert flags.open_flags(harrow, today=TODAY) == []


def test_a_later_year_and_the_programme_tolerance_are_read_from_the_records(harrow, editor, world):
    actions.change_programme(world["programme"], by=editor, milestone_tolerance_days=7, risk_appetite=16)
    actions.save_milestone(
        world["home"],
        by=editor,
        title="Last move",
        baseline_date=dt.date(2020, 1, 1),
        forecast_date=dt.date(2020, 1, 9),
    )
    actions.record_saving(world["home"], by=editor, financial_year=2020, target=Decimal("500000"))
    found = flags.open_flags(harrow, today=TODAY)
    slipped = [flag.detail for flag in found if flag.check.name == "programmes.milestone-slipped"]
    assert slipped[0] == (
        "“Last move” is forecast for 9 January 2020, 8 days late against its baseline of 1 January 2020 "
        "(the programme allows 7 days)."
    )
    assert [flag.subject for flag in found if flag.check.name == "programmes.risk-above-appetite"] == []
    assert not any("2020-21" in flag.detail for flag in found)


def test_a_project_moved_to_another_board_answers_to_that_boards_meetings_since_the_move(harrow, editor, world):
    improvement = actions.create_board(harrow, by=editor, name="Improvement Board")
    actions.add_meeting(improvement, by=editor, held_on=dt.date(2019, 11, 1))  # before the move: not its meeting
    actions.move_to_board(world["home"], by=editor, board=improvement, on=dt.date(2019, 11, 5))
    keys = by_key(flags.open_flags(harrow, today=TODAY))
    assert f"programmes.no-update-since-board:project:{world['home'].pk}" not in keys
    actions.add_meeting(improvement, by=editor, held_on=dt.date(2019, 11, 14))
    detail = by_key(flags.open_flags(harrow, today=TODAY))[
        f"programmes.no-update-since-board:project:{world['home'].pk}"
    ]
    assert detail.detail.startswith("No progress update since the Improvement Board met on 14 November 2019")


def test_project_flags_group_by_project_and_can_be_limited(harrow, world):
    grouped = flags.project_flags(harrow, today=TODAY)
    assert set(grouped) == {world["reviews"].pk, world["home"].pk, world["market"].pk}
    assert [flag.check.name for flag in grouped[world["reviews"].pk]] == [
        "programmes.green-while-savings-behind",
        "programmes.risk-above-appetite",
    ]
    assert [flag.check.name for flag in grouped[world["market"].pk]] == [
        "programmes.green-before-implementation",
        "programmes.milestone-slipped",
    ]
    only = flags.project_flags(harrow, [world["reviews"].pk], today=TODAY)
    assert list(only) == [world["reviews"].pk]
    assert only[world["reviews"].pk] == grouped[world["reviews"].pk]
    assert flags.project_flags(harrow, [], today=TODAY) == {}


def test_the_app_declares_its_flag_source(harrow, world):
    found = [flag for flag in registry.open_flags(harrow) if flag.check.app == "programmes"]
    assert {flag.key for flag in found} == {flag.key for flag in flags.open_flags(harrow)}


FLAG_QUERIES = 5


def test_open_flags_takes_a_fixed_number_of_queries(harrow, editor, world, django_assert_num_queries):
    with django_assert_num_queries(FLAG_QUERIES):
        first = flags.open_flags(harrow, today=TODAY)
    for number in range(10):
        project = care_market(world["programme"], editor, f"X{number}", f"Extra {number}")
        actions.save_risk(
            world["programme"], by=editor, project=project, title=f"Risk {number}", likelihood=5, impact=5
        )
        harrow_is_home(world["programme"], editor, f"Y{number}", f"More homes {number}")
    with django_assert_num_queries(FLAG_QUERIES):
        later = flags.open_flags(harrow, today=TODAY)
    assert len(later) == len(first) + 10 * 4
    with django_assert_num_queries(FLAG_QUERIES):
        flags.project_flags(harrow, [world["reviews"].pk], today=TODAY)


def test_a_council_with_no_programmes_takes_one_query(herefordshire, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert flags.open_flags(herefordshire, today=TODAY) == []


def test_the_challenges_page_lists_the_programmes_flags_with_links_to_the_projects(client, harrow, viewer, world):
    client.force_login(viewer)
    page = client.get(reverse("assurance:index", args=[harrow.gss_code]))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    hrefs = {link["href"] for link in soup.select("main a[href]")}
    found = flags.open_flags(harrow)
    assert {flag.check.name for flag in found} >= {
        "programmes.green-while-savings-behind",
        "programmes.risk-above-appetite",
        "programmes.milestone-slipped",
    }
    for flag in found:
        assert flag.detail in text
        assert flag.subject in text
        assert flag.url in hrefs
    assert reverse("programmes:project", args=[harrow.gss_code, world["reviews"].pk]) in hrefs
    for check in {flag.check for flag in found}:
        assert check.reason in text
    assert "Herefordshire project" not in text
    assert "Old project" not in text


def test_the_challenges_page_filters_to_one_programme_check(client, harrow, viewer, world):
    client.force_login(viewer)
    url = reverse("assurance:index", args=[harrow.gss_code])
    page = client.get(url, {"check": "programmes.risk-above-appetite"})
    text = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())
    assert "R1 Reviewers leave — RH01 Targeted Reviews" in text
    assert "£183K short" not in text
