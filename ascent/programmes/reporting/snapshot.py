"""A programme read into plain values for its reports (:func:`snapshot`).

Everything a report prints is here, and nothing else is read when it is built: an issued
paper keeps this dictionary and re-renders exactly as its meeting saw it. The values are
JSON-safe: money and KPI values as Decimal strings ("1046000.00"), dates as ISO text, and
every label as the words people read, so a later change of a label does not change a paper.

The number of queries is fixed (about a dozen, plus what the assurance flags need),
whatever the number of projects, savings lines and risks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from ascent.core.fields import period_label
from ascent.core.periods import financial_year_label, financial_year_start_year

from ..models import (
    STAGE_ORDER,
    BoardMove,
    BudgetKind,
    BudgetLine,
    Decision,
    DecisionStatus,
    EqiaStatus,
    PaperKind,
    Programme,
    Project,
    ProjectIndicator,
    ProjectUpdate,
    Risk,
    RiskKind,
    RiskStatus,
    SavingLine,
    Stage,
)
from ..risks import grade, trend
from ..savings import Position, total_position

#: The shape of a snapshot; a later change reads older papers by this.
SNAPSHOT_FORMAT = 1
#: The report kinds, by their slug in the address.
KINDS = {kind.value: kind.label for kind in PaperKind}
#: How many open risks the reports list (the highest scores).
TOP_RISKS = 10
#: The longest a project's latest update is quoted (characters).
UPDATE_LIMIT = 400
ZERO = Decimal(0)


def money(value: Decimal | None) -> str | None:
    """A Decimal amount as JSON-safe text, to the penny."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _person(user, name: str = "") -> str:
    if user is not None:
        return user.get_full_name() or user.email
    return name or ""


