"""The programme's reports built from a snapshot alone (:mod:`.snapshot`), never from the database.

- :func:`build_highlight`: the board highlight report: the programme in figures, each
  project's status with its flags, savings, KPIs, the top risks and the decisions needed;
- :func:`build_committee`: the report to a council committee, in the shape councils use
  (summary and recommendations, background, the programme, examples of projects, savings and
  financial implications, performance, risks, equalities).

Money is shown as councils write it (``format_money``: "£863K", "£1.263m") and kept as
numbers in a spreadsheet; financial years read "2019-20".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from ascent.core.dates import govuk_date
from ascent.core.money import format_money
from ascent.core.periods import financial_year_label
from ascent.core.rag import RAG
from ascent.documents.model import (
    BulletList,
    Column,
    Document,
    Figure,
    KeyFigures,
    Note,
    NumberedList,
    Paragraph,
    Section,
    Table,
)

RATINGS = {"red": RAG.RED, "amber": RAG.AMBER, "green": RAG.GREEN}
STAGE_WORDS = {"proposed": "proposed", "delivery": "in delivery", "bau": "business as usual", "closed": "closed"}
ZERO = Decimal(0)


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _money(text: str | None) -> Figure | None:
    """A money cell: the amount as councils write it, a number in a spreadsheet."""
    value = _amount(text)
    if value is None:
        return None
    return Figure(value, kind="money", places=2 if value != value.to_integral_value() else 0, text=format_money(value))


def _words(text: str | None) -> str:
    value = _amount(text)
    return format_money(value) if value is not None else "–"


def _date(text: str | None, *, none: str = "–") -> str:
    return govuk_date(dt.date.fromisoformat(text)) if text else none


def _rating(value: str) -> RAG:
    return RATINGS.get(value or "", RAG.NONE)


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(part.strip()) for part in (text or "").split("\n\n") if part.strip()]


def _project_name(row: dict) -> str:
    return f"{row['reference']} {row['name']}".strip()


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _metadata(data: dict) -> list[tuple[str, str]]:
    items = [("Organisation", data["organisation"]["name"]), ("Programme", data["programme"]["name"])]
    if data.get("board"):
        items.append(("Board", data["board"]["name"]))
    if data.get("issued"):
        items.append(("Issued", data["issued"]))
    return items


# Pieces both reports share ---------------------------------------------------------------------


def savings_key_figures(data: dict) -> KeyFigures:
    year = data["savings_year"]
    label = data["year_label"]
    return KeyFigures(
        [
            (f"Savings target {label}", _money(year["target"])),
            (f"Forecast {label}", _money(year["forecast"])),
            (f"Delivered to date {label}", _money(year["delivered"])),
            (f"Shortfall {label}", _money(year["shortfall"])),
        ]
    )


def savings_sentence(data: dict) -> str:
    year = data["savings_year"]
    target, forecast = _amount(year["target"]), _amount(year["forecast"])
    if not target and not forecast:
        return f"No savings are recorded for {data['year_label']}."
    text = (
        f"In {data['year_label']} the programme forecasts savings of {format_money(forecast)} against targets of "
        f"{format_money(target)}"
    )
    shortfall = _amount(year["shortfall"])
    text += f", {format_money(shortfall)} short." if shortfall else ", in full."
    delivered = _amount(year["delivered"])
    if delivered:
        text += f" {format_money(delivered)} has been delivered so far."
    return text


def savings_year_table(data: dict) -> Table:
    label = data["year_label"]
    key = str(data["year"])
    rows = []
    for row in data["projects"]:
        line = row["savings"].get(key)
        if line is None:
            continue
        rows.append(
            [
                _project_name(row),
                _money(line["target"]),
                _money(line["forecast"]),
                _money(line["delivered"]),
                _money(line["shortfall"]),
            ]
        )
    year = data["savings_year"]
    rows.append(
        [
            "Total",
            _money(year["target"]),
            _money(year["forecast"]),
            _money(year["delivered"]),
            _money(year["shortfall"]),
        ]
    )
    return Table(
        caption=f"Savings by project, {label}",
        columns=[
            Column("Project"),
            Column("Target (MTFS)", kind="money"),
            Column("Forecast", kind="money"),
            Column("Delivered to date", kind="money"),
            Column("Shortfall", kind="money"),
        ],
        rows=rows,
    )


def savings_by_year_table(data: dict) -> Table:
    rows = [
        [
            financial_year_label(int(year)),
            _money(line["target"]),
            _money(line["forecast"]),
            _money(line["delivered"]),
            _money(line["shortfall"]),
        ]
        for year, line in sorted(data["savings_by_year"].items())
    ]
    total = data["savings_total"]
    rows.append(
        [
            "All years",
            _money(total["target"]),
            _money(total["forecast"]),
            _money(total["delivered"]),
            _money(total["shortfall"]),
        ]
    )
    return Table(
        caption="Programme savings by financial year",
        columns=[
            Column("Financial year"),
            Column("Target (MTFS)", kind="money"),
            Column("Forecast", kind="money"),
            Column("Delivered to date", kind="money"),
            Column("Shortfall", kind="money"),
        ],
        rows=rows,
    )


def savings_matrix_table(data: dict) -> Table | None:
    """Each project's savings target by year, in £000, as councils' savings tables show them."""
    years = [str(year) for year in data["years"]]
    if not years:
        return None
    rows = []
    totals = dict.fromkeys(years, ZERO)
    for row in data["projects"]:
        if not row["savings"]:
            continue
        cells: list[Any] = [_project_name(row)]
        for year in years:
            line = row["savings"].get(year)
            value = _amount(line["target"]) if line else None
            if value is not None:
                totals[year] += value
            cells.append(None if value is None else Figure(value / 1000, kind="number", places=0))
        rows.append(cells)
    rows.append(["Total", *(Figure(totals[year] / 1000, kind="number", places=0) for year in years)])
    return Table(
        caption="Savings targets by project and financial year (£000)",
        columns=[Column("Project"), *(Column(financial_year_label(int(year)), kind="number") for year in years)],
        rows=rows,
    )


def _kpi_figure(kpi: dict, text: str | None) -> Figure | None:
    from ascent.indicators.scorecard import format_value

    value = _amount(text)
    if value is None:
        return None
    unit = kpi.get("unit", "")
    places = max(0, min(int(kpi.get("decimals", 1)), 6))
    shown = format_value(SimpleNamespace(unit=unit, decimals=places), value)
    kind = {"percent": "percent", "money": "money"}.get(unit, "number")
    return Figure(value, kind=kind, places=places if kind != "money" else 0, text=shown)


def _kpi_cells(kpi: dict) -> list:
    baseline = _kpi_figure(kpi, kpi["baseline"])
    target = _kpi_figure(kpi, kpi["target"])
    latest = _kpi_figure(kpi, kpi["latest"])
    baseline_text = f"{baseline} ({kpi['baseline_period']})" if baseline and kpi["baseline_period"] else baseline
    target_cell: Any = target
    if kpi["target_text"]:
        target_cell = f"{kpi['target_text']} ({target})" if target else kpi["target_text"]
    latest_cell: Any = latest
    if latest and kpi["latest_period"]:
        latest_cell = Figure(
            latest.value, kind=latest.kind, places=latest.places, text=f"{latest} ({kpi['latest_period']})"
        )
    if isinstance(baseline_text, str):
        baseline_text = Figure(baseline.value, kind=baseline.kind, places=baseline.places, text=baseline_text)
    return [f"{kpi['code']} {kpi['title']}".strip(), baseline_text, target_cell, latest_cell]


KPI_COLUMNS = [
    Column("Indicator"),
    Column("Baseline", align="right"),
    Column("Target", align="right"),
    Column("Latest", align="right"),
]


def kpi_table(
    data: dict, *, caption: str = "Key performance indicators", project_id: int | None = None
) -> Table | None:
    names = {row["id"]: _project_name(row) for row in data["projects"]}
    kpis = [kpi for kpi in data["kpis"] if project_id is None or kpi["project_id"] == project_id]
    if not kpis:
        return None
    if project_id is not None:
        return Table(caption=caption, columns=KPI_COLUMNS, rows=[_kpi_cells(kpi) for kpi in kpis])
    return Table(
        caption=caption,
        columns=[Column("Project"), *KPI_COLUMNS],
        rows=[[names.get(kpi["project_id"], ""), *_kpi_cells(kpi)] for kpi in kpis],
    )


def risk_table(data: dict) -> Table | None:
    top = data["risks"]["top"]
    if not top:
        return None
    rows = [
        [
            risk["reference"] or "–",
            f"{risk['title']} ({risk['kind'].lower()})" if risk["kind"] != "Risk" else risk["title"],
            risk["project"] or "Programme",
            risk["owner"] or "–",
            risk["score"],
            risk["target_score"],
            risk["trend"].capitalize(),
            _date(risk["review_on"]),
        ]
        for risk in top
    ]
    return Table(
        caption=f"The {_plural(len(top), 'open risk')} with the highest scores",
        columns=[
            Column("Reference"),
            Column("Risk"),
            Column("Project"),
            Column("Owner"),
            Column("Score", kind="number"),
            Column("Target score", kind="number"),
            Column("Trend"),
            Column("Review by"),
        ],
        rows=rows,
        footnote="Score: likelihood × impact, each 1 to 5. "
        f"The programme's appetite is {data['risks']['appetite']}: higher scores are challenged.",
    )


def risk_sentence(data: dict) -> str:
    risks = data["risks"]
    risks_text = _plural(risks["open_risks"], "open risk")
    issues_text = _plural(risks["open_issues"], "open issue")
    above = risks["above_appetite"]
    text = f"The programme has {risks_text} and {issues_text}"
    text += f"; {above} {'is' if above == 1 else 'are'} scored above its appetite of {risks['appetite']}"
    if risks["escalated"]:
        verb = "has" if risks["escalated"] == 1 else "have"
        text += f", and {risks['escalated']} {verb} been escalated from projects"
    return text + "."


def _flags_text(row: dict) -> str:
    """The project's flags by check: a check that flags once with its reason, one that flags
    several times (a risk register full of high scores) with its count, so a long programme's
    table stays a table a board can read; the project's page has every reason."""
    if not row["flags"]:
        return "None"
    by_title: dict[str, list[dict]] = {}
    for flag in row["flags"]:
        by_title.setdefault(flag["title"], []).append(flag)
    parts = []
    for title, flags in by_title.items():
        if len(flags) == 1 and flags[0]["detail"]:
            parts.append(f"{title}: {flags[0]['detail']}")
        else:
            parts.append(title if len(flags) == 1 else f"{title} ({len(flags)})")
    return "; ".join(parts)


