"""Open assurance flags of a council's programmes, for the Challenges page, the Overview and a project's page.

:func:`open_flags` gathers the facts the checks of ``checks.py`` look at for every open
project (proposed or in delivery) of the council's active programmes, in a fixed number of
queries whatever the number of projects (pinned in ``tests/programmes/test_flags.py``):

0. whether the council has an active programme (most have none: nothing more is asked);
1. the projects, each with its programme's figures, its board, the latest meeting of that
   board since the project came under it, and its first milestone;
2. the saving lines of the projects reporting green, for this financial year and the years
   before it;
3. the open milestones of the projects;
4. the open risks and issues of the active programmes scored above their appetite.

It runs the checks through the registry and keys each flag ``"<check name>:project:<id>"``
(``:milestone:<id>``, ``:risk:<id>``), linked to the project's page (a programme's own risk
links to the risk's page). :func:`project_flags` gives the flags of some projects, by project.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ascent.assurance import registry
from ascent.assurance.registry import Flag
from ascent.core.periods import financial_year_start_year

from . import checks
from .models import (
    BoardMeeting,
    BoardMove,
    Milestone,
    Programme,
    ProgrammeStatus,
    Project,
    Rag,
    Risk,
    RiskStatus,
    SavingLine,
    Stage,
)

OPEN_STAGES = (Stage.PROPOSED, Stage.DELIVERY)

#: Before any board met: the day a project with no record of joining its board is taken to have joined.
_LONG_AGO = datetime.date(1900, 1, 1)

#: Stand-in for the id in a link's pattern (no real id has nine such digits here).
_SLOT = 918273645


def checked_projects(organisation):
    """The council's projects the checks look at: open ones of active programmes."""
    return Project.objects.in_organisation(organisation).filter(
        programme__status=ProgrammeStatus.ACTIVE, stage__in=OPEN_STAGES
    )


