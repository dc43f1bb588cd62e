"""The Activity feed: changes in plain words, in a number of queries that does not grow with
the number of audited models or rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.assessments.models import (
    ElementRating,
    FlagJustification,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    TopRisk,
)
from ascent.core.audit import ActivityFeed, audited_models
from ascent.core.dates import govuk_time
from ascent.core.periods import parse_period as P
from ascent.core.rag import Target as TargetRule
from ascent.evidence.models import EvidenceFile
from ascent.finance.models import ExpenditureLine
from ascent.frameworks.models import Element, ElementMapping, Framework
from ascent.imports.models import ImportRun
from ascent.indicators import actions as indicator_actions
from ascent.indicators.actions import record_observation as record
from ascent.indicators.models import ComparatorGroup, IndicatorElement, IndicatorGroup
from ascent.organisations import actions
from ascent.organisations.models import Invitation, Membership, Role
from tests.factories import MembershipFactory
from tests.finance.factories import ExpenditureLineFactory
from tests.indicators.factories import IndicatorFactory
from tests.organisations.test_activity import ACTIVITY_PAGE_QUERIES

pytestmark = pytest.mark.django_db

D = Decimal
CONTROL = "Proportion of people who use services who have control over their daily life"


def page_rows(client, organisation, **params):
    response = client.get(reverse("organisations:activity", kwargs={"gss_code": organisation.gss_code}), params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")], soup


@pytest.fixture
def control(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-1A", title=CONTROL, unit="percent", decimals=1)


def test_a_corrected_value_reads_as_the_pages_show_it(client, harrow, admin_user, control):
    record(harrow, control, period=P("2019-20"), value=D("58.5"), by=admin_user)
    record(harrow, control, period=P("2019-20"), value=D("60.1"), by=admin_user)
    client.force_login(admin_user)
    rows, soup = page_rows(client, harrow)
    assert rows[0][2] == f"Changed indicator value {CONTROL}, 2019-20"
    assert rows[0][3] == f"Changed the value of {CONTROL}, 2019-20, from 58.5% to 60.1%"
    created = rows[1][3]
    assert f"Indicator: {CONTROL}" in created and "Value: 58.5%" in created and "Period: 2019-20" in created
    text = soup.select_one("table").get_text(" ")
    for internal in ("observation", "58.500000", "period_code", "_id", "HistoricalObservation", "percent"):
        assert internal not in text


def test_quarters_money_and_choices_read_as_the_pages_show_them(client, harrow, admin_user, control):
    money = IndicatorFactory(organisation=harrow, code="HAR-£", title="Cost of care", unit="money", decimals=0)
    record(harrow, money, period=P("Q3 2015/16"), value=D("1263000"), by=admin_user)
    line = ExpenditureLineFactory(
        organisation=harrow, service_line="Reablement", financial_year=2019, amount=D("34099000")
    )
    line.amount = D("1263000")
    line.basis = ExpenditureLine.Basis.BUDGET
    line.save()
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    spending = rows[0]
    assert spending[2] == "Changed spending line Reablement, 2019-20"
    assert "Changed the amount of Reablement, 2019-20, from £34.099m to £1.263m" in spending[3]
    assert "Changed the basis of Reablement, 2019-20, from Actual to Budget" in spending[3]
    value = next(row for row in rows if "Cost of care" in row[2])
    assert value[2] == "Created indicator value Cost of care, Q3 2015/16"
    assert "Value: £1.263m" in value[3] and "Status: Final" in value[3]


def test_a_target_reads_as_a_phrase_in_a_sentence_and_capitalised_alone(client, harrow, admin_user, control):
    for value in ("60", "65"):
        indicator_actions.set_target(
            harrow, control, period=P("2019-20"), rule=TargetRule.at_least(D(value)), by=admin_user
        )
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    assert rows[0][2] == f"Changed target The target for {CONTROL}, 2019-20"
    assert rows[0][3] == f"Changed the value of the target for {CONTROL}, 2019-20, from 60.0% to 65.0%"


def test_a_ranges_rule_reads_in_words(client, harrow, admin_user, control):
    for rule in (TargetRule.between(60, 70, sense="or_better"), TargetRule.keep_within(60, 70)):
        indicator_actions.set_target(harrow, control, period=P("2019-20"), rule=rule, by=admin_user)
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    assert rows[0][3] == (
        f"Changed the range rule of the target for {CONTROL}, 2019-20, "
        "from In the range or better to Keep within the range"
    )


def test_dates_people_and_yes_or_no_read_plainly(client, harrow, admin_user):
    invitation = actions.invite_member(
        harrow, email="new.person@harrow.example", role=Role.EDITOR, by=admin_user, accept_url_builder=lambda t: t
    )
    expires = timezone.localtime(invitation.expires_at)
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    assert rows[0][2] == "Created invitation new.person@harrow.example"
    # GOV.UK style: "20 December 2026 at 9:23pm" (govuk_time is tested in tests/core/test_dates.py).
    assert f"Expires at: {expires.day} {expires:%B %Y} at {govuk_time(expires)}" in rows[0][3]
    assert "Invited by: Admin Person" in rows[0][3] and "Role: Editor" in rows[0][3]
    harrow.is_active = False
    harrow.save()
    rows, _ = page_rows(client, harrow)
    assert rows[0][3] == "Changed the active status of Harrow from Yes to No"


def test_a_checked_file_reads_as_one_sentence_and_bookkeeping_writes_no_entry(client, harrow, admin_user):
    run = ImportRun.objects.create(
        organisation=harrow, kind="observations", file_name="values.csv", file_sha256="0" * 64
    )
    run = ImportRun.objects.get(pk=run.pk)
    run.status, run.rows_read, run.error_count = ImportRun.Status.INVALID, 10, 3
    run.save()
    run.mapping = {"value": "Figure"}  # the history leaves the column matching out
    run.errors = [{"row": 2}]
    run.save()
    assert ImportRun.history.filter(id=run.pk).count() == 2
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    assert [row[2:] for row in rows if "values.csv" in row[2]] == [
        ["Checked a file values.csv", "Checked values.csv: 3 errors in 10 rows"],
        ["Uploaded a file values.csv", "Uploaded values.csv, not yet checked"],
    ]


def _one_of_each(organisation, user, control):
    """A change in every audited model, so a page holds rows from all of their tables."""
    # Programme records first: the oldest, so the newest page still shows the kinds asserted below.
    _one_of_each_programme_record(organisation, user, control, IndicatorGroup.objects.count())
    record(organisation, control, period=P("2019-20"), value=D("58.5"), by=user)
    indicator_actions.set_target(
        organisation,
        control,
        period=P("2019-20"),
        rule=TargetRule.at_least(D("60")),
        by=user,
    )
    n = IndicatorGroup.objects.count()
    IndicatorGroup.objects.create(organisation=organisation, name=f"Board scorecard {n}")
    ComparatorGroup.objects.create(
        slug=f"own-{organisation.pk}-{n}", name="Our neighbours", kind="custom", owner=organisation
    )
    ExpenditureLineFactory(organisation=organisation)
    ImportRun.objects.create(
        organisation=organisation, kind="observations", file_name="values.csv", file_sha256="0" * 64
    )
    Invitation.objects.create(
        organisation=organisation,
        email=f"someone{Invitation.objects.count()}@example.org",
        token_hash=f"{Invitation.objects.count():064d}",
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=14),
    )
    MembershipFactory(organisation=organisation)
    _one_of_each_self_assessment_record(organisation, user, control, n)
    _one_of_each_review_record(organisation, user, control, n)
    _one_of_each_plan_record(organisation, user, control, n)
    organisation.name = organisation.name + " Council"
    organisation.save()


def _one_of_each_self_assessment_record(organisation, user, control, n):
    """A council framework and a self-assessment against it, with every record that hangs off it."""
    framework = Framework.objects.create(
        organisation=organisation,
        slug=f"own-{n}",
        name="Our key lines of enquiry",
        version="1",
        rating_scale=[{"value": "good", "label": "Good", "score": 2, "favourable": True}],
    )
    first = Element.objects.create(framework=framework, key="area-1", kind="Area", title="Front door", is_rated=True)
    second = Element.objects.create(framework=framework, key="area-2", kind="Area", title="Reviews", sort_order=1)
    ElementMapping.objects.create(organisation=organisation, source=first, target=second)
    IndicatorElement.objects.create(indicator=control, element=first, organisation=organisation)
    evidence = EvidenceFile.objects.create(
        organisation=organisation,
        title="Front door audit",
        kind="processes",
        evidence_date=timezone.localdate(),
        file="evidence/x.pdf",
        original_name="audit.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    assessment = SelfAssessment(organisation=organisation, framework=framework, created_by=user)
    assessment.set_period(P("2019-20"))
    assessment.save()
    rating = ElementRating.objects.create(assessment=assessment, element=first, rating="good")
    RatingIndicator.objects.create(rating=rating, indicator=control)
    RatingEvidence.objects.create(rating=rating, evidence=evidence)
    TopRisk.objects.create(assessment=assessment, rank=1, risk="Demand at the front door")
    FlagJustification.objects.create(
        assessment=assessment, flag_key=f"x:{n}", check_name="x", reason="r", justification="j", created_by=user
    )


def _one_of_each_review_record(organisation, user, control, n):
    """A review with every audited record that hangs off it (team notes are the team's: not audited)."""
    from ascent.reviews.models import (
        FieldworkActivity,
        Finding,
        LetterImport,
        LetterVersion,
        LibraryItem,
        PersonMet,
        Recommendation,
        RecommendationBaseline,
        Review,
        ReviewIndicator,
        ReviewInvitation,
        ScopeItem,
        TeamMember,
    )

    review = Review.objects.create(organisation=organisation, title=f"Peer challenge {n}", created_by=user)
    scope = ScopeItem.objects.create(review=review, text="How well does the front door work?")
    member = TeamMember.objects.create(review=review, name="Sam Peer", role="officer-peer", email="sam@peer.example")
    ReviewInvitation.objects.create(
        member=member,
        email=member.email,
        token_hash=f"r{ReviewInvitation.objects.count():063d}",
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=14),
    )
    FieldworkActivity.objects.create(review=review, kind="interview", title="Director", starts_at=timezone.now())
    PersonMet.objects.create(review=review, role="Director of Adult Social Services")
    evidence = EvidenceFile.objects.filter(organisation=organisation).first()
    item = LibraryItem.objects.create(review=review, evidence=evidence, added_by=user)
    ReviewIndicator.objects.create(review=review, indicator=control, added_by=user)
    finding = Finding.objects.create(review=review, scope_item=scope, kind="strength", text="A strong front door")
    finding.evidence.add(item)
    recommendation = Recommendation.objects.create(review=review, number=1, text="Answer calls in person")
    recommendation.findings.add(finding)
    RecommendationBaseline.objects.create(recommendation=recommendation, indicator=control, value=D("58.5"))
    LetterVersion.objects.create(review=review, version=1, content={}, published_at=timezone.now(), published_by=user)
    LetterImport.objects.create(organisation=organisation, source_name="letter.docx", source_kind="docx", text="")


