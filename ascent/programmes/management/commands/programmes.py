"""List a council's transformation programmes and their projects, with stage, board, RAGs and savings, for scripts."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils import timezone

from ascent.core.money import format_money
from ascent.core.periods import financial_year_label
from ascent.organisations.models import Organisation
from ascent.programmes.models import Programme, Project, SavingLine, Stage
from ascent.programmes.reporting.snapshot import money, report_year
from ascent.programmes.savings import Position, total_position

RAGS = ("overall", "time", "cost", "benefits")


def find_organisation(gss_code: str) -> Organisation:
    """The organisation with ``gss_code`` (any case, spaces ignored), or a CommandError naming the code."""
    organisation = Organisation.objects.filter(gss_code=gss_code.strip().upper()).first()
    if organisation is None:
        raise CommandError(f"No organisation has the GSS code {gss_code!r}")
    return organisation


def _savings(position: Position) -> dict[str, str]:
    return {
        "target": money(position.target),
        "forecast": money(position.forecast),
        "delivered": money(position.delivered),
        "shortfall": money(position.shortfall),
    }


def programme_rows(organisation, *, today: dt.date | None = None, year: int | None = None) -> list[dict]:
    """One dict per programme of the council (JSON-safe), each with its projects and the savings
    position of the year (the financial year of ``today``, kept within the years the programme has
    savings for, unless ``year`` is given). Three queries, whatever the number of projects."""
    today = today or timezone.localdate()
    programmes = list(
        Programme.objects.in_organisation(organisation).select_related("board").order_by("status", "-starts_on", "name")
    )
    projects = defaultdict(list)
    for project in (
        Project.objects.in_organisation(organisation).select_related("board").order_by("reference", "name", "id")
    ):
        projects[project.programme_id].append(project)
    sums: dict[tuple[int, int], Position] = {}
    years = defaultdict(set)
    for project_id, programme_id, fy, target, delivered, forecast in (
        SavingLine.objects.in_organisation(organisation)
        .order_by()
        .values_list("project_id", "project__programme_id", "financial_year")
        .annotate(Sum("target"), Sum("delivered"), Sum("forecast"))
    ):
        sums[(project_id, fy)] = Position(target=target, delivered=delivered, forecast=forecast)
        years[programme_id].add(fy)
    rows = []
    for programme in programmes:
        fy = year if year is not None else report_year(sorted(years[programme.pk]), today, programme.ends_on)
        project_rows = []
        for project in projects[programme.pk]:
            position = sums.get((project.pk, fy), Position(target=Decimal(0)))
            project_rows.append(
                {
                    "id": project.pk,
                    "reference": project.reference,
                    "name": project.name,
                    "stage": project.stage,
                    "board": project.board.name if project.board_id else None,
                    "rags": {name: getattr(project, f"rag_{name}") or None for name in RAGS},
                    "savings": _savings(position),
                }
            )
        total = total_position(
            sums.get((project.pk, fy), Position(target=Decimal(0))) for project in projects[programme.pk]
        )
        rows.append(
            {
                "id": programme.pk,
                "name": programme.name,
                "status": programme.status,
                "board": programme.board.name if programme.board_id else None,
                "financial_year": financial_year_label(fy),
                "savings": _savings(total),
                "projects": project_rows,
            }
        )
    return rows


def _rag(value: str | None) -> str:
    return (value or "-").capitalize() if value else "-"


class Command(BaseCommand):
    help = (
        "List a council's transformation programmes and their projects: id, name, stage, overseeing board, the "
        "self-reported RAGs (overall, time, cost, benefits) and the savings position of the year (target, forecast, "
        "delivered to date, shortfall). The year is the current financial year (the programme's last once it has "
        "ended), kept within the years it has savings for; --year 2019 chooses 2019-20. A plain table by default, or "
        "JSON (a list of programmes with id, name, status, board, financial_year, savings and projects; amounts as "
        "exact decimal strings) with --format json. Fails on an unknown GSS code."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["table", "json"], default="table", help="table (the default) or json")
        parser.add_argument("--year", type=int, help="The financial year by the year it starts in (2019 for 2019-20)")

    def handle(self, *args, **options):
        organisation = find_organisation(options["gss_code"])
        year = options.get("year")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"{year} is not a financial year: give the year it starts in, such as 2019 for 2019-20")
        rows = programme_rows(organisation, year=year)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no transformation programmes.")
            return
        stages = dict(Stage.choices)
        headings = [
            "ID",
            "Project",
            "Stage",
            "Board",
            "Overall",
            "Time",
            "Cost",
            "Benefits",
            "Target",
            "Forecast",
            "Delivered",
            "Shortfall",
        ]
        for number, row in enumerate(rows):
            if number:
                self.stdout.write("")
            savings = row["savings"]
            self.stdout.write(
                f"{row['name']} (programme {row['id']}, {row['status']}), board: {row['board'] or 'none'}"
            )
            self.stdout.write(
                f"Savings {row['financial_year']}: {format_money(Decimal(savings['forecast']))} forecast against "
                f"{format_money(Decimal(savings['target']))}, {format_money(Decimal(savings['delivered']))} delivered, "
                f"{format_money(Decimal(savings['shortfall']))} short"
            )
            if not row["projects"]:
                self.stdout.write("No projects.")
                continue
            table = [
                [
                    str(project["id"]),
                    f"{project['reference']} {project['name']}".strip(),
                    stages.get(project["stage"], project["stage"]),
                    project["board"] or "-",
                    *(_rag(project["rags"][name]) for name in RAGS),
                    *(
                        format_money(Decimal(project["savings"][key]))
                        for key in ("target", "forecast", "delivered", "shortfall")
                    ),
                ]
                for project in row["projects"]
            ]
            widths = [max(len(line[i]) for line in [headings, *table]) for i in range(len(headings))]
            for line in [headings, *table]:
                self.stdout.write(
                    "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
                )