def _project_rows(projects, today: datetime.date) -> list[dict]:
    joined = (
        BoardMove.objects.filter(project=OuterRef("pk"), to_board=OuterRef("board"))
        .order_by("-moved_on", "-id")
        .values("moved_on")[:1]
    )
    met = (
        BoardMeeting.objects.filter(board=OuterRef("board"), held_on__lte=today, held_on__gte=OuterRef("joined"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    first = Milestone.objects.filter(project=OuterRef("pk")).order_by("baseline_date", "id")
    return list(
        projects.annotate(
            joined=Coalesce(Subquery(joined), Value(_LONG_AGO)),
        )
        .annotate(
            last_board_meeting=Subquery(met),
            first_baseline=Subquery(first.values("baseline_date")[:1]),
            first_milestone=Subquery(first.values("title")[:1]),
        )
        .order_by("programme__starts_on", "programme_id", "reference", "name", "id")
        .values(
            "pk",
            "reference",
            "name",
            "programme_id",
            "programme__name",
            "programme__starts_on",
            "programme__milestone_tolerance_days",
            "stage",
            "rag_overall",
            "rag_benefits",
            "implementation_started_on",
            "last_update_on",
            "board__name",
            "last_board_meeting",
            "first_baseline",
            "first_milestone",
        )
    )


def _savings(rows: list[dict], today: datetime.date) -> dict[int, list[checks.SavingFact]]:
    """The saving lines of the green projects of ``rows`` due by now, by project id (one query, or none)."""
    green = [row["pk"] for row in rows if Rag.GREEN in (row["rag_overall"], row["rag_benefits"])]
    if not green:
        return {}
    lines = (
        SavingLine.objects.filter(
            project_id__in=green, target__gt=0, financial_year__lte=financial_year_start_year(today)
        )
        .order_by("project_id", "financial_year", "kind")
        .values_list("project_id", "financial_year", "kind", "target", "delivered", "forecast", "delivered_as_at")
    )
    found: dict[int, list[checks.SavingFact]] = {}
    for project_id, year, kind, target, delivered, forecast, as_at in lines:
        found.setdefault(project_id, []).append(
            checks.SavingFact(
                financial_year=year,
                kind=kind,
                target=target,
                delivered=delivered,
                forecast=forecast,
                delivered_as_at=as_at,
            )
        )
    return found


def subject(row: dict) -> str:
    """What a project's flag is about: "RH01 Targeted Reviews — Resilient Harrow"."""
    return f"{row['reference']} {row['name']}".strip() + f" — {row['programme__name']}"


def _project_facts(row: dict, today: datetime.date, savings) -> checks.ProjectFacts:
    return checks.ProjectFacts(
        today=today,
        stage=row["stage"],
        rag_overall=row["rag_overall"],
        rag_benefits=row["rag_benefits"],
        implementation_started_on=row["implementation_started_on"],
        first_baseline=row["first_baseline"],
        first_milestone=row["first_milestone"] or "",
        programme_starts_on=row["programme__starts_on"],
        savings=tuple(savings),
        last_update_on=row["last_update_on"],
        board_name=row["board__name"] or "",
        last_board_meeting=row["last_board_meeting"],
    )


def _risks(organisation, project_ids: list[int] | None) -> list[dict]:
    """Open risks of the council's active programmes scored above their appetite, the register's order."""
    found = (
        Risk.objects.in_organisation(organisation)
        .filter(status=RiskStatus.OPEN, programme__status=ProgrammeStatus.ACTIVE)
        .filter(Q(project__isnull=True) | Q(project__stage__in=OPEN_STAGES))
        .alias(score=F("likelihood") * F("impact"))
        .filter(score__gt=F("programme__risk_appetite"))
    )
    if project_ids is not None:
        found = found.filter(project_id__in=project_ids)
    return list(
        found.order_by(
            "programme__starts_on", "programme_id", "project__reference", "project_id", "-score", "id"
        ).values(
            "pk",
            "kind",
            "reference",
            "title",
            "likelihood",
            "impact",
            "target_likelihood",
            "target_impact",
            "programme_id",
            "programme__name",
            "programme__risk_appetite",
            "project_id",
            "project__reference",
            "project__name",
            "project__stage",
        )
    )


def _flags(organisation, *, today: datetime.date | None, project_ids: Iterable[int] | None = None) -> list[Flag]:
    # Most councils have no programme: one query says so, and the Overview's pinned counts stay low.
    if not Programme.objects.in_organisation(organisation).filter(status=ProgrammeStatus.ACTIVE).exists():
        return []
    today = today or timezone.localdate()
    projects = checked_projects(organisation)
    ids = None if project_ids is None else list(project_ids)
    if ids is not None:
        projects = projects.filter(pk__in=ids)
    rows = _project_rows(projects, today)
    savings = _savings(rows, today)
    by_project = {row["pk"]: row for row in rows}
    open_milestones = (
        list(
            Milestone.objects.filter(project_id__in=list(by_project), done_on__isnull=True)
            .order_by("project_id", "baseline_date", "id")
            .values("pk", "project_id", "title", "baseline_date", "forecast_date")
        )
        if by_project
        else []
    )
    milestones_of: dict[int, list[dict]] = {}
    for milestone in open_milestones:
        milestones_of.setdefault(milestone["project_id"], []).append(milestone)

    gss = organisation.gss_code
    project_link = reverse("programmes:project", kwargs={"gss_code": gss, "pk": _SLOT})
    flags: list[Flag] = []
    for row in rows:
        pk = row["pk"]
        url = project_link.replace(str(_SLOT), str(pk))
        about = subject(row)
        extra = {"project_id": pk, "programme_id": row["programme_id"]}
        facts = _project_facts(row, today, savings.get(pk, ()))
        for name in checks.PROJECT_CHECKS:
            detail = registry.run(name, facts)
            if detail:
                flags.append(
                    Flag(
                        check=registry.get_check(name),
                        key=f"{name}:project:{pk}",
                        detail=detail,
                        subject=about,
                        url=url,
                        extra=extra,
                    )
                )
        for milestone in milestones_of.get(pk, ()):
            detail = registry.run(
                checks.MILESTONE_CHECK,
                checks.MilestoneFacts(
                    today=today,
                    title=milestone["title"],
                    baseline_date=milestone["baseline_date"],
                    forecast_date=milestone["forecast_date"],
                    tolerance_days=row["programme__milestone_tolerance_days"],
                    project_stage=row["stage"],
                ),
            )
            if detail:
                flags.append(
                    Flag(
                        check=registry.get_check(checks.MILESTONE_CHECK),
                        key=f"{checks.MILESTONE_CHECK}:milestone:{milestone['pk']}",
                        detail=detail,
                        subject=about,
                        url=url,
                        extra={**extra, "milestone_id": milestone["pk"]},
                    )
                )

    risk_link = reverse("programmes:risk", kwargs={"gss_code": gss, "pk": _SLOT})
    for risk in _risks(organisation, ids):
        detail = registry.run(
            checks.RISK_CHECK,
            checks.RiskFacts(
                likelihood=risk["likelihood"],
                impact=risk["impact"],
                appetite=risk["programme__risk_appetite"],
                kind=risk["kind"],
                project_stage=risk["project__stage"],
                target_likelihood=risk["target_likelihood"],
                target_impact=risk["target_impact"],
            ),
        )
        if not detail:
            continue
        label = f"{risk['reference']} {risk['title']}".strip()
        if risk["project_id"]:
            owner = f"{risk['project__reference']} {risk['project__name']}".strip()
            url = project_link.replace(str(_SLOT), str(risk["project_id"]))
        else:
            owner = risk["programme__name"]
            url = risk_link.replace(str(_SLOT), str(risk["pk"]))
        flags.append(
            Flag(
                check=registry.get_check(checks.RISK_CHECK),
                key=f"{checks.RISK_CHECK}:risk:{risk['pk']}",
                detail=detail,
                subject=f"{label} — {owner}",
                url=url,
                extra={"project_id": risk["project_id"], "programme_id": risk["programme_id"], "risk_id": risk["pk"]},
            )
        )
    return flags


def open_flags(organisation, *, today: datetime.date | None = None) -> list[Flag]:
    """The open flags of the council's programmes: each project's in turn, then the risks'."""
    return _flags(organisation, today=today)


def project_flags(organisation, project_ids=None, *, today: datetime.date | None = None) -> dict[int, list[Flag]]:
    """The open flags of the council's projects (those of ``project_ids`` only, when given), by project id.

    A programme's own risks (of no project) are not among them."""
    found: dict[int, list[Flag]] = {}
    for flag in _flags(organisation, today=today, project_ids=project_ids):
        project_id = flag.extra.get("project_id")
        if project_id is not None:
            found.setdefault(project_id, []).append(flag)
    return found


def counts_by_check(flags: Iterable[Flag]) -> dict[str, int]:
    """How many flags each check raised, by check name (checks that raised none are left out)."""
    found: dict[str, int] = {}
    for flag in flags:
        found[flag.check.name] = found.get(flag.check.name, 0) + 1
    return found