def _rag_words(rags: dict) -> str:
    """The time, cost and benefits RAGs in words ("Amber, Red, –"): one column, not three, keeps a
    long table quick to lay out; the overall RAG keeps its coloured tag."""
    return ", ".join(_rating(rags[name]).label if rags[name] else "–" for name in ("time", "cost", "benefits"))


def status_table(data: dict) -> Table:
    rows = []
    for row in data["projects"]:
        rags = row["rags"]
        update = row["latest_update"]
        rows.append(
            [
                _project_name(row),
                row["stage_label"],
                row["board"] or "–",
                _rating(rags["overall"]),
                _rag_words(rags),
                _date(update["on"]) if update else "No update",
                _flags_text(row),
            ]
        )
    return Table(
        caption="Each project's status",
        columns=[
            Column("Project"),
            Column("Stage"),
            Column("Board"),
            Column("Overall", kind="rating"),
            Column("Time, cost, benefits"),
            Column("Latest update"),
            Column("Flags"),
        ],
        rows=rows,
        footnote="RAGs as the projects report them; flags are the assurance checks that challenge them.",
    )


def stage_table(data: dict) -> Table:
    return Table(
        caption="Projects by stage",
        columns=[Column("Stage"), Column("Projects", kind="number")],
        rows=[[stage["label"], stage["count"]] for stage in data["stages"]]
        + [["All projects", sum(stage["count"] for stage in data["stages"])]],
    )


