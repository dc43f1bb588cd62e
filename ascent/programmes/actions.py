"""Changing programme records: the domain functions views, the demo and commands call.

Every change is one transaction, records who acted (``_history_user``) and refuses bad input
with a ``ValidationError`` naming the field in plain English. Nothing here calls a bare
``save()`` on behalf of a view.

- Boards: :func:`create_board`, :func:`change_board`, :func:`add_meeting`,
  :func:`log_decision`, :func:`record_decision`.
- Programmes and projects: :func:`create_programme`, :func:`change_programme`,
  :func:`create_project`, :func:`change_project` (details and business case),
  :func:`change_stage` (the lifecycle, with the date and reason of closing),
  :func:`move_to_board` (each move kept as a :class:`~.models.BoardMove`),
  :func:`add_update` (a progress note and the self-reported RAGs).
- Savings: :func:`set_savings_target` (a total phased over years: the original profile),
  :func:`record_saving` (one year's delivered and forecast, or a single year's target),
  :func:`reprofile_savings` (targets moved between years, with the reason; the original
  stays in ``original_target``).
- :func:`record_budget`, :func:`save_risk`, :func:`close_risk`, :func:`save_milestone`,
  :func:`link_kpi`, :func:`hand_action_to_project`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ascent.core.dates import govuk_date
from ascent.core.money import format_money
from ascent.core.periods import PeriodParseError, financial_year_label, parse_period

from . import savings as arithmetic
from .models import (
    STAGE_ORDER,
    Board,
    BoardMeeting,
    BoardMove,
    BudgetKind,
    BudgetLine,
    Decision,
    DecisionStatus,
    Milestone,
    Programme,
    ProgrammeStatus,
    Project,
    ProjectIndicator,
    ProjectUpdate,
    Rag,
    Reprofiling,
    Risk,
    RiskKind,
    RiskStatus,
    SavingKind,
    SavingLine,
    Stage,
)


def _today() -> dt.date:
    return timezone.localdate()


def _save(record, by, reason: str | None = None) -> None:
    record._history_user = by
    if reason:
        record._change_reason = reason
    record.full_clean(exclude=["organisation", "created_by"], validate_unique=False, validate_constraints=False)
    record.save()


def _text(value: str | None) -> str:
    return (value or "").strip()


def _member(organisation, user, field: str, what: str):
    """``user`` if they belong to the council (or None); a ValidationError otherwise."""
    if user is None:
        return None
    if not user.memberships.filter(organisation=organisation).exists():
        raise ValidationError({field: f"The {what} must be a member of {organisation.name}"})
    return user


def _same_council(organisation, record, field: str, what: str):
    if record is not None and record.organisation_id != organisation.pk:
        raise ValidationError({field: f"Choose {what} of {organisation.name}"})
    return record


def _money(value, field: str, what: str) -> Decimal:
    if value is None or value == "":
        return Decimal("0.00")
    try:
        return arithmetic._amount(Decimal(value) if not isinstance(value, Decimal) else value, what)
    except (arithmetic.SavingsError, ArithmeticError) as error:
        raise ValidationError({field: str(error)}) from None


# ── Boards ───────────────────────────────────────────────────────────────────────────────────


BOARD_FIELDS = {"name", "purpose", "chair", "chair_name", "other_members", "cycle_weeks", "reports_to", "is_active"}


def _check_board(organisation, values: dict, board: Board | None = None) -> None:
    if not _text(values.get("name")):
        raise ValidationError({"name": "Enter the board's name"})
    clash = Board.objects.filter(organisation=organisation, name__iexact=_text(values["name"]))
    if board is not None:
        clash = clash.exclude(pk=board.pk)
    if clash.exists():
        raise ValidationError({"name": f"{organisation.name} already has a board called “{_text(values['name'])}”"})
    _member(organisation, values.get("chair"), "chair", "chair")
    weeks = values.get("cycle_weeks")
    if weeks is not None and not 1 <= weeks <= 52:
        raise ValidationError({"cycle_weeks": "Enter how many weeks apart the board meets, from 1 to 52"})


@transaction.atomic
def create_board(organisation, *, by, members=(), **fields: Any) -> Board:
    unknown = set(fields) - BOARD_FIELDS
    if unknown:
        raise TypeError(f"create_board() got unexpected fields: {', '.join(sorted(unknown))}")
    _check_board(organisation, fields)
    for person in members:
        _member(organisation, person, "members", "board's members")
    board = Board(
        organisation=organisation,
        created_by=by,
        **{k: _text(v) if isinstance(v, str) else v for k, v in fields.items()},
    )
    _save(board, by, "Board set up")
    if members:
        board.members.set(members)
    return board


@transaction.atomic
def change_board(board: Board, *, by, members=None, **fields: Any) -> Board:
    board = Board.objects.select_for_update().select_related("organisation").get(pk=board.pk)
    unknown = set(fields) - BOARD_FIELDS
    if unknown:
        raise TypeError(f"change_board() got unexpected fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(board, name) for name in BOARD_FIELDS} | fields
    _check_board(board.organisation, values, board)
    for name, value in fields.items():
        setattr(board, name, _text(value) if isinstance(value, str) else value)
    _save(board, by)
    if members is not None:
        for person in members:
            _member(board.organisation, person, "members", "board's members")
        board.members.set(members)
    return board


@transaction.atomic
def add_meeting(board: Board, *, by, held_on: dt.date, notes: str = "") -> BoardMeeting:
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the meeting"})
    if BoardMeeting.objects.filter(board=board, held_on=held_on).exists():
        raise ValidationError({"held_on": f"{board.name} already has a meeting on that day"})
    meeting = BoardMeeting(
        organisation_id=board.organisation_id, board=board, held_on=held_on, notes=_text(notes), created_by=by
    )
    _save(meeting, by, "Meeting added")
    return meeting


@transaction.atomic
def log_decision(board: Board, *, by, title: str, detail: str = "", programme=None, project=None) -> Decision:
    """A decision the board is asked to make (it shows under "decisions needed" until made)."""
    if not _text(title):
        raise ValidationError({"title": "Enter the decision the board is asked to make"})
    organisation = board.organisation
    _same_council(organisation, programme, "programme", "a programme")
    _same_council(organisation, project, "project", "a project")
    decision = Decision(
        organisation_id=board.organisation_id,
        board=board,
        title=_text(title),
        detail=_text(detail),
        programme=programme or (project.programme if project else None),
        project=project,
        created_by=by,
    )
    _save(decision, by, "Decision asked for")
    return decision


@transaction.atomic
def record_decision(
    decision: Decision,
    *,
    by,
    decision_text: str,
    decided_on: dt.date | None = None,
    meeting: BoardMeeting | None = None,
) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == DecisionStatus.MADE:
        raise ValidationError(
            {"decision": f"The board's decision was already recorded on {govuk_date(decision.decided_on)}"}
        )
    if not _text(decision_text):
        raise ValidationError({"decision": "Enter what the board decided"})
    if meeting is not None and meeting.board_id != decision.board_id:
        raise ValidationError({"meeting": "Choose a meeting of the same board"})
    decision.decision = _text(decision_text)
    decision.decided_on = decided_on or (meeting.held_on if meeting else _today())
    decision.meeting = meeting
    decision.status = DecisionStatus.MADE
    _save(decision, by, "Decision recorded")
    return decision


# ── Programmes ───────────────────────────────────────────────────────────────────────────────


PROGRAMME_FIELDS = {
    "name",
    "summary",
    "sponsor",
    "sponsor_name",
    "manager",
    "manager_name",
    "board",
    "starts_on",
    "ends_on",
    "risk_appetite",
    "milestone_tolerance_days",
}


def _check_programme(organisation, values: dict) -> None:
    if not _text(values.get("name")):
        raise ValidationError({"name": "Enter the programme's name"})
    if values.get("starts_on") is None:
        raise ValidationError({"starts_on": "Enter the date the programme starts"})
    if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    _member(organisation, values.get("sponsor"), "sponsor", "sponsor")
    _member(organisation, values.get("manager"), "manager", "programme manager")
    _same_council(organisation, values.get("board"), "board", "a board")
    appetite = values.get("risk_appetite")
    if appetite is not None and not 1 <= appetite <= 25:
        raise ValidationError({"risk_appetite": "Enter the risk appetite as a score from 1 to 25"})


@transaction.atomic
def create_programme(organisation, *, by, **fields: Any) -> Programme:
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise TypeError(f"create_programme() got unexpected fields: {', '.join(sorted(unknown))}")
    _check_programme(organisation, fields)
    programme = Programme(
        organisation=organisation,
        created_by=by,
        **{k: _text(v) if isinstance(v, str) else v for k, v in fields.items()},
    )
    _save(programme, by, "Programme set up")
    return programme


@transaction.atomic
def change_programme(programme: Programme, *, by, **fields: Any) -> Programme:
    programme = Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    unknown = set(fields) - PROGRAMME_FIELDS - {"status", "closed_on", "closed_reason"}
    if unknown:
        raise TypeError(f"change_programme() got unexpected fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(programme, name) for name in PROGRAMME_FIELDS} | fields
    _check_programme(programme.organisation, values)
    if fields.get("status") == ProgrammeStatus.CLOSED:
        if not _text(fields.get("closed_reason")):
            raise ValidationError({"closed_reason": "Say why the programme is closing"})
        fields.setdefault("closed_on", _today())
    for name, value in fields.items():
        setattr(programme, name, _text(value) if isinstance(value, str) else value)
    _save(programme, by)
    return programme


# ── Projects ─────────────────────────────────────────────────────────────────────────────────


PROJECT_FIELDS = {
    "reference",
    "name",
    "summary",
    "sponsor",
    "sponsor_name",
    "manager",
    "manager_name",
    "implementation_started_on",
    "problem",
    "outcomes",
    "outputs",
    "options",
    "costs",
    "benefits",
    "dependencies",
    "eqia",
    "eqia_note",
    "business_case_approved_on",
}


def _check_project(programme: Programme, values: dict, project: Project | None = None) -> None:
    if not _text(values.get("name")):
        raise ValidationError({"name": "Enter the project's name"})
    reference = _text(values.get("reference"))
    if reference:
        clash = Project.objects.filter(programme=programme, reference=reference)
        if project is not None:
            clash = clash.exclude(pk=project.pk)
        if clash.exists():
            raise ValidationError({"reference": f"Another project of {programme.name} has the reference {reference}"})
    _member(programme.organisation, values.get("sponsor"), "sponsor", "sponsor")
    _member(programme.organisation, values.get("manager"), "manager", "project manager")


#: ``create_project(board=PROGRAMME_BOARD)``: the project is overseen by its programme's board.
PROGRAMME_BOARD = object()


@transaction.atomic
def create_project(
    programme: Programme,
    *,
    by,
    board: Board | None | object = PROGRAMME_BOARD,
    stage: str = Stage.PROPOSED,
    on: dt.date | None = None,
    **fields: Any,
) -> Project:
    """A project of ``programme``, overseen by ``board`` (the programme's board unless given; None: no board)."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"create_project() got unexpected fields: {', '.join(sorted(unknown))}")
    programme = Programme.objects.select_related("organisation", "board").get(pk=programme.pk)
    _check_project(programme, fields)
    board = programme.board if board is PROGRAMME_BOARD else board
    _same_council(programme.organisation, board, "board", "a board")
    if stage == Stage.CLOSED:
        raise ValidationError({"stage": "A new project cannot start closed"})
    if stage in (Stage.DELIVERY, Stage.BAU) and not fields.get("implementation_started_on"):
        fields["implementation_started_on"] = on or _today()  # a project set up in delivery has begun
    project = Project(
        organisation_id=programme.organisation_id,
        programme=programme,
        board=board,
        stage=stage,
        stage_changed_on=on or _today(),
        created_by=by,
        **{k: _text(v) if isinstance(v, str) else v for k, v in fields.items()},
    )
    _save(project, by, "Project set up")
    if board is not None:
        BoardMove.objects.create(
            organisation_id=project.organisation_id,
            project=project,
            to_board=board,
            to_name=board.name,
            moved_on=on or _today(),
            reason="Overseen from the start",
            moved_by=by,
            created_by=by,
        )
    return project


@transaction.atomic
def change_project(project: Project, *, by, **fields: Any) -> Project:
    """Change a project's details or business case (not its stage or board: see below)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"change_project() got unexpected fields: {', '.join(sorted(unknown))}")
    programme = Programme.objects.select_related("organisation").get(pk=project.programme_id)
    values = {name: getattr(project, name) for name in PROJECT_FIELDS} | fields
    _check_project(programme, values, project)
    for name, value in fields.items():
        setattr(project, name, _text(value) if isinstance(value, str) else value)
    _save(project, by)
    return project


@transaction.atomic
def change_stage(project: Project, *, by, stage: str, on: dt.date | None = None, reason: str = "") -> Project:
    """Move a project along its lifecycle. Moving back, and closing, need a reason."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Choose a stage"})
    if stage == project.stage:
        raise ValidationError({"stage": f"The project is already {Stage(stage).label.lower()}"})
    on = on or _today()
    backwards = STAGE_ORDER.index(stage) < STAGE_ORDER.index(project.stage)
    if (backwards or stage == Stage.CLOSED) and not _text(reason):
        what = "closing the project" if stage == Stage.CLOSED else "moving the project back a stage"
        raise ValidationError({"reason": f"Give the reason for {what}"})
    project.stage = stage
    project.stage_changed_on = on
    if stage == Stage.DELIVERY and project.implementation_started_on is None:
        project.implementation_started_on = on
    if stage == Stage.CLOSED:
        project.closed_on, project.closed_reason = on, _text(reason)
    else:
        project.closed_on, project.closed_reason = None, ""
    _save(project, by, f"Now {Stage(stage).label.lower()}" + (f": {_text(reason)}" if reason else ""))
    return project