def _one_of_each_plan_record(organisation, user, control, n):
    """An improvement plan with every audited record that hangs off it."""
    from ascent.plans.models import (
        Action,
        ActionEvidence,
        ActionIndicator,
        Committee,
        CommitteeReport,
        ExtensionRequest,
        FollowUp,
        Milestone,
        Plan,
        PlanSettings,
        ProgressUpdate,
        ReportingSchedule,
        Theme,
    )
    from ascent.reviews.models import Review

    today = timezone.localdate()
    plan = Plan.objects.create(
        organisation=organisation, title=f"Improvement plan {n}", starts_on=today, ends_on=today, owner=user
    )
    theme = Theme.objects.create(plan=plan, title="Front door")
    action = Action.objects.create(plan=plan, theme=theme, reference="1.1", title="Answer calls in person")
    Milestone.objects.create(action=action, title="Rota agreed", due_date=today)
    ProgressUpdate.objects.create(action=action, on=today, author=user, text="Rota drafted")
    ActionEvidence.objects.create(action=action, url="https://example.org/rota", title="Rota", added_by=user)
    ActionIndicator.objects.create(action=action, indicator=control, target=D("60"))
    ExtensionRequest.objects.create(action=action, requested_by=user, to_date=today, reason="Staff leave")
    review = Review.objects.filter(organisation=organisation).first()
    FollowUp.objects.create(organisation=organisation, review=review, due_on=today)
    committee = Committee.objects.create(organisation=organisation, name=f"Scrutiny {n}")
    ReportingSchedule.objects.create(plan=plan, committee=committee, next_meeting_on=today)
    CommitteeReport.objects.create(plan=plan, committee=committee, meeting_on=today, title="Progress report")
    PlanSettings.objects.get_or_create(organisation=organisation)