def decisions_blocks(data: dict) -> list:
    if not data["decisions"]:
        return [Paragraph("No decisions are waiting for the board.")]
    return [
        Table(
            caption="Decisions needed",
            columns=[Column("Decision"), Column("Project"), Column("Board"), Column("Detail")],
            rows=[
                [decision["title"], decision["project"] or "Programme", decision["board"], decision["detail"] or "–"]
                for decision in data["decisions"]
            ],
        )
    ]


def budget_blocks(data: dict) -> list:
    lines = data["budget"]
    if not lines:
        return [Paragraph("No budget for delivering the programme is recorded.")]
    by_key: dict[tuple[int, str], list[Decimal | None]] = {}
    for line in lines:
        key = (line["year"], line["source"] or "Not stated")
        sums = by_key.setdefault(key, [ZERO, ZERO, None])
        sums[0] += _amount(line["budget"])
        sums[1] += _amount(line["forecast"])
        if line["spent"] is not None:
            sums[2] = (sums[2] or ZERO) + _amount(line["spent"])
    rows = []
    blocks: list = []
    years = sorted({year for year, _source in by_key})
    for year in years:
        year_budget = sum((v[0] for (y, _s), v in by_key.items() if y == year), ZERO)
        year_spent = [v[2] for (y, _s), v in by_key.items() if y == year and v[2] is not None]
        sentence = f"{financial_year_label(year)}: a delivery budget of {format_money(year_budget)}"
        if year_spent:
            sentence += f", {format_money(sum(year_spent, ZERO))} spent to date"
        sources = [s for (y, s), _v in by_key.items() if y == year and s != "Not stated"]
        if sources:
            sentence += f" (from {', '.join(sources)})"
        blocks.append(sentence + ".")
        for (y, source), (budget, forecast, spent) in sorted(by_key.items()):
            if y == year:
                rows.append(
                    [
                        financial_year_label(year),
                        source,
                        _money(str(budget)),
                        _money(str(forecast)),
                        _money(None if spent is None else str(spent)),
                        _money(str(forecast - budget)),
                    ]
                )
    return [
        BulletList(blocks),
        Table(
            caption="Budget for delivering the programme, by source",
            columns=[
                Column("Financial year"),
                Column("Source"),
                Column("Budget", kind="money"),
                Column("Forecast outturn", kind="money"),
                Column("Spent to date", kind="money"),
                Column("Variance", kind="money"),
            ],
            rows=rows,
            footnote="Variance: forecast outturn less budget; above nothing is an overspend.",
        ),
    ]