@transaction.atomic
def move_to_board(
    project: Project, *, by, board: Board | None, on: dt.date | None = None, reason: str = ""
) -> BoardMove:
    """A new board oversees the project (``None``: none does). The move is kept for good."""
    # No select_related("board"): PostgreSQL cannot lock the nullable side of an outer join.
    project = Project.objects.select_for_update().get(pk=project.pk)
    organisation = Programme.objects.select_related("organisation").get(pk=project.programme_id).organisation
    _same_council(organisation, board, "board", "a board")
    if (board.pk if board else None) == project.board_id:
        raise ValidationError({"board": "The project is already overseen by that board"})
    on = on or _today()
    last = project.board_moves.order_by("-moved_on", "-id").first()
    if last is not None and on < last.moved_on:
        raise ValidationError({"moved_on": "A move cannot be dated before the project's last move"})
    old = project.board
    move = BoardMove(
        organisation_id=project.organisation_id,
        project=project,
        from_board=old,
        from_name=old.name if old else "",
        to_board=board,
        to_name=board.name if board else "",
        moved_on=on,
        reason=_text(reason),
        moved_by=by,
        created_by=by,
    )
    _save(move, by, "Moved between boards")
    project.board = board
    _save(project, by, f"Moved to {board.name}" if board else "No longer overseen by a board")
    return move


