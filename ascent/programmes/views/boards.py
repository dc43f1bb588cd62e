"""Boards: the list, one board with its meetings, papers and decisions log, and their forms.

Every member of the council reads its boards; editors (``programmes.manage_boards``) set a
board up, change it, add its meetings and keep its decisions log. Changes go through
``ascent.programmes.actions``; a refusal is shown beside the field it names.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import actions
from ..forms_boards import BoardForm, DecisionForm, MeetingForm, RecordDecisionForm
from ..models import (
    Board,
    BoardMeeting,
    BoardMove,
    BoardPaper,
    Decision,
    DecisionStatus,
    Programme,
    Project,
    Stage,
)

VIEW = "programmes.view_programme"
MANAGE = "programmes.manage_boards"


def _count(queryset, field: str = "pk"):
    """A correlated count, so that several counts on one list do not multiply each other."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("board").annotate(n=Count(field)).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def next_meeting_due(last: dt.date | None, cycle_weeks: int | None) -> dt.date | None:
    """The last meeting plus the board's cycle; None if it has not met or meets as needed."""
    if last is None or not cycle_weeks:
        return None
    return last + dt.timedelta(weeks=cycle_weeks)


def cycle_text(cycle_weeks: int | None) -> str:
    if not cycle_weeks:
        return "As needed"
    if cycle_weeks == 1:
        return "Every week"
    return f"Every {cycle_weeks} weeks"


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    today = timezone.localdate()
    boards = list(
        Board.objects.in_organisation(organisation)
        .select_related("chair")
        .annotate(
            last_met_on=Max("meetings__held_on"),
            decisions_waiting=_count(
                Decision.objects.in_organisation(organisation).filter(
                    board=OuterRef("pk"), status=DecisionStatus.NEEDED
                )
            ),
            projects_overseen=_count(
                Project.objects.in_organisation(organisation).filter(board=OuterRef("pk")).exclude(stage=Stage.CLOSED)
            ),
        )
        .prefetch_related(
            Prefetch(
                "programmes",
                queryset=Programme.objects.in_organisation(organisation).order_by("name"),
                to_attr="programme_list",
            )
        )
        .order_by("-is_active", "name")
    )
    for board in boards:
        board.cycle = cycle_text(board.cycle_weeks)
        board.next_due = next_meeting_due(board.last_met_on, board.cycle_weeks)
        board.next_overdue = board.next_due is not None and board.next_due < today
    return render(
        request,
        "programmes/boards.html",
        {
            "organisation": organisation,
            "boards": boards,
            "can_manage": request.user.has_perm(MANAGE, organisation),
        },
    )


def _board_form(request, organisation, initial=None) -> BoardForm:
    return BoardForm(request.POST or None, organisation=organisation, initial=initial, new=initial is None)