# The board highlight report --------------------------------------------------------------------


def build_highlight(data: dict) -> Document:
    """The board highlight report, from a snapshot only."""
    counts = {stage["stage"]: stage["count"] for stage in data["stages"]}
    in_flight = counts.get("proposed", 0) + counts.get("delivery", 0)
    flagged = sum(1 for row in data["projects"] if row["flags"])
    summary = [
        KeyFigures(
            [
                ("Projects", sum(counts.values())),
                ("Proposed or in delivery", in_flight),
                ("Business as usual", counts.get("bau", 0)),
                ("Projects with flags", flagged),
            ]
        ),
        savings_key_figures(data),
        Paragraph(savings_sentence(data)),
        stage_table(data),
    ]
    projects = [status_table(data)] if data["projects"] else [Paragraph("The programme has no projects yet.")]
    updates = [
        f"{_project_name(row)} ({_date(row['latest_update']['on'])}): {row['latest_update']['text']}"
        for row in data["projects"]
        if row["latest_update"]
    ]
    kpis = kpi_table(data)
    risks = risk_table(data)
    sections = [
        Section("Programme summary", summary),
        Section("Project status", projects),
        Section(
            "Latest updates",
            [BulletList(updates)] if updates else [Paragraph("No project has reported an update.")],
            level=3,
        ),
        Section("Savings", [savings_year_table(data), savings_by_year_table(data)]),
        Section(
            "Key performance indicators", [kpis] if kpis else [Paragraph("No project has linked an indicator yet.")]
        ),
        Section("Top risks", [Paragraph(risk_sentence(data)), *([risks] if risks else [])]),
        Section("Decisions needed", decisions_blocks(data)),
    ]
    return Document(
        title=f"{data['programme']['name']}: board highlight report",
        subtitle=f"Figures as at {_date(data['as_at'])}",
        metadata=_metadata(data),
        sections=sections,
        produced=dt.date.fromisoformat(data["as_at"]),
        landscape=True,
    )