def _one_of_each_programme_record(organisation, user, control, n):
    """A programme with every audited record that hangs off it and its board."""
    from ascent.programmes.models import (
        Board,
        BoardMeeting,
        BoardMove,
        BoardPaper,
        BudgetLine,
        Decision,
        Milestone,
        Programme,
        Project,
        ProjectIndicator,
        ProjectUpdate,
        Reprofiling,
        Risk,
        SavingLine,
    )

    today = timezone.localdate()
    org = {"organisation": organisation}
    board = Board.objects.create(**org, name=f"Programme Board {n}", cycle_weeks=4)
    meeting = BoardMeeting.objects.create(**org, board=board, held_on=today)
    programme = Programme.objects.create(**org, name=f"Resilient programme {n}", starts_on=today, board=board)
    project = Project.objects.create(**org, programme=programme, name="Targeted Reviews", board=board)
    Decision.objects.create(**org, board=board, meeting=meeting, project=project, title="Close the programme")
    BoardPaper.objects.create(
        **org, meeting=meeting, programme=programme, kind="highlight", title="Highlight", snapshot={}
    )
    BoardMove.objects.create(**org, project=project, to_board=board, to_name=board.name, moved_on=today)
    ProjectUpdate.objects.create(**org, project=project, on=today, author=user, text="Reviews under way")
    SavingLine.objects.create(**org, project=project, financial_year=2019, target=D("1046000"), forecast=D("863000"))
    Reprofiling.objects.create(**org, project=project, on=today, reason="Slipped", before={}, after={})
    BudgetLine.objects.create(**org, programme=programme, financial_year=2019, period_code="2019-20", budget=D("1"))
    Risk.objects.create(**org, programme=programme, project=project, title="Market", likelihood=3, impact=4)
    Milestone.objects.create(**org, project=project, title="Reviews done", baseline_date=today, forecast_date=today)
    ProjectIndicator.objects.create(**org, project=project, indicator=control, target_text="Increase")
    for model in (Board, BoardMeeting, BoardMove, BoardPaper, BudgetLine, Decision, Milestone, Programme, Project):
        model.history.filter(history_user__isnull=True).update(history_user=user)  # as the actions record it
    for model in (ProjectIndicator, ProjectUpdate, Reprofiling, Risk, SavingLine):
        model.history.filter(history_user__isnull=True).update(history_user=user)