def _excerpt(text: str, limit: int = UPDATE_LIMIT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _position(position: Position) -> dict[str, str]:
    return {
        "target": money(position.target),
        "forecast": money(position.forecast),
        "delivered": money(position.delivered),
        "shortfall": money(position.shortfall),
    }


def report_year(years: list[int], as_at: dt.date, ends_on: dt.date | None = None) -> int:
    """The financial year the report is about: the one ``as_at`` falls in (or the programme's
    last, once it has ended), kept within the years the programme has savings for."""
    current = financial_year_start_year(min(as_at, ends_on) if ends_on else as_at)
    if not years or current in years:
        return current
    if current > max(years):
        return max(years)
    if current < min(years):
        return min(years)
    return current


def _flags(organisation, project_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    from ..flags import project_flags

    found = project_flags(organisation, project_ids) or {}
    return {
        pk: [
            {
                "title": getattr(getattr(flag, "check", None), "title", "") or str(flag),
                "detail": getattr(flag, "detail", "") or "",
            }
            for flag in flags
        ]
        for pk, flags in found.items()
    }


def _latest_observations(organisation, indicator_ids: set[int], as_at: dt.date) -> dict[int, dict[str, Any]]:
    """Each indicator's latest value of the council, for a period begun by ``as_at``. One query."""
    from ascent.indicators.models import Observation

    if not indicator_ids:
        return {}
    latest: dict[int, dict[str, Any]] = {}
    rows = (
        Observation.objects.filter(organisation=organisation, indicator_id__in=indicator_ids, period_start__lte=as_at)
        .order_by("indicator_id", "period_end", "period_start")
        .values_list("indicator_id", "period_code", "value")
    )
    for indicator_id, code, value in rows:
        latest[indicator_id] = {"value": str(value), "period": period_label(code)}
    return latest


def snapshot(programme: Programme, *, kind: str = PaperKind.HIGHLIGHT, as_at: dt.date | None = None) -> dict:
    """Everything the programme's report of ``kind`` prints, as plain values (see the module)."""
    if kind not in KINDS:
        raise ValueError(f"Not a kind of programme report: {kind!r}")
    as_at = as_at or timezone.localdate()
    programme = (
        Programme.objects.filter(pk=programme.pk)
        .select_related("organisation", "board", "board__chair", "sponsor", "manager")
        .first()
    )
    organisation = programme.organisation
    board = programme.board

    # Projects, with their boards and people.
    projects = list(
        Project.objects.filter(programme=programme)
        .select_related("board", "manager", "sponsor")
        .order_by("reference", "name", "id")
    )
    ids = [project.pk for project in projects]

    # The latest update of each project, up to ``as_at``.
    latest_update: dict[int, ProjectUpdate] = {}
    for update in (
        ProjectUpdate.objects.filter(project__programme=programme, on__lte=as_at)
        .only("id", "project_id", "on", "text")
        .order_by("project_id", "on", "id")
    ):
        latest_update[update.project_id] = update

    # Moves between boards.
    moves: dict[int, list[dict]] = defaultdict(list)
    for move in BoardMove.objects.filter(project__programme=programme).order_by("moved_on", "id"):
        moves[move.project_id].append(
            {"from": move.from_name, "to": move.to_name, "on": _iso(move.moved_on), "reason": move.reason}
        )

    # Savings lines: by project and year (kinds added together), and by year.
    lines = list(
        SavingLine.objects.filter(project__programme=programme).values_list(
            "project_id",
            "financial_year",
            "kind",
            "target",
            "original_target",
            "delivered",
            "forecast",
            "delivered_as_at",
        )
    )
    years = sorted({line[1] for line in lines})
    year = report_year(years, as_at, programme.ends_on)
    by_project_year: dict[tuple[int, int], list[Position]] = defaultdict(list)
    original: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    cash: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    delivered_as_at: dict[tuple[int, int], dt.date] = {}
    for project_id, fy, line_kind, target, first, delivered, forecast, counted in lines:
        key = (project_id, fy)
        by_project_year[key].append(Position(target=target, delivered=delivered, forecast=forecast))
        original[key] += first
        if line_kind == "cash":
            cash[key] += target
        if counted and (key not in delivered_as_at or counted > delivered_as_at[key]):
            delivered_as_at[key] = counted

    flags = _flags(organisation, ids)

    project_rows = []
    for project in projects:
        savings = {}
        for fy in years:
            positions = by_project_year.get((project.pk, fy))
            if not positions:
                continue
            savings[str(fy)] = {
                **_position(total_position(positions)),
                "original_target": money(original[(project.pk, fy)]),
                "cash_target": money(cash[(project.pk, fy)]),
                "delivered_as_at": _iso(delivered_as_at.get((project.pk, fy))),
            }
        update = latest_update.get(project.pk)
        this_year = by_project_year.get((project.pk, year))
        project_rows.append(
            {
                "id": project.pk,
                "reference": project.reference,
                "name": project.name,
                "summary": project.summary,
                "stage": project.stage,
                "stage_label": Stage(project.stage).label,
                "stage_changed_on": _iso(project.stage_changed_on),
                "implementation_started_on": _iso(project.implementation_started_on),
                "board": project.board.name if project.board_id else "",
                "manager": project.manager_label,
                "sponsor": project.sponsor_label,
                "rags": {
                    "overall": project.rag_overall,
                    "time": project.rag_time,
                    "cost": project.rag_cost,
                    "benefits": project.rag_benefits,
                },
                "last_update_on": _iso(project.last_update_on),
                "latest_update": {"on": _iso(update.on), "text": _excerpt(update.text)} if update else None,
                "flags": flags.get(project.pk, []),
                "eqia": project.eqia,
                "eqia_label": EqiaStatus(project.eqia).label,
                "eqia_note": project.eqia_note,
                "moves": moves.get(project.pk, []),
                "savings": savings,
                "savings_sentence": total_position(this_year).sentence() if this_year else "",
            }
        )

    year_totals = {
        str(fy): _position(total_position(p for (_pid, y), ps in by_project_year.items() if y == fy for p in ps))
        for fy in years
    }
    all_positions = [p for ps in by_project_year.values() for p in ps]

    # KPIs and their latest values.
    kpis = list(
        ProjectIndicator.objects.filter(project__programme=programme)
        .select_related("indicator")
        .order_by("project__reference", "project__name", "project_id", "position", "id")
    )
    observed = _latest_observations(organisation, {kpi.indicator_id for kpi in kpis}, as_at)
    kpi_rows = [
        {
            "project_id": kpi.project_id,
            "code": kpi.indicator.code,
            "title": kpi.indicator.title,
            "unit": kpi.indicator.unit,
            "decimals": int(kpi.indicator.decimals),
            "baseline": None if kpi.baseline_value is None else str(kpi.baseline_value),
            "baseline_period": period_label(kpi.baseline_period_code) if kpi.baseline_period_code else "",
            "target": None if kpi.target_value is None else str(kpi.target_value),
            "target_text": kpi.target_text,
            "latest": observed.get(kpi.indicator_id, {}).get("value"),
            "latest_period": observed.get(kpi.indicator_id, {}).get("period", ""),
        }
        for kpi in kpis
    ]

    # Risks: counts, and the highest open scores.
    open_risks = Risk.objects.filter(programme=programme, status=RiskStatus.OPEN)
    counts = _risk_counts(open_risks, programme.risk_appetite)
    top = (
        open_risks.annotate(score_value=F("likelihood") * F("impact"))
        .select_related("project", "owner")
        .order_by("-score_value", "-impact", "review_on", "id")[:TOP_RISKS]
    )
    risk_rows = []
    for risk in top:
        score = risk.likelihood * risk.impact
        risk_rows.append(
            {
                "reference": risk.reference,
                "kind": RiskKind(risk.kind).label,
                "title": risk.title,
                "project": str(risk.project) if risk.project_id else "",
                "owner": risk.owner_label,
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "score": score,
                "grade": grade(score).name,
                "target_score": risk.target_score,
                "trend": trend(score, risk.previous_score),
                "mitigation": _excerpt(risk.mitigation, 300),
                "review_on": _iso(risk.review_on),
                "escalated": risk.escalated,
                "above_appetite": score > programme.risk_appetite,
            }
        )

    # Decisions the board (or boards) are asked to make.
    decision_filter = Q(programme=programme) | Q(project__programme=programme)
    if board is not None:
        decision_filter |= Q(board=board, programme__isnull=True, project__isnull=True)
    decisions = [
        {
            "title": decision.title,
            "detail": decision.detail,
            "board": decision.board.name,
            "project": str(decision.project) if decision.project_id else "",
            "logged_on": _iso(timezone.localdate(decision.created_at))
            if getattr(decision, "created_at", None)
            else None,
        }
        for decision in Decision.objects.filter(decision_filter, status=DecisionStatus.NEEDED)
        .select_related("board", "project")
        .order_by("id")
    ]

    # Budget monitoring: the cost of delivery, by source and year.
    budget_lines = (
        BudgetLine.objects.filter(programme=programme, kind=BudgetKind.DELIVERY)
        .select_related("project")
        .order_by("financial_year", "source", "period_code", "id")
    )
    budget_rows = [
        {
            "year": line.financial_year,
            "year_label": financial_year_label(line.financial_year),
            "period": line.period_code,
            "source": line.source,
            "project": str(line.project) if line.project_id else "",
            "budget": money(line.budget),
            "forecast": money(line.forecast),
            "spent": money(line.spent),
        }
        for line in budget_lines
    ]

    stage_counts = {stage.value: 0 for stage in STAGE_ORDER}
    for project in projects:
        stage_counts[project.stage] = stage_counts.get(project.stage, 0) + 1

    members = [_person(user) for user in board.members.all()] if board is not None else []
    if board is not None:
        members += [line.strip() for line in board.other_members.splitlines() if line.strip()]

    return {
        "format": SNAPSHOT_FORMAT,
        "kind": kind,
        "kind_label": KINDS[kind],
        "as_at": as_at.isoformat(),
        "organisation": {"name": organisation.name, "gss_code": organisation.gss_code},
        "programme": {
            "id": programme.pk,
            "name": programme.name,
            "summary": programme.summary,
            "sponsor": _person(programme.sponsor, programme.sponsor_name),
            "manager": _person(programme.manager, programme.manager_name),
            "starts_on": _iso(programme.starts_on),
            "ends_on": _iso(programme.ends_on),
            "status": programme.status,
            "risk_appetite": programme.risk_appetite,
        },
        "board": None
        if board is None
        else {
            "name": board.name,
            "purpose": board.purpose,
            "chair": board.chair_label,
            "cycle_weeks": board.cycle_weeks,
            "reports_to": board.reports_to,
            "members": members,
        },
        "stages": [
            {"stage": stage.value, "label": stage.label, "count": stage_counts.get(stage.value, 0)}
            for stage in STAGE_ORDER
        ],
        "year": year,
        "year_label": financial_year_label(year),
        "years": years,
        "savings_year": year_totals.get(str(year)) or _position(Position(target=ZERO)),
        "savings_by_year": year_totals,
        "savings_total": _position(total_position(all_positions)),
        "projects": project_rows,
        "kpis": kpi_rows,
        "risks": {**counts, "top": risk_rows, "appetite": programme.risk_appetite},
        "decisions": decisions,
        "budget": budget_rows,
    }


def _risk_counts(open_risks, appetite: int) -> dict[str, int]:
    """Open risks and issues, those above the appetite and those escalated. One query."""
    return open_risks.annotate(score_value=F("likelihood") * F("impact")).aggregate(
        open_risks=Count("id", filter=Q(kind=RiskKind.RISK)),
        open_issues=Count("id", filter=Q(kind=RiskKind.ISSUE)),
        above_appetite=Count("id", filter=Q(score_value__gt=appetite)),
        escalated=Count("id", filter=Q(escalated=True)),
    )