@require_http_methods(["GET", "POST"])
def new_board(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=MANAGE)
    form = _board_form(request, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            board = actions.create_board(organisation, by=request.user, **form.action_values())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{board.name} has been set up")
            return redirect("programmes:board", gss_code=organisation.gss_code, pk=board.pk)
    return render(request, "programmes/board_form.html", {"organisation": organisation, "form": form, "board": None})


def _get_board(request, gss_code: str, pk: int, *, perm: str = VIEW):
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    board = fetch(Board, request.user, perm=perm, organisation=organisation, select_related=("chair",), pk=pk)
    return organisation, board


@require_http_methods(["GET", "POST"])
def edit_board(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, board = _get_board(request, gss_code, pk, perm=MANAGE)
    initial = {
        name: getattr(board, name)
        for name in (
            "name",
            "purpose",
            "chair",
            "chair_name",
            "other_members",
            "cycle_weeks",
            "reports_to",
            "is_active",
        )
    }
    initial["members"] = list(board.members.values_list("pk", flat=True))
    form = _board_form(request, organisation, initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_board(board, by=request.user, **form.action_values())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The board has been saved")
            return redirect("programmes:board", gss_code=organisation.gss_code, pk=board.pk)
    return render(request, "programmes/board_form.html", {"organisation": organisation, "form": form, "board": board})


@require_GET
def board(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _get_board(request, gss_code, pk)
    today = timezone.localdate()
    meetings = list(
        BoardMeeting.objects.in_organisation(organisation)
        .filter(board=record)
        .prefetch_related(
            Prefetch(
                "papers",
                queryset=BoardPaper.objects.in_organisation(organisation)
                .select_related("programme")
                .order_by("issued_at", "pk"),
                to_attr="paper_list",
            )
        )
        .order_by("-held_on")
    )
    programmes = list(Programme.objects.in_organisation(organisation).filter(board=record).order_by("name"))
    projects = list(
        Project.objects.in_organisation(organisation)
        .filter(board=record)
        .exclude(stage=Stage.CLOSED)
        .select_related("programme")
        .order_by("programme__name", "reference", "name")
    )
    moves = list(
        BoardMove.objects.in_organisation(organisation)
        .filter(Q(from_board=record) | Q(to_board=record))
        .select_related("project")
        .order_by("-moved_on", "-pk")
    )
    for move in moves:
        move.onto = move.to_board_id == record.pk
    decisions = list(
        Decision.objects.in_organisation(organisation)
        .filter(board=record)
        .select_related("programme", "project", "meeting")
        .order_by("status", "-decided_on", "-pk")
    )
    last_met = meetings[0].held_on if meetings else None
    next_due = next_meeting_due(last_met, record.cycle_weeks)
    return render(
        request,
        "programmes/board.html",
        {
            "organisation": organisation,
            "board": record,
            "cycle": cycle_text(record.cycle_weeks),
            "members": list(record.members.order_by("full_name", "email")),
            "other_members": [line for line in record.other_members.splitlines() if line.strip()],
            "meetings": meetings,
            "next_due": next_due,
            "next_overdue": next_due is not None and next_due < today,
            "programmes": programmes,
            "projects": projects,
            "moves": moves,
            "needed": [d for d in decisions if d.status == DecisionStatus.NEEDED],
            "made": [d for d in decisions if d.status == DecisionStatus.MADE],
            "can_manage": request.user.has_perm(MANAGE, record),
        },
    )


@require_http_methods(["GET", "POST"])
def new_meeting(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _get_board(request, gss_code, pk, perm=MANAGE)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.add_meeting(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The meeting of {meeting.held_on.day} {meeting.held_on:%B %Y} has been added")
            return redirect("programmes:board", gss_code=organisation.gss_code, pk=record.pk)
    return render(
        request, "programmes/meeting_form.html", {"organisation": organisation, "board": record, "form": form}
    )


@require_http_methods(["GET", "POST"])
def new_decision(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation, record = _get_board(request, gss_code, pk, perm=MANAGE)
    form = DecisionForm(
        request.POST or None,
        programmes=Programme.objects.in_organisation(organisation).order_by("name"),
        projects=Project.objects.in_organisation(organisation)
        .select_related("programme")
        .order_by("programme__name", "reference", "name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.log_decision(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The decision needed has been added to the log")
            return redirect("programmes:board", gss_code=organisation.gss_code, pk=record.pk)
    return render(
        request, "programmes/decision_form.html", {"organisation": organisation, "board": record, "form": form}
    )


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, gss_code: str, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    record = fetch(
        Decision,
        request.user,
        perm=VIEW,
        organisation=organisation,
        select_related=("board", "programme", "project", "meeting"),
        pk=pk,
    )
    can_manage = request.user.has_perm(MANAGE, record)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = None
    if can_manage:
        form = RecordDecisionForm(
            request.POST or None,
            meetings=BoardMeeting.objects.in_organisation(organisation).filter(board_id=record.board_id),
            initial={"decision": record.decision, "meeting": record.meeting_id, "decided_on": record.decided_on},
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_decision(
                record,
                by=request.user,
                decision_text=data["decision"],
                decided_on=data["decided_on"],
                meeting=data["meeting"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The decision has been recorded")
            return redirect("programmes:board", gss_code=organisation.gss_code, pk=record.board_id)
    return render(
        request,
        "programmes/decision.html",
        {"organisation": organisation, "decision": record, "board": record.board, "form": form},
    )


urls = [
    path("orgs/<gss:gss_code>/programmes/boards/", index, name="boards"),
    path("orgs/<gss:gss_code>/programmes/boards/new/", new_board, name="new_board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/", board, name="board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/edit/", edit_board, name="edit_board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/meetings/new/", new_meeting, name="new_meeting"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/decisions/new/", new_decision, name="new_decision"),
    path("orgs/<gss:gss_code>/programmes/decisions/<int:pk>/", decision, name="decision"),
]