def test_the_queries_do_not_grow_with_audited_models_or_rows(
    client, harrow, admin_user, control, django_assert_num_queries
):
    client.force_login(admin_user)
    # A page of one kind of record...
    MembershipFactory.create_batch(3, organisation=harrow)
    actions.change_role(Membership.objects.filter(organisation=harrow).last(), role=Role.EDITOR, by=admin_user)
    with django_assert_num_queries(ACTIVITY_PAGE_QUERIES):
        page_rows(client, harrow)
    # ...costs what a page holding rows from every audited table costs...
    _one_of_each(harrow, admin_user, control)
    rows, _ = page_rows(client, harrow)
    kinds = {row[2].split(" ")[1] for row in rows}
    assert {"indicator", "target", "spending", "invitation", "membership", "organisation"} <= kinds
    assert "Uploaded a file values.csv" in {row[2] for row in rows}
    with django_assert_num_queries(ACTIVITY_PAGE_QUERIES):
        page_rows(client, harrow)
    # ...and what the same page costs with many rows in every table.
    for _ in range(6):
        _one_of_each(harrow, admin_user, control)
    page_rows(client, harrow, page=2)  # the session's own bookkeeping, once
    with django_assert_num_queries(ACTIVITY_PAGE_QUERIES):
        page_rows(client, harrow, page=2)