# The committee report --------------------------------------------------------------------------


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def _every(weeks: int) -> str:
    """ "every four weeks", as councils write a board's cycle."""
    if weeks == 1:
        return "every week"
    return f"every {NUMBER_WORDS.get(weeks, str(weeks))} weeks"


def _governance(data: dict) -> list:
    board = data.get("board")
    if not board:
        return [Paragraph("No board oversees the programme yet.")]
    sentence = f"The {board['name']} oversees the programme"
    if board["chair"]:
        sentence += f", chaired by {board['chair']}"
    if board["cycle_weeks"]:
        sentence += f"; it meets {_every(board['cycle_weeks'])}"
    if board["reports_to"]:
        sentence += f", and reports to the {board['reports_to']}"
    blocks: list = [Paragraph(sentence + ".")]
    blocks += _paragraphs(board["purpose"])
    if board["members"]:
        blocks += [Paragraph("Its members are:"), BulletList(board["members"])]
    return blocks


def _moves(data: dict) -> list:
    rows = [
        [
            _project_name(row),
            move["from"] or "No board",
            move["to"] or "No board",
            _date(move["on"]),
            move["reason"] or "–",
        ]
        for row in data["projects"]
        for move in row["moves"]
        if move["from"]
    ]
    if not rows:
        return [Paragraph("No project has moved between boards.")]
    return [
        Table(
            caption="Projects that moved between boards",
            columns=[Column("Project"), Column("From"), Column("To"), Column("Date"), Column("Why")],
            rows=rows,
        )
    ]


