"""Comparator groups: who a council is benchmarked against, and each group's figures.

Built-in groups have no owner and are kept in step with the council list by
:func:`sync_builtin_groups` (``load_indicators`` runs it, and so ``make setup`` does):

* ``england``: every active council (kind England);
* ``region-e12000007`` and so on, one for each region: the region's councils (kind Region);
* ``london-boroughs``, ``metropolitan-districts``, ``unitary-authorities`` and
  ``county-councils``: the councils of that type (kind Council type).

The two sui generis councils (City of London, Isles of Scilly) are only in England and
their region. A region group has the region's ONS name ("London", "East of England",
"Yorkshire and The Humber"); a database whose groups still have the ADASS names ("Eastern")
is corrected by the next sync, which renames them (and records the rename in their history).

Councils define their own groups too (for example a CIPFA-style nearest-neighbour list);
those belong to the council, only its members see them, and only its editors change them,
through :func:`create_custom_group`, :func:`update_custom_group` and
:func:`delete_custom_group`. A council's own nearest-neighbour list (the CIPFA list is
licensed, so councils hold it themselves) can be read from a file of GSS codes with
:func:`read_member_list`.

:func:`load_benchmark` gathers one group's values for an indicator and period (two
queries, whatever the size of the group) and ranks them with
:mod:`ascent.indicators.benchmark`. Only values leave other councils' rows: never their
targets, notes, local indicators or import details.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Value
from django.utils.text import slugify

from ascent.core.periods import Period, parse_period
from ascent.imports.filetypes import check_upload
from ascent.imports.reading import Limits, ReadError, read_table
from ascent.organisations.models import CouncilType, Organisation, Region

from .benchmark import Benchmark, EnglandFigure, benchmark, england_figure
from .models import ComparatorGroup, Indicator, Observation

ENGLAND = "england"
LONDON_BOROUGHS = "london-boroughs"
#: Built-in groups by council type: slug, name, type, sort order.
COUNCIL_TYPE_GROUPS = (
    (LONDON_BOROUGHS, "London boroughs", CouncilType.LONDON_BOROUGH, 10),
    ("metropolitan-districts", "Metropolitan districts", CouncilType.METROPOLITAN, 20),
    ("unitary-authorities", "Unitary authorities", CouncilType.UNITARY, 30),
    ("county-councils", "County councils", CouncilType.COUNTY, 40),
)
REGION_SORT_START = 100
#: Council-defined groups come after every built-in group.
CUSTOM_SORT_ORDER = 1000
SLUG_LIMIT = ComparatorGroup._meta.get_field("slug").max_length


def region_slug(region_code: str) -> str:
    """The slug of a region's group: "region-e12000007"."""
    return f"region-{region_code.lower()}"


def default_group_for(organisation: Organisation) -> str:
    """The slug of the group a council is benchmarked against unless it chooses another:
    London boroughs for a London borough, otherwise its region."""
    if organisation.council_type == CouncilType.LONDON_BOROUGH:
        return LONDON_BOROUGHS
    return region_slug(organisation.region.code)


# ----- built-in groups -------------------------------------------------------------------


@dataclass
class _Wanted:
    slug: str
    name: str
    kind: str
    description: str
    sort_order: int
    members: set[int] = field(default_factory=set)

    def fields(self) -> dict:
        return {"name": self.name, "kind": self.kind, "description": self.description, "sort_order": self.sort_order}


def _wanted_groups() -> list[_Wanted]:
    """Every built-in group as it should be now (two queries)."""
    england = _Wanted(
        ENGLAND,
        "England",
        ComparatorGroup.Kind.ENGLAND,
        "Every council in England with adult social services responsibilities.",
        0,
    )
    by_type = {
        council_type: _Wanted(
            slug,
            name,
            ComparatorGroup.Kind.COUNCIL_TYPE,
            f"Every {CouncilType(council_type).label.lower().replace('london', 'London')} in England.",
            order,
        )
        for slug, name, council_type, order in COUNCIL_TYPE_GROUPS
    }
    regions = list(Region.objects.order_by("code").values_list("id", "code", "name"))
    by_region = {
        region_id: _Wanted(
            region_slug(code),
            name,
            ComparatorGroup.Kind.REGION,
            f"Every council in the {name} region.",
            REGION_SORT_START + index,
        )
        for index, (region_id, code, name) in enumerate(regions)
    }
    councils = Organisation.objects.filter(is_active=True).values_list("id", "council_type", "region_id")
    for organisation_id, council_type, region_id in councils:
        england.members.add(organisation_id)
        if council_type in by_type:
            by_type[council_type].members.add(organisation_id)
        if region_id in by_region:
            by_region[region_id].members.add(organisation_id)
    return [england, *by_type.values(), *by_region.values()]