def test_the_feed_counts_every_audited_table_and_filters_in_the_database(
    harrow, admin_user, control, django_assert_num_queries
):
    _one_of_each(harrow, admin_user, control)
    feed = ActivityFeed(harrow.pk)
    # Counting, the page's keys, its rows' details and the people: four queries.
    with django_assert_num_queries(4):
        entries = feed[:100]
        total = len(feed)
    assert total == len(entries) >= len(audited_models()) - 2  # Indicator and the value's own history
    only_values = ActivityFeed(harrow.pk, model_keys={"indicators.observation"}, action="+", user_id=admin_user.pk)
    assert [entry.headline for entry in only_values[:10]] == ["Created indicator value"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert len(ActivityFeed(harrow.pk, since=tomorrow)) == 0


def test_a_removed_record_keeps_its_name_from_history(client, harrow, admin_user, viewer):
    membership = Membership.objects.get(user=viewer)
    actions.remove_member(membership, by=admin_user)
    client.force_login(admin_user)
    rows, _ = page_rows(client, harrow)
    assert rows[0][2] == "Deleted membership Viewer Person"


@pytest.fixture
def five_more_audited_models(db):
    """Five more audited models, with tables (as bench/activity.py measures), removed afterwards."""
    from django.apps import apps
    from django.db import connection
    from simple_history.models import registered_models

    from bench.activity import ensure_tables, stand_in_models

    made = stand_in_models(5)
    ensure_tables(made)
    yield made
    with connection.schema_editor() as editor:
        for model in made:
            for table_model in (model.history.model, model):
                editor.delete_model(table_model)
                apps.all_models[table_model._meta.app_label].pop(table_model._meta.model_name, None)
                registered_models.pop(table_model._meta.db_table, None)
    apps.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_five_more_audited_models_cost_no_more_queries(
    client, harrow, admin_user, control, five_more_audited_models, django_assert_num_queries
):
    from bench.activity import fill

    before = len(audited_models()) - len(five_more_audited_models)
    _one_of_each(harrow, admin_user, control)
    fill(five_more_audited_models, harrow, admin_user, rows=20)
    assert len(audited_models()) == before + 5
    client.force_login(admin_user)
    rows = [row for page in (1, 2, 3) for row in page_rows(client, harrow, page=page)[0]]
    assert {f"bench record {n}" for n in range(5)} <= {" ".join(row[2].split(" ")[1:4]) for row in rows}
    assert any("Changed the status of Record" in row[3] and "from Draft to Agreed" in row[3] for row in rows)
    with django_assert_num_queries(ACTIVITY_PAGE_QUERIES):
        page_rows(client, harrow, page=3)
