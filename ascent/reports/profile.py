"""The "Organisation profile" report: who the organisation is and who works in its space.

It is the first report built on the reports kernel and proves the whole path: a neutral
document with key figures, tables and a chart, rendered to a web page, PDF, Word and Excel.
It also gives the council's headline performance (its ratings and a few headline indicators,
from the same scorecard as the Performance pages) and its spending (the latest total and how
it moved).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst

from ascent.core.audit import ActivityFeed
from ascent.core.dates import govuk_date, govuk_datetime
from ascent.documents.charts import bar_chart
from ascent.documents.model import Chart, Column, Document, Figure, KeyFigures, Note, Paragraph, Section, Table
from ascent.finance import summary as spending
from ascent.finance.models import ExpenditureLine
from ascent.indicators.scorecard import build_scorecard, rag_counts
from ascent.organisations.models import CouncilType, Membership, Organisation, Role
from ascent.reports.performance import FIGURES_KEY, indicator_blocks

RECENT_CHANGES = 10
#: How many indicators the profile shows as its headline performance.
HEADLINE_INDICATORS = 6


def build_profile(organisation: Organisation, *, user=None) -> Document:
    """Build the profile of one organisation. Queries do not grow with its size."""
    today = timezone.localdate()
    region = organisation.region
    role_counts = dict(Membership.objects.filter(organisation=organisation).values_list("role").annotate(n=Count("id")))
    members_total = sum(role_counts.values())
    neighbours = list(
        Organisation.objects.filter(region=region, is_active=True).order_by("name").values_list("name", "council_type")
    )
    type_counts: dict[str, int] = {}
    for _name, council_type in neighbours:
        type_counts[council_type] = type_counts.get(council_type, 0) + 1
    same_type = Organisation.objects.filter(council_type=organisation.council_type, is_active=True).count()

    role_rows = [[role.label, role_counts.get(role.value, 0)] for role in reversed(Role)]
    role_table = Table(
        caption=f"Members of {organisation.name} by role",
        columns=[Column("Role"), Column("Members", kind="number")],
        rows=role_rows,
    )
    role_chart = Chart(
        title=f"Members of {organisation.name} by role",
        spec=bar_chart(
            [{"Role": label, "Members": count} for label, count in role_rows],
            x="Members",
            y="Role",
            title=f"Members of {organisation.name} by role",
            x_title="Members",
            value_format="d",
        ),
        table=role_table,
        description=_describe_roles(organisation.name, role_rows, members_total),
    )

    region_table = Table(
        caption=f"Councils in {region.name}",
        columns=[Column("Council"), Column("Type")],
        rows=[[name, CouncilType(kind).label] for name, kind in neighbours],
    )

    sections = [
        Section(
            "Summary",
            [
                KeyFigures(
                    [
                        ("Members", members_total),
                        ("Councils in the region", len(neighbours)),
                        (f"{capfirst(CouncilType.plural(organisation.council_type))} in England", same_type),
                    ]
                ),
                Paragraph(
                    f"{organisation.name} (GSS code {organisation.gss_code}) is a "
                    f"{CouncilType.plural(organisation.council_type, 1)} in the {region.name} region "
                    f"({region.code}). It is one of {len(neighbours)} councils with adult social services "
                    f"responsibilities in the region."
                ),
            ],
        ),
        _performance_section(organisation),
        _spending_section(organisation),
        Section(
            "Who works in this space",
            [
                Paragraph(
                    "Members see the organisation's private space. Admins manage membership; editors change "
                    "records; contributors add evidence and updates; viewers read."
                ),
                role_chart,
            ],
        ),
        Section(
            "The region",
            [
                Paragraph(
                    "The region is the first comparator group for benchmarking. Council types in the region: "
                    + "; ".join(
                        f"{count} {CouncilType.plural(kind, count)}" for kind, count in sorted(type_counts.items())
                    )
                    + "."
                ),
                region_table,
            ],
        ),
    ]
    # The audit trail is for admins: the report shows it only to those who may see the Activity page.
    if user is not None and user.has_perm("organisations.view_activity", organisation):
        sections.append(Section("Recent changes", [_recent_changes(organisation)]))
    return Document(
        title="Organisation profile",
        subtitle=organisation.name,
        metadata=[
            ("Organisation", organisation.name),
            ("GSS code", organisation.gss_code),
            ("Region", region.name),
            ("Produced", govuk_date(today)),
            ("Produced by", str(user) if user else "Ascent"),
        ],
        sections=sections,
        produced=today,
    )


def _headline_rows(scorecard) -> list:
    """The indicators to headline: rated ones first, worst first (red, then amber, then green),
    in scorecard order within each rating; then unrated ones with a value."""
    rows = [row for group in scorecard.groups for row in group.rows if row.has_data]
    order = {id(row): index for index, row in enumerate(rows)}
    rows.sort(key=lambda row: (not row.rag.is_rated, -row.rag.severity, order[id(row)]))
    return rows[:HEADLINE_INDICATORS]


def _performance_section(organisation: Organisation) -> Section:
    scorecard = build_scorecard(organisation)
    if not scorecard.has_data:
        return Section("Performance", [Paragraph(f"{organisation.name} has no indicator values in Ascent yet.")])
    counts = rag_counts(scorecard)
    rated = sum(count for rag, count in counts.items() if rag.is_rated)
    blocks = []
    if scorecard.is_illustrative:
        blocks.append(Note("Some performance figures are illustrative, not official statistics. " + FIGURES_KEY))
    blocks.append(
        KeyFigures(
            [(f"Rated {rag.label.lower()}" if rag.is_rated else rag.label, count) for rag, count in counts.items()]
        )
    )
    headline = _headline_rows(scorecard)
    blocks.append(
        Paragraph(
            f"{len(scorecard.rows)} indicators are on the scorecard and {rated} are rated against a target. "
            f"The {len(headline)} below are the headline: the worst rated first. The Performance scorecard "
            "report has every indicator."
        )
    )
    # The same row fields as the Performance scorecard report: the target with the year it is
    # set against, and whether each row's figures are real or illustrative.
    blocks += indicator_blocks(headline, "Headline indicators", history=False, note=False)
    return Section("Performance", blocks)


def _spending_section(organisation: Organisation) -> Section:
    lines = list(ExpenditureLine.objects.filter(organisation=organisation).order_by("pk"))
    latest = spending.latest_trend(lines, measure=spending.default_measure(lines)) if lines else None
    if latest is None:
        return Section("Spending", [Paragraph(f"{organisation.name} has no spending figures in Ascent yet.")])
    blocks = []
    if latest.is_illustrative:
        blocks.append(Note("Some spending figures are illustrative, not official statistics."))
    # Each a number (pounds, per cent) with the text the pages show ("£56.651m", "+5%").
    figures = [
        (
            f"Total in {latest.latest.label}",
            Figure(latest.total, kind="money", text=spending.format_amount(latest.total)),
        )
    ]
    if latest.movement is not None and latest.previous is not None:
        sign = "+" if latest.movement > 0 else ("−" if latest.movement < 0 else "")
        figures.append(
            (
                f"Change on {latest.previous.label}",
                Figure(
                    latest.movement,
                    kind="money",
                    text=f"{sign}{spending.format_amount(abs(latest.movement))}",
                    signed=True,
                ),
            )
        )
        if latest.percent is not None:
            figures.append(
                (
                    f"Change on {latest.previous.label} (%)",
                    Figure(
                        latest.percent,
                        kind="percent",
                        places=_places(latest.percent),
                        text=f"{sign}{spending.format_percent(abs(latest.percent))}",
                        signed=True,
                    ),
                )
            )
    measure = "Net" if latest.measure == spending.NET else "Gross"
    blocks.append(KeyFigures(figures))
    blocks.append(Paragraph(f"{measure} expenditure on adult social care: {latest.sentence()}."))
    return Section("Spending", blocks)


def _places(value) -> int:
    exponent = value.as_tuple().exponent if hasattr(value, "as_tuple") else 0
    return min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0


def _describe_roles(name: str, rows: list[list], total: int) -> str:
    parts = ", ".join(f"{count} {label.lower()}{'s' if count != 1 else ''}" for label, count in rows)
    return f"Bar chart: {name} has {total} member{'s' if total != 1 else ''}: {parts}."


def _recent_changes(organisation: Organisation):
    entries = ActivityFeed(organisation.pk)[:RECENT_CHANGES]
    if not entries:
        return Paragraph("No changes have been recorded yet.")
    return Table(
        caption=f"The {len(entries)} most recent changes",
        columns=[Column("When"), Column("Who"), Column("Change")],
        rows=[
            [
                govuk_datetime(timezone.localtime(entry.when), short=True),
                str(entry.who) if entry.who else "The system",
                f"{entry.action}: {entry.what.lower()} – {entry.summary}",
            ]
            for entry in entries
        ],
        row_headers=False,
    )