@transaction.atomic
def sync_builtin_groups() -> dict[str, int]:
    """Create or update the built-in comparator groups and their members.

    Idempotent: a second run changes nothing. Members follow the council list (active
    councils only); a built-in group that is no longer wanted (a region that has gone) is
    removed. With nothing to change it makes four queries. Returns counts: ``created``,
    ``updated``, ``unchanged``, ``removed``, ``members_added`` and ``members_removed``.
    """
    wanted = _wanted_groups()
    counts = dict.fromkeys(("created", "updated", "unchanged", "removed", "members_added", "members_removed"), 0)
    existing = {group.slug: group for group in ComparatorGroup.objects.filter(owner__isnull=True)}
    through = ComparatorGroup.members.through
    current: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(comparatorgroup__owner__isnull=True).values_list(
        "comparatorgroup_id", "organisation_id"
    )
    for group_id, organisation_id in rows:
        current[group_id].add(organisation_id)

    stale = [group for slug, group in existing.items() if slug not in {w.slug for w in wanted}]
    for group in stale:
        group.delete()
        counts["removed"] += 1

    changed: list[ComparatorGroup] = []
    additions, removals = [], Q(pk__in=[])
    for spec in wanted:
        group = existing.get(spec.slug)
        if group is None:
            group = ComparatorGroup.objects.create(slug=spec.slug, owner=None, **spec.fields())
            counts["created"] += 1
            touched = True
        else:
            differences = [name for name, value in spec.fields().items() if getattr(group, name) != value]
            for name in differences:
                setattr(group, name, spec.fields()[name])
            if differences:
                group.save(update_fields=differences)
                counts["updated"] += 1
            touched = bool(differences)
        have = current.get(group.pk, set())
        add, drop = spec.members - have, have - spec.members
        additions.extend(through(comparatorgroup_id=group.pk, organisation_id=pk) for pk in sorted(add))
        if drop:
            removals |= Q(comparatorgroup_id=group.pk, organisation_id__in=drop)
        counts["members_added"] += len(add)
        counts["members_removed"] += len(drop)
        if add or drop:
            changed.append(group)
        elif not touched:
            counts["unchanged"] += 1
    if counts["members_removed"]:
        through.objects.filter(removals).delete()
    if additions:
        through.objects.bulk_create(additions)
    for group in changed:
        # Record the new membership in the group's history (bulk changes send no signals).
        group.save(update_fields=["sort_order"])
    return counts


# ----- listing and choosing groups -----------------------------------------------------


def groups_for(organisation: Organisation) -> QuerySet[ComparatorGroup]:
    """The built-in groups and the organisation's own, with ``member_count``, in display order."""
    return (
        ComparatorGroup.objects.filter(Q(owner__isnull=True) | Q(owner=organisation))
        .annotate(member_count=Count("members"))
        .order_by("sort_order", "name")
    )


_CHOICE_HEADINGS = {
    ComparatorGroup.Kind.ENGLAND: "England",
    ComparatorGroup.Kind.COUNCIL_TYPE: "Councils of the same type",
    ComparatorGroup.Kind.REGION: "Regions",
}