@transaction.atomic
def add_update(
    project: Project,
    *,
    by,
    text: str,
    on: dt.date | None = None,
    rag_overall: str = "",
    rag_time: str = "",
    rag_cost: str = "",
    rag_benefits: str = "",
) -> ProjectUpdate:
    """A progress note; the RAGs it gives become the project's self-reported RAGs."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not _text(text):
        raise ValidationError({"text": "Enter what has happened since the last update"})
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": "The date of an update cannot be in the future"})
    rags = {"rag_overall": rag_overall, "rag_time": rag_time, "rag_cost": rag_cost, "rag_benefits": rag_benefits}
    for name, value in rags.items():
        if value and value not in Rag.values:
            raise ValidationError({name: "Choose green, amber or red"})
    update = ProjectUpdate(
        organisation_id=project.organisation_id,
        project=project,
        on=on,
        author=by,
        text=_text(text),
        created_by=by,
        **rags,
    )
    _save(update, by, "Update added")
    if project.last_update_on is None or on >= project.last_update_on:
        for name, value in rags.items():
            if value:
                setattr(project, name, value)
        project.last_update_on = on
        _save(project, by, "Update added")
    return update


# ── Savings ──────────────────────────────────────────────────────────────────────────────────


def _lines(project: Project, kind: str) -> dict[int, SavingLine]:
    return {
        line.financial_year: line
        for line in SavingLine.objects.select_for_update().filter(project=project, kind=kind).order_by("financial_year")
    }


@transaction.atomic
def set_savings_target(
    project: Project,
    *,
    by,
    total: Decimal,
    years: list[int],
    kind: str = SavingKind.CASH,
    weights: list[Decimal] | None = None,
) -> list[SavingLine]:
    """A target for several years at once, phased over them to the penny: the original profile.

    Refused when the project already has targets of that kind (re-profile those instead)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if kind not in SavingKind.values:
        raise ValidationError({"kind": "Choose cash-releasing or cost avoidance"})
    existing = _lines(project, kind)
    if any(line.target for line in existing.values()):
        raise ValidationError(
            {"total": "The project already has savings targets: re-profile them to move savings between years"}
        )
    try:
        profile = arithmetic.phase(total, years, weights)
    except arithmetic.SavingsError as error:
        raise ValidationError({"total": str(error)}) from None
    lines = []
    for year, amount in profile.items():
        line = existing.get(year) or SavingLine(
            organisation_id=project.organisation_id, project=project, financial_year=year, kind=kind, created_by=by
        )
        line.target = line.original_target = amount
        _save(line, by, f"Target set: {format_money(total)} over {len(years)} years")
        lines.append(line)
    return lines


