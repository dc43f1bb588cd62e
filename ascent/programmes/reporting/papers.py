"""Issuing a programme's report to a meeting of its board: a paper kept as a dated snapshot."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from ascent.core.dates import govuk_date

from ..models import BoardMeeting, BoardPaper, Programme
from .snapshot import KINDS, snapshot


def paper_title(programme: Programme, kind: str, meeting: BoardMeeting) -> str:
    return f"{programme.name}: {KINDS[kind].lower()}, {meeting.board.name}, {govuk_date(meeting.held_on)}"[:300]


def meetings_for(programme: Programme):
    """The meetings of the programme's board a paper may go to, latest first."""
    if programme.board_id is None:
        return BoardMeeting.objects.none()
    return (
        BoardMeeting.objects.in_organisation(programme.organisation_id)
        .filter(board_id=programme.board_id)
        .select_related("board")
        .order_by("-held_on")
    )


@transaction.atomic
def issue_paper(
    programme: Programme,
    *,
    by,
    meeting: BoardMeeting | None,
    kind: str,
    title: str = "",
    as_at: dt.date | None = None,
) -> BoardPaper:
    """Keep the programme's report of ``kind`` as it is now as a paper to ``meeting`` (a meeting
    of the programme's board). The paper never changes again: it re-renders from its snapshot."""
    if kind not in KINDS:
        raise ValidationError({"kind": "Choose which report goes to the meeting"})
    if programme.board_id is None:
        raise ValidationError({"meeting": "The programme has no board: choose its board first"})
    if meeting is None:
        raise ValidationError({"meeting": "Choose the meeting the paper goes to"})
    if meeting.board_id != programme.board_id or meeting.organisation_id != programme.organisation_id:
        raise ValidationError({"meeting": "Choose a meeting of the programme's board"})
    title = " ".join((title or "").split())[:300] or paper_title(programme, kind, meeting)
    paper = BoardPaper(
        organisation_id=programme.organisation_id,
        meeting=meeting,
        programme=programme,
        kind=kind,
        title=title,
        snapshot=snapshot(programme, kind=kind, as_at=as_at),
        issued_by=by,
        created_by=by,
    )
    paper._history_user = by
    paper._change_reason = "Paper issued to the meeting: its figures kept"
    paper.save()
    return paper


def paper_data(paper: BoardPaper) -> dict:
    """The paper's snapshot, with the day it was issued (printed under the title)."""
    from django.utils import timezone

    issued = govuk_date(timezone.localdate(paper.issued_at)) if paper.issued_at else ""
    return {**paper.snapshot, "issued": issued}