def build_committee(data: dict) -> Document:
    """The committee report, from a snapshot only."""
    programme = data["programme"]
    counts = {stage["stage"]: stage["count"] for stage in data["stages"]}
    total = sum(counts.values())
    summary = (
        f"This report describes {programme['name']}, a programme of {_plural(total, 'project')}: "
        f"{counts.get('delivery', 0)} in delivery, {counts.get('bau', 0)} now business as usual, "
        f"{counts.get('proposed', 0)} proposed and {counts.get('closed', 0)} closed. " + savings_sentence(data)
    )
    recommendations = NumberedList(
        [
            "Note the progress of the programme and of its projects.",
            f"Note the savings position for {data['year_label']} and the action to close any shortfall.",
            "Comment on the programme's plans for the future.",
        ]
    )
    background = _paragraphs(programme["summary"]) or [Paragraph("No background has been written for the programme.")]
    period = _date(programme["starts_on"])
    if programme["ends_on"]:
        period += f" to {_date(programme['ends_on'])}"
    people = []
    if programme["sponsor"]:
        people.append(f"sponsored by {programme['sponsor']}")
    if programme["manager"]:
        people.append(f"managed by {programme['manager']}")
    background.append(
        Paragraph(f"The programme runs from {period}" + (f", {' and '.join(people)}" if people else "") + ".")
    )
    project_rows = [
        [_project_name(row), row["stage_label"], row["board"] or "–", _rating(row["rags"]["overall"])]
        for row in data["projects"]
    ]
    the_programme = [
        *_governance(data),
    ]
    projects_section = [
        Table(
            caption="The programme's projects",
            columns=[Column("Project"), Column("Stage"), Column("Board"), Column("Overall RAG", kind="rating")],
            rows=project_rows,
        )
        if project_rows
        else Paragraph("The programme has no projects yet."),
        *_moves(data),
    ]
    examples = []
    for row in data["projects"]:
        if row["stage"] not in ("delivery", "bau"):
            continue
        blocks = _paragraphs(row["summary"]) or [Paragraph("No summary has been written for this project.")]
        blocks.append(
            Paragraph(
                f"Stage: {STAGE_WORDS[row['stage']]}" + (f", overseen by the {row['board']}." if row["board"] else ".")
            )
        )
        if row["savings_sentence"]:
            blocks.append(Paragraph(f"Savings in {data['year_label']}: {row['savings_sentence']}."))
        examples.append(Section(_project_name(row), blocks, level=3))
    matrix = savings_matrix_table(data)
    finance = [
        savings_key_figures(data),
        Paragraph(savings_sentence(data)),
        savings_year_table(data),
        savings_by_year_table(data),
        *([matrix] if matrix else []),
    ]
    performance = []
    names = {row["id"]: row for row in data["projects"]}
    grouped: dict[int, None] = {}
    for kpi in data["kpis"]:
        grouped.setdefault(kpi["project_id"], None)
    for project_id in grouped:
        row = names.get(project_id)
        if row is None:
            continue
        table = kpi_table(data, caption=f"Indicators of {_project_name(row)}", project_id=project_id)
        performance.append(Section(_project_name(row), [table], level=3))
    risks = risk_table(data)
    eqia = {"done": [], "not-needed": [], "not-done": []}
    for row in data["projects"]:
        if row["stage"] != "closed":
            eqia.setdefault(row["eqia"], []).append(_project_name(row))
    equalities: list = []
    for key, heading in (
        ("done", "An equality impact assessment has been done for"),
        ("not-needed", "An equality impact assessment is not needed for"),
        ("not-done", "An equality impact assessment has not been done yet for"),
    ):
        if eqia.get(key):
            equalities += [Paragraph(f"{heading}:"), BulletList(eqia[key])]
    if not equalities:
        equalities = [Paragraph("The programme has no open projects.")]
    elif eqia.get("not-done"):
        equalities.append(
            Note(f"{_plural(len(eqia['not-done']), 'project')} still need an equality impact assessment.")
        )

    sections = [
        Section(
            "Summary and recommendations", [Paragraph(summary), Paragraph("Members are asked to:"), recommendations]
        ),
        Section("Background", background),
        Section("The programme", the_programme),
        Section("Projects", projects_section, level=3),
        Section(
            "Examples of projects",
            [] if examples else [Paragraph("No project is in delivery or business as usual yet.")],
        ),
        *examples,
        Section("Savings and financial implications", finance),
        Section("Budget monitoring", budget_blocks(data), level=3),
        Section("Performance", [] if performance else [Paragraph("No project has linked an indicator yet.")]),
        *performance,
        Section("Risks", [Paragraph(risk_sentence(data)), *([risks] if risks else [])]),
        Section("Equalities", equalities),
    ]
    return Document(
        title=f"{programme['name']}: report to committee",
        subtitle=f"Figures as at {_date(data['as_at'])}",
        metadata=_metadata(data),
        sections=sections,
        produced=dt.date.fromisoformat(data["as_at"]),
    )


BUILDERS = {"highlight": build_highlight, "committee": build_committee}


def build(data: dict) -> Document:
    """The report a snapshot is of (its ``kind``)."""
    return BUILDERS[data["kind"]](data)