def group_choices(groups: list[ComparatorGroup], organisation: Organisation) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped (heading, [(slug, name)]) choices for a select, from :func:`groups_for`."""
    headings: dict[str, list[tuple[str, str]]] = {}
    for group in groups:
        heading = _CHOICE_HEADINGS.get(group.kind, f"{organisation.name}'s groups")
        headings.setdefault(heading, []).append((group.slug, group.name))
    return list(headings.items())


def group_phrase(group: ComparatorGroup) -> str:
    """The group as a plural noun phrase for "11th of 33 …": "London boroughs", "councils in the London region"."""
    if group.kind == ComparatorGroup.Kind.ENGLAND:
        return "councils in England"
    if group.kind == ComparatorGroup.Kind.REGION:
        return f"councils in the {group.name} region"
    if group.kind == ComparatorGroup.Kind.COUNCIL_TYPE:
        # "County councils" reads "county councils" mid-sentence; "London" keeps its capital.
        return group.name if group.name.startswith("London") else group.name[:1].lower() + group.name[1:]
    return f"councils in the group {group.name}"


# ----- council-defined groups --------------------------------------------------------------


def _unique_slug(owner: Organisation, name: str) -> str:
    base = slugify(f"{owner.gss_code}-{name}")[: SLUG_LIMIT - 4].strip("-") or owner.gss_code.lower()
    taken = set(ComparatorGroup.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@contextmanager
def _one_history_entry(group: ComparatorGroup):
    """Change the members without a history entry for each add and remove; the caller saves once after."""
    group.skip_history_when_saving = True
    try:
        yield
    finally:
        del group.skip_history_when_saving


@transaction.atomic
def create_custom_group(
    owner: Organisation, *, name: str, description: str = "", member_ids: set[int], by, reason: str = ""
) -> ComparatorGroup:
    """A council's own comparator group. Its slug comes from the owner's GSS code and the name.

    The history shows the group created, then its members added (one entry each).
    """
    group = ComparatorGroup(
        slug=_unique_slug(owner, name),
        name=name,
        description=description,
        kind=ComparatorGroup.Kind.CUSTOM,
        owner=owner,
        sort_order=CUSTOM_SORT_ORDER,
    )
    group._history_user = by
    if reason:
        group._change_reason = reason
    group.save()
    if member_ids:
        with _one_history_entry(group):
            group.members.set(sorted(member_ids))
        group.save(update_fields=["sort_order"])  # records the members
    return group


@transaction.atomic
def update_custom_group(
    group: ComparatorGroup, *, name: str, description: str = "", member_ids: set[int], by, reason: str = ""
) -> ComparatorGroup:
    """Rename, describe and set the members of a council's own group, as one entry in its history.

    The slug stays, so links keep working. Nothing is saved when nothing changes.
    """
    if group.owner_id is None:
        raise ValueError("Built-in comparator groups cannot be changed")
    changed = [
        field for field, value in (("name", name), ("description", description)) if getattr(group, field) != value
    ]
    members_changed = set(group.members.values_list("pk", flat=True)) != set(member_ids)
    if not changed and not members_changed:
        return group
    group._history_user = by
    if reason:
        group._change_reason = reason
    group.name, group.description = name, description
    if members_changed:
        with _one_history_entry(group):
            group.members.set(sorted(member_ids))
    group.save(update_fields=changed or ["sort_order"])
    return group


@transaction.atomic
def delete_custom_group(group: ComparatorGroup, *, by) -> None:
    if group.owner_id is None:
        raise ValueError("Built-in comparator groups cannot be deleted")
    group._history_user = by
    group.delete()


# ----- a council's own list, from a file -------------------------------------------------

GSS_CODE = re.compile(r"[A-Z]\d{8}")
#: A first cell that looks like a code ("E0900001", a digit short) is a row, not a heading.
_CODE_LIKE = re.compile(r"[A-Z]\d{3,}")
#: The largest member list file taken (a list of every council is about 5 KB).
MEMBER_LIST_MAX_BYTES = 256 * 1024
#: What a member list may hold: far more than the 153 councils, far less than an import.
MEMBER_LIST_LIMITS = Limits(
    max_rows=1000,
    max_columns=20,
    max_cell_characters=200,
    max_line_characters=4000,
    max_cells=20_000,
    max_uncompressed_bytes=20 * 1024 * 1024,
)
#: How many problems a refused list names before saying how many more there are.
MEMBER_LIST_PROBLEMS_SHOWN = 20


class MemberListError(ValueError):
    """A member list that cannot be used, with every problem found (each naming its row)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class MemberList:
    """The councils named in a member list file, in the order they come."""

    member_ids: tuple[int, ...]
    #: Whether the file's first row was a heading (rather than a GSS code).
    had_heading: bool


