"""Programme pages and the board report at national scale, each beside a floor measured in the same run.

**The data** (added to the benchmark database the first time, by :func:`ensure_programmes`;
kept while ``PROGRAMMES_DATA_VERSION`` matches what the database records): every one of the
153 councils has three boards (a programme board meeting every four weeks, with twelve
meetings and a decisions log; an improvement board; a commissioning workstream), one
transformation programme of **50 projects**, and for each project **10 years of savings**
(2016-17 to 2025-26, target, original target, delivered and forecast), two milestones (one
slipped), two KPIs linked to indicators of the store, two updates and a move between boards;
the council has **500 risks and issues** on the programme's register (most on projects), and
24 months of budget monitoring. 153 × 50 = 7,650 projects, 76,500 savings lines and 76,500
risks nationally. Rows are written with ``bulk_create`` (no history rows: these pages do not
read history).

**The lines**, each timed after warm-up like the other pages (bench/run.py ``time_requests``;
queries for Harrow and, for the same page, the Isles of Scilly), then printed as a multiple of
the floor measured in the same run: the programmes index, the programme page, a project page,
the risk register (first page), budget monitoring, the boards list, a board's page, the
Overview (with the programmes panel), the Challenges page (with the programmes' checks) and
the board highlight report as a web page. A page whose part is not installed yet is listed as
**not measured** with the URL name it waits for.

**The board report** in each format (:func:`measure_board_report`): Harrow's programme of 50
projects, built by ``manage.py programme_report`` as a person at the command line would, the
slowest of three runs against the 5-second budget, beside the same for the Isles of Scilly's
programme cut to one project (the fixed cost of any report). One untimed run of the small
report first loads the renderer's fonts, as the worker that makes PDFs has them loaded.

Called from bench/run.py (``measure_programmes``, ``measure_board_report``), or alone:

    .venv/bin/python bench/programmes.py [--iterations N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROGRAMMES_DATA_VERSION = 1
PROJECTS_PER_COUNCIL = 50
RISKS_PER_COUNCIL = 500
FIRST_YEAR, YEARS = 2016, 10
META_KEY = "programmes_data_version"
REPORT_BUDGET_SECONDS = 5.0
REPORT_FORMATS = ("pdf", "docx", "xlsx")
STAGES = ("delivery", "delivery", "delivery", "proposed", "bau")
RAGS = ("green", "green", "amber", "red")


def ensure_programmes(log=print) -> dict[str, int]:
    """Add the programme data to the benchmark database unless it is there; returns the counts."""
    from bench.generate import _read_meta, _write_meta

    meta = _read_meta()
    if meta.get(META_KEY) == str(PROGRAMMES_DATA_VERSION):
        return counts()
    log("  generating programmes (7,650 projects, 76,500 savings lines, 76,500 risks) ...")
    _generate(random.Random(20261207))  # noqa: S311 - made-up benchmark data, not security
    _write_meta({**_read_meta(), META_KEY: str(PROGRAMMES_DATA_VERSION)})
    return counts()


def counts() -> dict[str, int]:
    from ascent.programmes.models import Programme, Project, Risk, SavingLine

    return {
        "programmes": Programme.objects.count(),
        "projects": Project.objects.count(),
        "savings lines": SavingLine.objects.count(),
        "risks": Risk.objects.count(),
    }


def _generate(rng: random.Random) -> None:  # noqa: PLR0915 - one linear recipe
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from ascent.indicators.models import Indicator
    from ascent.organisations.models import Membership, Organisation
    from ascent.programmes.models import (
        Board,
        BoardMeeting,
        BoardMove,
        BudgetLine,
        Decision,
        Milestone,
        Programme,
        Project,
        ProjectIndicator,
        ProjectUpdate,
        Risk,
        SavingLine,
    )

    today = timezone.localdate()
    indicator_ids = list(Indicator.objects.filter(organisation__isnull=True).values_list("pk", flat=True)[:20])
    with transaction.atomic():
        Programme.objects.all().delete()
        Board.objects.all().delete()
        members: dict[int, list[int]] = {}
        for organisation_id, user_id in Membership.objects.values_list("organisation_id", "user_id"):
            members.setdefault(organisation_id, []).append(user_id)
        organisations = list(Organisation.objects.order_by("pk"))

        boards = []
        for organisation in organisations:
            people = members.get(organisation.pk) or [None]
            boards += [
                Board(
                    organisation=organisation, name="Transformation Programme Board", chair_id=people[0], cycle_weeks=4
                ),
                Board(organisation=organisation, name="Adult Social Care Improvement Board", chair_name="DASS"),
                Board(organisation=organisation, name="Commissioning Workstream", reports_to="Commissioning Board"),
            ]
        Board.objects.bulk_create(boards, batch_size=2000)
        boards_of = {}
        for board in boards:
            boards_of.setdefault(board.organisation_id, []).append(board)
        meetings = [
            BoardMeeting(organisation_id=board.organisation_id, board=board, held_on=today - dt.timedelta(weeks=4 * k))
            for board in boards[::3]
            for k in range(12)
        ]
        BoardMeeting.objects.bulk_create(meetings, batch_size=5000)

        programmes = [
            Programme(
                organisation=organisation,
                name=f"{organisation.name} transformation programme",
                summary="Manage demand, work in new ways and shape the care market within the budget. " * 2,
                manager_id=(members.get(organisation.pk) or [None])[0],
                board=boards_of[organisation.pk][0],
                starts_on=dt.date(FIRST_YEAR, 4, 1),
                risk_appetite=12,
            )
            for organisation in organisations
        ]
        Programme.objects.bulk_create(programmes, batch_size=1000)

        projects = []
        for programme in programmes:
            people = members.get(programme.organisation_id) or [None]
            for n in range(PROJECTS_PER_COUNCIL):
                stage = STAGES[n % len(STAGES)]
                projects.append(
                    Project(
                        organisation_id=programme.organisation_id,
                        programme=programme,
                        reference=f"P{n + 1:02d}",
                        name=f"Project {n + 1}: reviews, reablement and the care market",
                        summary="What the project changes for people, and the savings it brings. " * 2,
                        manager_id=people[n % len(people)],
                        board=boards_of[programme.organisation_id][n % 3],
                        stage=stage,
                        stage_changed_on=today - dt.timedelta(days=rng.randrange(10, 400)),
                        implementation_started_on=None if stage == "proposed" else dt.date(FIRST_YEAR + n % 5, 6, 1),
                        problem="Demand rises faster than the budget. " * 3,
                        benefits="Fewer people in long-term care; lower costs. " * 2,
                        eqia=("done", "not-needed", "not-done")[n % 3],
                        rag_overall=RAGS[n % len(RAGS)],
                        rag_time=RAGS[(n + 1) % len(RAGS)],
                        rag_cost=RAGS[(n + 2) % len(RAGS)],
                        rag_benefits=RAGS[(n + 3) % len(RAGS)],
                        last_update_on=today - dt.timedelta(days=rng.randrange(0, 90)),
                    )
                )
        Project.objects.bulk_create(projects, batch_size=5000)

        savings, milestones, kpis, updates, moves = [], [], [], [], []
        for project in projects:
            for k in range(YEARS):
                target = Decimal(rng.randrange(20, 400) * 1000)
                savings.append(
                    SavingLine(
                        organisation_id=project.organisation_id,
                        project=project,
                        financial_year=FIRST_YEAR + k,
                        target=target,
                        original_target=target if k % 4 else target + 10000,
                        forecast=max(target - Decimal(rng.randrange(0, 5) * 10000), Decimal(0)),
                        delivered=target * Decimal("0.6"),
                    )
                )
            base = today + dt.timedelta(days=rng.randrange(-200, 200))
            milestones += [
                Milestone(
                    organisation_id=project.organisation_id,
                    project=project,
                    title="Business case agreed",
                    baseline_date=base,
                    forecast_date=base,
                ),
                Milestone(
                    organisation_id=project.organisation_id,
                    project=project,
                    title="New model live",
                    baseline_date=base + dt.timedelta(days=90),
                    forecast_date=base + dt.timedelta(days=150),
                ),
            ]
            for j, indicator_id in enumerate(indicator_ids[project.pk % 10 : project.pk % 10 + 2]):
                kpis.append(
                    ProjectIndicator(
                        organisation_id=project.organisation_id,
                        project=project,
                        indicator_id=indicator_id,
                        position=j,
                        baseline_value=Decimal("7.2"),
                        target_text="Lower",
                    )
                )
            updates += [
                ProjectUpdate(
                    organisation_id=project.organisation_id,
                    project=project,
                    author_id=project.manager_id,
                    on=project.last_update_on - dt.timedelta(days=28 * k),
                    text="Progress since the last board. " * 3,
                    rag_overall=project.rag_overall,
                )
                for k in range(2)
            ]
            moves.append(
                BoardMove(
                    organisation_id=project.organisation_id,
                    project=project,
                    to_board_id=project.board_id,
                    to_name="Transformation Programme Board",
                    moved_on=dt.date(FIRST_YEAR, 4, 1),
                )
            )
        SavingLine.objects.bulk_create(savings, batch_size=10000)
        Milestone.objects.bulk_create(milestones, batch_size=10000)
        ProjectIndicator.objects.bulk_create(kpis, batch_size=10000)
        ProjectUpdate.objects.bulk_create(updates, batch_size=10000)
        BoardMove.objects.bulk_create(moves, batch_size=10000)

        risks, budget, decisions = [], [], []
        projects_of: dict[int, list] = {}
        for project in projects:
            projects_of.setdefault(project.programme_id, []).append(project)
        for programme in programmes:
            mine = projects_of[programme.pk]
            for n in range(RISKS_PER_COUNCIL):
                likelihood, impact = rng.randrange(1, 6), rng.randrange(1, 6)
                risks.append(
                    Risk(
                        organisation_id=programme.organisation_id,
                        programme=programme,
                        project=None if n % 10 == 0 else mine[n % len(mine)],
                        kind="issue" if n % 7 == 0 else "risk",
                        reference=f"R{n + 1:03d}",
                        title=f"Risk {n + 1}: the care market cannot take the new packages in time",
                        mitigation="Weekly calls with providers; a standby contract. " * 2,
                        likelihood=likelihood,
                        impact=impact,
                        previous_score=rng.randrange(1, 26),
                        target_likelihood=1,
                        target_impact=impact,
                        review_on=today + dt.timedelta(days=rng.randrange(-60, 90)),
                        status="closed" if n % 9 == 0 else "open",
                        escalated=n % 13 == 0,
                    )
                )
            for month in range(24):
                year, month_number = divmod(month + 3, 12)
                code = f"{FIRST_YEAR + 8 + year}-{month_number + 1:02d}"
                budget.append(
                    BudgetLine(
                        organisation_id=programme.organisation_id,
                        programme=programme,
                        kind="service",
                        financial_year=FIRST_YEAR + 8 + (month // 12),
                        period_code=code,
                        budget=Decimal("4200000"),
                        forecast=Decimal(4200000 + rng.randrange(-90, 150) * 1000),
                    )
                )
            board = boards_of[programme.organisation_id][0]
            decisions += [
                Decision(
                    organisation_id=programme.organisation_id,
                    board=board,
                    programme=programme,
                    title=f"Decision {k + 1}: approve the business case",
                    status="needed" if k < 3 else "made",
                    decided_on=None if k < 3 else today - dt.timedelta(days=28 * k),
                    decision="" if k < 3 else "Approved",
                )
                for k in range(10)
            ]
        Risk.objects.bulk_create(risks, batch_size=10000)
        BudgetLine.objects.bulk_create(budget, batch_size=10000)
        Decision.objects.bulk_create(decisions, batch_size=5000)


# --- the lines --------------------------------------------------------------------------------

#: (line name, URL name, what it needs, who asks, extra query string)
PAGES = [
    ("Floor: static page, beside programmes", "core:accessibility", "none", "admin", ""),
    ("Programmes index", "programmes:index", "organisation", "admin", ""),
    ("Programme page (50 projects)", "programmes:programme", "programme", "admin", ""),
    ("Project page", "programmes:project", "project", "admin", ""),
    ("Risk register (500 risks, first page)", "programmes:risks", "programme", "admin", ""),
    ("Budget monitoring", "programmes:budget", "programme", "admin", ""),
    ("Boards list", "programmes:boards", "organisation", "admin", ""),
    ("Board page", "programmes:board", "board", "admin", ""),
    ("Board highlight report (web page)", "programmes:report", "report", "admin", ""),
    ("Overview (with the programmes panel)", "organisations:overview", "organisation", "admin", ""),
    ("Challenges (with the programmes' checks)", "assurance:index", "organisation", "admin", ""),
]
FLOOR = "Floor: static page, beside programmes"


def _paths(needs: str, url_name: str):
    """(Harrow's path, the Isles of Scilly's path) for a line, or raise NoReverseMatch."""
    from django.urls import reverse

    from ascent.programmes.models import Board, Programme
    from bench.run import COUNCIL, SMALL_COUNCIL

    if needs == "none":
        path = reverse(url_name)
        return path, path
    paths = []
    for code in (COUNCIL, SMALL_COUNCIL):
        kwargs = {"gss_code": code}
        programme = Programme.objects.filter(organisation__gss_code=code).order_by("pk").first()
        if needs in ("programme", "report"):
            kwargs["pk"] = programme.pk
        if needs == "report":
            kwargs["kind"] = "highlight"
        if needs == "project":
            kwargs["pk"] = programme.projects.filter(stage="delivery").order_by("pk").values_list("pk", flat=True)[0]
        if needs == "board":
            kwargs["pk"] = (
                Board.objects.filter(organisation__gss_code=code).order_by("pk").values_list("pk", flat=True)[0]
            )
        paths.append(reverse(url_name, kwargs=kwargs))
    return tuple(paths)


def measure_programmes(iterations: int, client, small_client, log) -> tuple[list, list[str]]:
    """Time each page that exists; returns the lines and the names of pages not measured (and why)."""
    from bench.pages import time_pages

    ensure_programmes(log)
    return time_pages(
        PAGES, lambda page: _paths(page[2], page[1]), iterations, lambda page: (client, small_client), log
    )


def ratios(lines: list) -> list[str]:
    """Each programme line as a multiple of the floor measured in the same run."""
    from bench.self_assessment import ratios as beside_floor

    return beside_floor(lines, floor_name=FLOOR, pages=PAGES)


# --- the board report -------------------------------------------------------------------------


def _report_seconds(programme_id: int, fmt: str, runs: int) -> list[float]:
    from django.core.management import call_command

    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"report.{fmt}"
        for _ in range(runs):
            started = time.perf_counter()
            call_command("programme_report", str(programme_id), "--format", fmt, "--out", str(out), stdout=_Quiet())
            seconds.append(time.perf_counter() - started)
    return seconds


class _Quiet:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def measure_board_report(runs: int = 3, log=print) -> dict:
    """Harrow's board highlight report (50 projects) in each format, beside a one-project programme's."""
    from django.core.management import get_commands

    from ascent.programmes.models import Programme
    from bench.run import COUNCIL, SMALL_COUNCIL

    result = {"name": "Board highlight report, 50 projects", "formats": {}, "problems": []}
    if "programme_report" not in get_commands():
        result["problems"].append("not measured: manage.py programme_report is not installed yet")
        return result
    ensure_programmes(log)
    big = Programme.objects.filter(organisation__gss_code=COUNCIL).order_by("pk").first()
    floor = _floor_programme(Programme.objects.filter(organisation__gss_code=SMALL_COUNCIL).order_by("pk").first())
    for fmt in REPORT_FORMATS:
        log(f"  board report as {fmt} ...")
        _report_seconds(floor.pk, fmt, 1)  # warm-up: the renderer loads its fonts once per process, as a worker has
        timings = _report_seconds(big.pk, fmt, runs)
        floor_timings = _report_seconds(floor.pk, fmt, runs)
        result["formats"][fmt] = {
            "slowest": max(timings),
            "median": sorted(timings)[len(timings) // 2],
            "floor": sorted(floor_timings)[len(floor_timings) // 2],
        }
        if max(timings) > REPORT_BUDGET_SECONDS:
            result["problems"].append(
                f"{fmt}: slowest {max(timings):.2f} s is over the {REPORT_BUDGET_SECONDS:.0f} s budget"
            )
    return result


def _floor_programme(source):
    """A programme of the small council with one project of its own (made once, kept)."""
    import datetime as dt

    from ascent.programmes.models import Programme, Project

    floor, made = Programme.objects.get_or_create(
        organisation_id=source.organisation_id,
        name="Floor programme: one project",
        defaults={"starts_on": dt.date(2019, 4, 1)},
    )
    if made:
        Project.objects.create(
            organisation_id=source.organisation_id, programme=floor, name="The one project", stage="delivery"
        )
    return floor


def report_lines(result: dict) -> list[str]:
    rows = [f"{result['name']} (slowest of the runs; floor: a one-project programme, median)"]
    for fmt, figures in result["formats"].items():
        rows.append(
            f"  {fmt:5} slowest {figures['slowest']:.2f} s, median {figures['median']:.2f} s "
            f"(floor {figures['floor']:.2f} s; budget {REPORT_BUDGET_SECONDS:.0f} s)"
        )
    rows += [f"  FAIL: {problem}" for problem in result["problems"]]
    return rows


def main(argv: list[str] | None = None) -> int:
    from bench.pages import standalone

    def measure(iterations, client, small_client, log):
        lines, missing = measure_programmes(iterations, client, small_client, log)
        report = measure_board_report(3, log)
        missing = missing + report_lines(report)
        return lines, missing

    return standalone(argv, "Programme pages and the board report at national scale", measure, ratios, counts)


if __name__ == "__main__":
    raise SystemExit(main())