@transaction.atomic
def record_saving(
    project: Project,
    *,
    by,
    financial_year: int,
    kind: str = SavingKind.CASH,
    target: Decimal | None = None,
    delivered: Decimal | None = None,
    forecast: Decimal | None = None,
    delivered_as_at: dt.date | None = None,
    note: str | None = None,
) -> SavingLine:
    """One year's saving: delivered to date and forecast; a target only for a year with none yet.

    A target already set is changed only by :func:`reprofile_savings`, which keeps the reason."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if kind not in SavingKind.values:
        raise ValidationError({"kind": "Choose cash-releasing or cost avoidance"})
    line = (
        SavingLine.objects.select_for_update().filter(project=project, financial_year=financial_year, kind=kind).first()
    )
    year = financial_year_label(financial_year)
    if line is None:
        line = SavingLine(
            organisation_id=project.organisation_id,
            project=project,
            financial_year=financial_year,
            kind=kind,
            created_by=by,
        )
    if target is not None:
        amount = _money(target, "target", f"The target for {year}")
        if line.pk and line.target and amount != line.target:
            raise ValidationError(
                {"target": f"{year} already has a target of {format_money(line.target)}: re-profile to change it"}
            )
        if not line.target:
            line.target = line.original_target = amount
    if delivered is not None:
        line.delivered = _money(delivered, "delivered", f"The saving delivered in {year}")
        line.delivered_as_at = delivered_as_at or line.delivered_as_at or _today()
    if forecast is not None:
        line.forecast = _money(forecast, "forecast", f"The forecast saving for {year}")
    if note is not None:
        line.note = _text(note)
    _save(line, by)
    return line


@transaction.atomic
def reprofile_savings(
    project: Project,
    *,
    by,
    changes: dict[int, Decimal | None],
    reason: str,
    kind: str = SavingKind.CASH,
    on: dt.date | None = None,
    total_changes: bool = False,
) -> Reprofiling:
    """Move the project's targets between years. The total stays unless ``total_changes``.

    The record keeps the profile before and after; each year's ``original_target`` is not touched,
    so the original profile stays visible beside the current one."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not _text(reason):
        raise ValidationError({"reason": "Give the reason for re-profiling the savings"})
    lines = _lines(project, kind)
    before = {year: line.target for year, line in lines.items() if line.target}
    if not before and not total_changes:
        raise ValidationError({"changes": "The project has no savings targets to re-profile: set a target first"})
    try:
        after = arithmetic.reprofile(before, changes, total_changes=total_changes)
    except arithmetic.SavingsError as error:
        raise ValidationError({"changes": str(error)}) from None
    if after == before:
        raise ValidationError({"changes": "Those amounts are the profile as it is: change at least one year"})
    for year in sorted(set(before) | set(after)):
        line = lines.get(year) or SavingLine(
            organisation_id=project.organisation_id, project=project, financial_year=year, kind=kind, created_by=by
        )
        line.target = after.get(year, Decimal("0.00"))
        _save(line, by, "Re-profiled")
    record = Reprofiling(
        organisation_id=project.organisation_id,
        project=project,
        kind=kind,
        on=on or _today(),
        reason=_text(reason),
        before={str(year): str(amount) for year, amount in before.items()},
        after={str(year): str(amount) for year, amount in after.items()},
        total_changed=arithmetic.profile_total(before) != arithmetic.profile_total(after),
        by=by,
        created_by=by,
    )
    _save(record, by, "Savings re-profiled")
    return record