def read_member_list(data: bytes, file_name: str, councils: dict[str, int]) -> MemberList:
    """The councils a nearest-neighbour list names, from a CSV file (or an Excel workbook).

    One GSS code a row in the first column; a heading row is optional; any other columns (such
    as the council's name) are ignored, so the GSS code decides which council a row is.
    ``councils`` maps each GSS code that may be named to its organisation id (the active
    councils). Raises :class:`MemberListError` naming each row that is wrong and why: a blank
    or malformed code, a code that is not a council's, a council named twice. The file is read
    within :data:`MEMBER_LIST_LIMITS`, so it cannot exhaust the server.
    """
    try:
        check_upload(data, file_name)
        table = read_table(data, file_name, limits=MEMBER_LIST_LIMITS)
    except ReadError as error:
        raise MemberListError([str(error)]) from None
    first = (table.headers[0] if table.headers else "").strip().upper()
    rows: list[tuple[int, str, str | None]] = []
    had_heading = not _CODE_LIKE.match(first)
    if not had_heading:
        rows.append((table.header_row, first, None))
    for row in table.rows:
        problem = (row.problems or {}).get(0)
        rows.append((row.number, row.cell(0).strip().upper(), problem))
    problems: list[str] = []
    seen: dict[str, int] = {}
    member_ids: list[int] = []
    for number, code, cell_problem in rows:
        if cell_problem:
            problems.append(f"Row {number}: {cell_problem}")
        elif not code:
            problems.append(f"Row {number}: the GSS code in column A is blank")
        elif not GSS_CODE.fullmatch(code):
            problems.append(
                f"Row {number}: {code} is not a GSS code: a GSS code is a letter and 8 digits, like E09000015"
            )
        elif code not in councils:
            problems.append(
                f"Row {number}: {code} is not the GSS code of a council in England with adult social services"
            )
        elif code in seen:
            problems.append(f"Row {number}: {code} is listed twice, first in row {seen[code]}")
        else:
            seen[code] = number
            member_ids.append(councils[code])
    if not rows:
        problems.append("The file has no GSS codes: put one in column A of each row")
    if problems:
        if len(problems) > MEMBER_LIST_PROBLEMS_SHOWN:
            more = len(problems) - MEMBER_LIST_PROBLEMS_SHOWN
            problems = [*problems[:MEMBER_LIST_PROBLEMS_SHOWN], f"and {more} more problem{'s' if more != 1 else ''}"]
        raise MemberListError(problems)
    return MemberList(tuple(member_ids), had_heading)


# ----- a group's benchmark ---------------------------------------------------------------


@dataclass(frozen=True)
class Council:
    id: int
    gss_code: str
    name: str


@dataclass(frozen=True)
class RankedRow:
    """One line of the ranked list: a council with its rank and value (None when it has no value)."""

    council: Council
    rank: int | None
    position: str
    value: Decimal | None
    is_illustrative: bool
    is_subject: bool


@dataclass(frozen=True)
class GroupBenchmark:
    """One group's values for one indicator and period, ranked, with the England figure."""

    indicator: Indicator
    period_code: str
    group: ComparatorGroup
    subject: Organisation | None
    councils: dict[int, Council]
    result: Benchmark[int]
    england: EnglandFigure | None
    #: Organisations whose value here is illustrative (made up for demonstration).
    illustrative: frozenset[int]
    #: Whether any figure shown (group values or the England figure) is illustrative.
    any_illustrative: bool
    #: False when the subject is not a member, and so is ranked alongside the group.
    subject_is_member: bool = True

    @property
    def phrase(self) -> str:
        phrase = group_phrase(self.group)
        if self.subject is not None and not self.subject_is_member:
            return f"when ranked with {phrase}"
        return phrase

    def rows(self) -> list[RankedRow]:
        """Councils with a value, best first, then those without one (by name)."""
        subject_id = self.subject.pk if self.subject is not None else None
        rows = [
            RankedRow(
                council=self.councils[placing.key],
                rank=placing.rank,
                position=placing.position,
                value=placing.value,
                is_illustrative=placing.key in self.illustrative,
                is_subject=placing.key == subject_id,
            )
            for placing in self.result.placings
        ]
        rows.extend(
            RankedRow(self.councils[key], None, "Not ranked", None, False, key == subject_id)
            for key in self.result.missing
        )
        return rows

    def sentence(self, format_value) -> str | None:
        if self.subject is None:
            return None
        return self.result.sentence(self.subject.name, self.phrase, format_value)


