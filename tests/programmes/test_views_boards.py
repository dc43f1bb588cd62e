"""The boards pages: the list, one board, its form, meetings and the decisions log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ascent.programmes import actions
from ascent.programmes.models import Board, BoardMeeting, BoardPaper, Decision, DecisionStatus

from . import resilient_programme, targeted_reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(harrow, editor):
    return resilient_programme(harrow, editor)


@pytest.fixture
def board(programme):
    return programme.board


def url(name, organisation, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


# ── The list ─────────────────────────────────────────────────────────────────────────────────


def test_the_list_shows_each_board_with_its_cycle_next_meeting_and_decisions(
    client, harrow, editor, viewer, programme, board
):
    targeted_reviews(programme, editor)
    actions.add_meeting(board, by=editor, held_on=dt.date(2019, 11, 12))
    actions.log_decision(board, by=editor, title="Agree the reablement business case")
    client.force_login(viewer)
    response = client.get(url("boards", harrow))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Programme Board" in text
    assert "Every 4 weeks" in text
    assert "10 Dec 2019" in text  # 12 November + 4 weeks
    assert "Overdue" in text
    assert "Resilient programme" in text
    row = response.context["boards"][0]
    assert (row.projects_overseen, row.decisions_waiting) == (1, 1)
    assert "Set up a board" not in text


def test_editors_are_offered_to_set_up_a_board(client, harrow, editor):
    client.force_login(editor)
    assert "Set up a board" in client.get(url("boards", harrow)).content.decode()


def test_the_list_keeps_its_query_count_with_more_boards(
    client, harrow, editor, viewer, programme, django_assert_num_queries
):
    client.force_login(viewer)
    client.get(url("boards", harrow))  # warm the session
    with django_assert_num_queries(10) as first:
        client.get(url("boards", harrow))
    for n in range(5):
        extra = actions.create_board(harrow, by=editor, name=f"Workstream {n}", cycle_weeks=2)
        actions.add_meeting(extra, by=editor, held_on=dt.date(2020, 1, n + 1))
        actions.log_decision(extra, by=editor, title="A decision")
        resilient_programme_name = f"Programme {n}"
        actions.create_programme(
            harrow, by=editor, name=resilient_programme_name, starts_on=dt.date(2020, 1, 1), board=extra
        )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url("boards", harrow))
    assert len(response.context["boards"]) == 6


def test_an_outsider_gets_a_404(client, harrow, outsider, board):
    client.force_login(outsider)
    assert client.get(url("boards", harrow)).status_code == 404
    assert client.get(url("board", harrow, pk=board.pk)).status_code == 404


# ── Setting a board up ───────────────────────────────────────────────────────────────────────


def test_an_editor_sets_up_a_board_with_members(client, harrow, editor, contributor):
    client.force_login(editor)
    response = client.post(
        url("new_board", harrow),
        {
            "name": "Improvement Board",
            "purpose": "Oversees the improvement of the front door",
            "chair": editor.pk,
            "members": [contributor.pk],
            "other_members": "Head of Finance, People\n\n  Healthwatch   representative ",
            "cycle_weeks": "6",
            "reports_to": "Corporate Commissioning Board",
        },
    )
    board = Board.objects.get(name="Improvement Board")
    assert response.status_code == 302
    assert response.headers["Location"] == url("board", harrow, pk=board.pk)
    assert board.chair == editor
    assert list(board.members.all()) == [contributor]
    assert board.other_members == "Head of Finance, People\nHealthwatch representative"
    assert board.cycle_weeks == 6
    page = client.get(response.headers["Location"]).content.decode()
    assert "Every 6 weeks" in page
    assert "Healthwatch representative" in page


def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(client, harrow, editor, board):
    client.force_login(editor)
    response = client.post(url("new_board", harrow), {"name": "", "cycle_weeks": "0"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter the board&#x27;s name" in text or "Enter the board's name" in text
    assert "from 1 to 52" in text
    assert "Error:" in text
    response = client.post(url("new_board", harrow), {"name": "programme board"})
    assert "already has a board called" in response.content.decode()
    assert Board.objects.count() == 1


def test_a_chair_from_another_council_is_refused(client, harrow, editor, outsider):
    client.force_login(editor)
    response = client.post(url("new_board", harrow), {"name": "X", "chair": outsider.pk})
    assert "Choose a member of the council as the chair" in response.content.decode()


def test_an_editor_changes_a_board(client, harrow, editor, board):
    client.force_login(editor)
    page = client.get(url("edit_board", harrow, pk=board.pk))
    assert page.status_code == 200
    assert "Corporate Director, People" in page.content.decode()
    response = client.post(
        url("edit_board", harrow, pk=board.pk), {"name": "Resilient Harrow Programme Board", "cycle_weeks": "4"}
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.name == "Resilient Harrow Programme Board"
    assert not board.is_active  # the box was not ticked
    assert "No longer meets" in client.get(url("boards", harrow)).content.decode()
    client.post(url("edit_board", harrow, pk=board.pk), {"name": board.name, "is_active": "on"})
    board.refresh_from_db()
    assert board.is_active


@pytest.mark.parametrize("name", ["new_board", "edit_board", "new_meeting", "new_decision"])
def test_viewers_and_contributors_may_not_change_boards(client, harrow, viewer, contributor, board, name):
    kwargs = {} if name == "new_board" else {"pk": board.pk}
    for person in (viewer, contributor):
        client.force_login(person)
        assert client.get(url(name, harrow, **kwargs)).status_code == 403
        assert client.post(url(name, harrow, **kwargs), {"name": "X", "title": "X"}).status_code == 403


# ── One board ────────────────────────────────────────────────────────────────────────────────


def test_the_board_page_shows_meetings_papers_projects_moves_and_decisions(
    client, harrow, editor, viewer, programme, board
):
    project = targeted_reviews(programme, editor)
    meeting = actions.add_meeting(board, by=editor, held_on=dt.date(2019, 11, 12), notes="Savings reviewed")
    BoardPaper.objects.create(
        organisation=harrow,
        meeting=meeting,
        programme=programme,
        kind="highlight",
        title="Highlight report, November 2019",
        snapshot={},
    )
    other = actions.create_board(harrow, by=editor, name="Improvement Board")
    second = actions.create_project(programme, by=editor, name="Reablement", on=dt.date(2019, 4, 1))
    actions.move_to_board(
        second, by=editor, board=other, on=dt.date(2020, 1, 14), reason="Part of the improvement work"
    )
    needed = actions.log_decision(board, by=editor, title="Agree the reablement case", project=project)
    made = actions.log_decision(board, by=editor, title="Close Harrow is Home")
    actions.record_decision(made, by=editor, decision_text="Closed as business as usual", meeting=meeting)
    client.force_login(viewer)
    response = client.get(url("board", harrow, pk=board.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Savings reviewed" in text
    assert "Highlight report, November 2019" in text
    assert url("paper", harrow, pk=BoardPaper.objects.get().pk) in text
    assert "Targeted Reviews" in text
    assert "Off, to Improvement Board" in text
    assert "Part of the improvement work" in text
    assert response.context["needed"] == [needed]
    assert response.context["made"] == [made]
    assert "Closed as business as usual" in text
    assert "Add a meeting" not in text


def test_the_board_page_keeps_its_query_count(
    client, harrow, editor, viewer, programme, board, django_assert_num_queries
):
    def add(n):
        meeting = actions.add_meeting(board, by=editor, held_on=dt.date(2019, 10, n + 1))
        BoardPaper.objects.create(
            organisation=harrow, meeting=meeting, programme=programme, kind="highlight", title=f"P{n}", snapshot={}
        )
        project = actions.create_project(programme, by=editor, name=f"Project {n}")
        actions.log_decision(board, by=editor, title=f"D{n}", project=project)

    add(0)
    client.force_login(viewer)
    client.get(url("board", harrow, pk=board.pk))
    with django_assert_num_queries(16):
        client.get(url("board", harrow, pk=board.pk))
    for n in range(1, 5):
        add(n)
    with django_assert_num_queries(16):
        client.get(url("board", harrow, pk=board.pk))


def test_an_editor_adds_a_meeting_and_a_second_on_the_same_day_is_refused(client, harrow, editor, board):
    client.force_login(editor)
    response = client.post(url("new_meeting", harrow, pk=board.pk), {"held_on": "12/11/2019", "notes": "First"})
    assert response.status_code == 302
    assert BoardMeeting.objects.get().held_on == dt.date(2019, 11, 12)
    response = client.post(url("new_meeting", harrow, pk=board.pk), {"held_on": "12/11/2019"})
    assert response.status_code == 200
    assert "already has a meeting on that day" in response.content.decode()
    response = client.post(url("new_meeting", harrow, pk=board.pk), {"held_on": "31/2/2019"})
    assert "The date of the meeting must be a real date" in response.content.decode()
    assert BoardMeeting.objects.count() == 1


def test_an_editor_logs_a_decision_needed_then_records_it(client, harrow, editor, viewer, programme, board):
    project = targeted_reviews(programme, editor)
    meeting = actions.add_meeting(board, by=editor, held_on=dt.date(2019, 11, 12))
    client.force_login(editor)
    response = client.post(
        url("new_decision", harrow, pk=board.pk),
        {"title": "Agree to extend Targeted Reviews", "detail": "Two options", "project": project.pk},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.status, decision.project, decision.programme) == (DecisionStatus.NEEDED, project, programme)

    client.force_login(viewer)
    page = client.get(url("decision", harrow, pk=decision.pk))
    assert page.status_code == 200
    assert "Record what was decided" not in page.content.decode()
    assert client.post(url("decision", harrow, pk=decision.pk), {"decision": "Agreed"}).status_code == 403

    client.force_login(editor)
    response = client.post(url("decision", harrow, pk=decision.pk), {"decision": ""})
    assert "Enter what the board decided" in response.content.decode()
    response = client.post(url("decision", harrow, pk=decision.pk), {"decision": "Agreed", "meeting": meeting.pk})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.decided_on, decision.meeting) == (DecisionStatus.MADE, meeting.held_on, meeting)


def test_a_decision_needs_a_title_and_a_project_of_the_programme_chosen(client, harrow, editor, programme, board):
    project = targeted_reviews(programme, editor)
    other = actions.create_programme(harrow, by=editor, name="Other", starts_on=dt.date(2020, 1, 1))
    client.force_login(editor)
    response = client.post(url("new_decision", harrow, pk=board.pk), {"title": ""})
    assert "Enter the decision the board is asked to make" in response.content.decode()
    response = client.post(
        url("new_decision", harrow, pk=board.pk), {"title": "X", "programme": other.pk, "project": project.pk}
    )
    assert "Choose a project of Other" in response.content.decode()
    assert not Decision.objects.exists()


def test_another_councils_decision_is_a_404(client, harrow, herefordshire, editor, outsider, board):
    decision = actions.log_decision(board, by=editor, title="Harrow private decision")
    client.force_login(outsider)
    assert (
        client.get(
            reverse("programmes:decision", kwargs={"gss_code": herefordshire.gss_code, "pk": decision.pk})
        ).status_code
        == 404
    )
    assert client.get(url("decision", harrow, pk=decision.pk)).status_code == 404