# ── Budget monitoring ────────────────────────────────────────────────────────────────────────


@transaction.atomic
def record_budget(
    programme: Programme,
    *,
    by,
    period: str,
    budget: Decimal,
    forecast: Decimal,
    spent: Decimal | None = None,
    kind: str = BudgetKind.SERVICE,
    project: Project | None = None,
    source: str = "",
    note: str = "",
) -> BudgetLine:
    """A period's budget, forecast outturn and spend, for the programme or one of its projects.

    ``period`` is a month ("Nov 2019"), a quarter ("Q3 2019/20") or a financial year ("2019-20");
    the same period, kind, project and source again replaces the figures (the history keeps them)."""
    if project is not None and project.programme_id != programme.pk:
        raise ValidationError({"project": f"Choose a project of {programme.name}"})
    if kind not in BudgetKind.values:
        raise ValidationError({"kind": "Choose the service budget or the cost of delivery"})
    try:
        parsed = parse_period(str(period))
    except PeriodParseError:
        raise ValidationError(
            {"period": f"Enter the period as a month, a quarter or a financial year, not “{period}”"}
        ) from None
    if parsed.kind.value not in ("month", "quarter", "financial_year"):
        raise ValidationError({"period": "Enter the period as a month, a quarter or a financial year"})
    values = {
        "budget": _money(budget, "budget", "The budget"),
        "forecast": _money(forecast, "forecast", "The forecast outturn"),
        "spent": None if spent in (None, "") else _money(spent, "spent", "The spend to date"),
        "note": _text(note),
    }
    line, _ = BudgetLine.objects.select_for_update().get_or_create(
        programme=programme,
        project=project,
        kind=kind,
        period_code=parsed.code,
        source=_text(source),
        defaults={
            "organisation_id": programme.organisation_id,
            "financial_year": parsed.fy_start_year,
            "created_by": by,
            **values,
        },
    )
    for name, value in values.items():
        setattr(line, name, value)
    _save(line, by)
    return line