@dataclass(frozen=True)
class PeriodCoverage:
    """Who has a value for an indicator in one period: how many of the group's other active
    councils (``peers``), and whether the subject council has one (``own``)."""

    period: Period
    peers: int
    own: bool


def period_coverage(
    indicator: Indicator, group: ComparatorGroup | None, subject: Organisation | None
) -> list[PeriodCoverage]:
    """Every period in which some council has a value for ``indicator``, latest first, with how
    many of ``group``'s other active councils have one and whether ``subject`` has one (one query).

    The benchmarking section opens on the latest period that has figures from other councils
    in the group, so a council's in-year figure that no other council reports (Harrow's
    Q3 2015/16) is not "1st of 1".
    """
    subject_id = subject.pk if subject is not None else None
    observations = Observation.objects.filter(indicator=indicator).order_by().values("period_code")
    if group is None:
        peers = Value(0)
    else:
        members = ComparatorGroup.members.through.objects.filter(comparatorgroup_id=group.pk).values("organisation_id")
        peers = Count(
            "organisation_id",
            filter=Q(organisation_id__in=members, organisation__is_active=True) & ~Q(organisation_id=subject_id),
            distinct=True,
        )
    rows = observations.annotate(peers=peers, own=Count("id", filter=Q(organisation_id=subject_id)))
    coverage = [PeriodCoverage(parse_period(row["period_code"]), row["peers"], row["own"] > 0) for row in rows]
    return sorted(coverage, key=lambda item: item.period, reverse=True)


def load_benchmark(
    indicator: Indicator, period_code: str, group: ComparatorGroup, *, subject: Organisation | None = None
) -> GroupBenchmark:
    """Rank the group's councils on ``indicator`` in the period (two queries).

    The group's active members are ranked; a subject that is not a member is ranked
    alongside them. The England figure is made from every active council's value.
    """
    members = group.members.filter(is_active=True).order_by("name").values_list("id", "gss_code", "name")
    councils = {pk: Council(pk, gss_code, name) for pk, gss_code, name in members}
    subject_is_member = subject is None or subject.pk in councils
    if subject is not None and not subject_is_member:
        councils[subject.pk] = Council(subject.pk, subject.gss_code, subject.name)
        councils = dict(sorted(councils.items(), key=lambda item: item[1].name))
    observations = Observation.objects.filter(
        indicator=indicator, period_code=period_code, organisation__is_active=True
    ).values_list("organisation_id", "value", "numerator", "denominator", "is_illustrative")
    values: dict[int, Decimal | None] = dict.fromkeys(councils)
    england_rows, illustrative, any_illustrative = [], set(), False
    for organisation_id, value, numerator, denominator, is_illustrative in observations:
        england_rows.append((value, numerator, denominator))
        any_illustrative = any_illustrative or is_illustrative
        if organisation_id in values:
            values[organisation_id] = value
            if is_illustrative:
                illustrative.add(organisation_id)
    return GroupBenchmark(
        indicator=indicator,
        period_code=period_code,
        group=group,
        subject=subject,
        councils=councils,
        result=benchmark(values, indicator.polarity, subject=subject.pk if subject is not None else None),
        england=england_figure(england_rows, unit=indicator.unit),
        illustrative=frozenset(illustrative),
        any_illustrative=any_illustrative,
        subject_is_member=subject_is_member,
    )
