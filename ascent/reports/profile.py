"""The "Organisation profile" report: who the organisation is and who works in its space.

It is the first report built on the reports kernel and proves the whole path: a neutral
document with key figures, tables and a chart, rendered to a web page, PDF, Word and Excel.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst

from ascent.core.audit import ActivityFeed
from ascent.core.dates import govuk_date, govuk_datetime
from ascent.documents.charts import bar_chart
from ascent.documents.model import Chart, Column, Document, KeyFigures, Paragraph, Section, Table
from ascent.organisations.models import CouncilType, Membership, Organisation, Role

RECENT_CHANGES = 10


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
                        ("Members", f"{members_total:,}"),
                        ("Councils in the region", f"{len(neighbours):,}"),
                        (f"{capfirst(CouncilType.plural(organisation.council_type))} in England", f"{same_type:,}"),
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