# ── Risks, milestones, KPIs ──────────────────────────────────────────────────────────────────


RISK_FIELDS = {
    "kind",
    "reference",
    "title",
    "description",
    "owner",
    "owner_name",
    "likelihood",
    "impact",
    "target_likelihood",
    "target_impact",
    "mitigation",
    "review_on",
    "escalated",
}


@transaction.atomic
def save_risk(
    programme: Programme, *, by, risk: Risk | None = None, project: Project | None = None, **fields: Any
) -> Risk:
    """Add a risk or issue to the programme (or one of its projects), or change one.

    A new score keeps the one before (``previous_score``) for the trend; escalating a project
    risk dates it."""
    unknown = set(fields) - RISK_FIELDS
    if unknown:
        raise TypeError(f"save_risk() got unexpected fields: {', '.join(sorted(unknown))}")
    organisation = Programme.objects.select_related("organisation").get(pk=programme.pk).organisation
    if project is not None and project.programme_id != programme.pk:
        raise ValidationError({"project": f"Choose a project of {programme.name}"})
    if risk is None:
        risk = Risk(organisation_id=programme.organisation_id, programme=programme, project=project, created_by=by)
        old_score = None
    else:
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        old_score = risk.score
    values = {name: getattr(risk, name, None) for name in RISK_FIELDS} | fields
    if not _text(values.get("title")):
        raise ValidationError({"title": "Enter the risk"})
    for name in ("likelihood", "impact"):
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: f"Choose the {name}, from 1 to 5"})
    for name in ("target_likelihood", "target_impact"):
        value = values.get(name)
        if value is not None and not 1 <= value <= 5:
            raise ValidationError({name: "Choose a target from 1 to 5"})
    if values.get("kind", RiskKind.RISK) not in RiskKind.values:
        raise ValidationError({"kind": "Choose a risk or an issue"})
    _member(organisation, values.get("owner"), "owner", "risk's owner")
    for name, value in fields.items():
        setattr(risk, name, _text(value) if isinstance(value, str) else value)
    if old_score is not None and risk.score != old_score:
        risk.previous_score = old_score
    if risk.escalated and risk.escalated_on is None:
        risk.escalated_on = _today()
    if not risk.escalated:
        risk.escalated_on = None
    _save(risk, by, "Risk added" if risk.pk is None else None)
    return risk


@transaction.atomic
def close_risk(risk: Risk, *, by, on: dt.date | None = None) -> Risk:
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError({"status": "The risk is already closed"})
    risk.status, risk.closed_on = RiskStatus.CLOSED, on or _today()
    _save(risk, by, "Closed")
    return risk


@transaction.atomic
def save_milestone(
    project: Project,
    *,
    by,
    milestone: Milestone | None = None,
    title: str | None = None,
    baseline_date: dt.date | None = None,
    forecast_date: dt.date | None = None,
    done_on: dt.date | None = None,
) -> Milestone:
    """Add a milestone (its baseline is its first forecast unless given), or move its forecast.

    The baseline of an existing milestone is never moved: slippage is measured from it."""
    if milestone is None:
        if not _text(title):
            raise ValidationError({"title": "Enter the milestone"})
        baseline = baseline_date or forecast_date
        if baseline is None:
            raise ValidationError({"baseline_date": "Enter the date the milestone is due"})
        milestone = Milestone(
            organisation_id=project.organisation_id,
            project=project,
            title=_text(title),
            baseline_date=baseline,
            forecast_date=forecast_date or baseline,
            done_on=done_on,
            created_by=by,
        )
        _save(milestone, by, "Milestone added")
        return milestone
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if baseline_date is not None and baseline_date != milestone.baseline_date:
        raise ValidationError({"baseline_date": "The baseline date stays as agreed: change the forecast date"})
    if title is not None:
        if not _text(title):
            raise ValidationError({"title": "Enter the milestone"})
        milestone.title = _text(title)
    if forecast_date is not None:
        milestone.forecast_date = forecast_date
    milestone.done_on = done_on
    _save(milestone, by)
    return milestone


@transaction.atomic
def link_kpi(
    project: Project,
    *,
    by,
    indicator,
    baseline_value: Decimal | None = None,
    baseline_period_code: str = "",
    target_value: Decimal | None = None,
    target_text: str = "",
) -> ProjectIndicator:
    """An indicator of the store as one of the project's KPIs, with its baseline and target.

    With no baseline given, the council's value for ``baseline_period_code`` (or its latest)
    is read from the store."""
    from ascent.indicators.models import Observation

    if indicator is None:
        raise ValidationError({"indicator": "Choose an indicator"})
    if indicator.organisation_id not in (None, project.organisation_id):
        raise ValidationError({"indicator": "Choose one of the council's indicators or a national one"})
    if ProjectIndicator.objects.filter(project=project, indicator=indicator).exists():
        raise ValidationError({"indicator": "The project already has that indicator as a KPI"})
    if baseline_value is None:
        observations = Observation.objects.filter(organisation_id=project.organisation_id, indicator=indicator)
        if baseline_period_code:
            observations = observations.filter(period_code=baseline_period_code)
        found = observations.order_by("-period_end", "-period_start").first()
        if found is not None:
            baseline_value, baseline_period_code = found.value, found.period_code
    if target_value is None and not _text(target_text):
        raise ValidationError({"target_text": "Enter the target, as a number or in words (“Lower”)"})
    kpi = ProjectIndicator(
        organisation_id=project.organisation_id,
        project=project,
        indicator=indicator,
        position=ProjectIndicator.objects.filter(project=project).count(),
        baseline_value=baseline_value,
        baseline_period_code=baseline_period_code,
        target_value=target_value,
        target_text=_text(target_text),
        created_by=by,
    )
    _save(kpi, by, "KPI linked")
    return kpi


@transaction.atomic
def hand_action_to_project(action, project: Project, *, by, note: str = "", on: dt.date | None = None):
    """An improvement-plan action's work now belongs to ``project`` (the plan keeps the action, linked)."""
    from ascent.plans.models import Action

    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if action.plan.organisation_id != project.organisation_id:
        raise ValidationError({"project": "Choose a project of the council's programmes"})
    if action.is_superseded:
        raise ValidationError({"project": "The action's work has already moved elsewhere"})
    action.superseded_by_type = ContentType.objects.get_for_model(Project)
    action.superseded_by_id_generic = project.pk
    action.superseded_on = on or _today()
    action.supersession_note = _text(note)
    action._history_user = by
    action._change_reason = f"Handed to the project {project}"
    action.save()
    return action
