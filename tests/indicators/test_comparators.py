"""Comparator groups: the built-in groups, council-defined groups and a group's benchmark."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ascent.indicators.benchmark import EnglandBasis
from ascent.indicators.comparators import (
    create_custom_group,
    default_group_for,
    delete_custom_group,
    group_choices,
    group_phrase,
    groups_for,
    load_benchmark,
    sync_builtin_groups,
    update_custom_group,
)
from ascent.indicators.models import ComparatorGroup
from ascent.organisations.models import CouncilType, Organisation
from ascent.organisations.reference import load_reference_data

from .bench_factories import custom_group, make_councils, make_indicator, observe

pytestmark = pytest.mark.django_db


def members_of(slug: str) -> set[str]:
    return set(ComparatorGroup.objects.get(slug=slug).members.values_list("gss_code", flat=True))


@pytest.fixture
def england():
    load_reference_data()
    sync_builtin_groups()


# ----- built-in groups against the shipped reference data ---------------------------------


def test_it_creates_england_the_council_types_and_nine_regions(england):
    counts = {g.slug: g.members.count() for g in ComparatorGroup.objects.filter(owner__isnull=True)}
    regions = {slug: n for slug, n in counts.items() if slug.startswith("region-")}
    assert len(regions) == 9
    assert sum(regions.values()) == 153
    assert counts["england"] == 153
    assert counts["london-boroughs"] == 32
    assert counts["metropolitan-districts"] == 36
    # The shipped council list has 62 unitary authorities (Bournemouth, Christchurch and Poole among them).
    assert counts["unitary-authorities"] == 62
    assert counts["county-councils"] == 21
    assert counts["region-e12000007"] == 33  # the 32 boroughs and the City of London


def test_regions_have_their_ons_names(england):
    assert ComparatorGroup.objects.get(slug="region-e12000006").name == "East of England"
    assert ComparatorGroup.objects.get(slug="region-e12000003").name == "Yorkshire and The Humber"
    assert ComparatorGroup.objects.get(slug="region-e12000007").name == "London"
    assert ComparatorGroup.objects.get(slug="region-e12000003").kind == ComparatorGroup.Kind.REGION


def test_sui_generis_councils_are_only_in_england_and_their_region(england):
    scilly = Organisation.objects.get(name="Isles of Scilly").gss_code
    holding = {g.slug for g in ComparatorGroup.objects.filter(members__gss_code=scilly)}
    assert holding == {"england", "region-e12000009"}


def test_built_in_groups_have_no_owner(england):
    assert not ComparatorGroup.objects.filter(owner__isnull=False).exists()


def test_running_it_again_changes_nothing(england):
    history = ComparatorGroup.history.count()
    counts = sync_builtin_groups()
    assert counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 14,
        "removed": 0,
        "members_added": 0,
        "members_removed": 0,
    }
    assert ComparatorGroup.history.count() == history


def test_a_second_run_takes_a_few_queries(england):
    with CaptureQueriesContext(connection) as queries:
        sync_builtin_groups()
    assert len(queries) <= 6


def test_the_first_run_reports_what_it_created():
    load_reference_data()
    counts = sync_builtin_groups()
    assert counts["created"] == 14  # England, four council types and nine regions
    assert counts["members_added"] == 153 * 3 - 2  # England, region, and a type for all but the two sui generis


def test_membership_follows_a_council_that_changes_type(england):
    harrow = Organisation.objects.get(gss_code="E09000015")
    harrow.council_type = CouncilType.UNITARY
    harrow.save()
    counts = sync_builtin_groups()
    assert (counts["members_added"], counts["members_removed"]) == (1, 1)
    assert "E09000015" in members_of("unitary-authorities")
    assert "E09000015" not in members_of("london-boroughs")


def test_an_inactive_council_leaves_every_group(england):
    Organisation.objects.filter(gss_code="E09000015").update(is_active=False)
    sync_builtin_groups()
    assert not ComparatorGroup.objects.filter(members__gss_code="E09000015").exists()


def test_a_renamed_group_is_put_right(england):
    ComparatorGroup.objects.filter(slug="county-councils").update(name="Shires")
    counts = sync_builtin_groups()
    assert counts["updated"] == 1
    assert ComparatorGroup.objects.get(slug="county-councils").name == "County councils"


def test_region_groups_with_adass_names_are_renamed_to_ons_names(england):
    # A database set up before the groups took ONS names has "Eastern" and "Yorkshire and Humber".
    ComparatorGroup.objects.filter(slug="region-e12000006").update(name="Eastern")
    ComparatorGroup.objects.filter(slug="region-e12000003").update(name="Yorkshire and Humber")
    counts = sync_builtin_groups()
    assert counts["updated"] == 2
    eastern = ComparatorGroup.objects.get(slug="region-e12000006")
    assert eastern.name == "East of England"
    assert ComparatorGroup.objects.get(slug="region-e12000003").name == "Yorkshire and The Humber"
    assert eastern.history.first().name == "East of England"
    assert group_phrase(eastern) == "councils in the East of England region"


def test_a_built_in_group_no_longer_wanted_is_removed(england):
    ComparatorGroup.objects.create(slug="region-e12999999", name="Gone", kind=ComparatorGroup.Kind.REGION)
    assert sync_builtin_groups()["removed"] == 1
    assert not ComparatorGroup.objects.filter(slug="region-e12999999").exists()


def test_council_defined_groups_are_left_alone(england):
    harrow = Organisation.objects.get(gss_code="E09000015")
    group = custom_group(harrow, "Neighbours", Organisation.objects.filter(gss_code__startswith="E0600000"))
    sync_builtin_groups()
    assert ComparatorGroup.objects.get(pk=group.pk).members.count() == 9


def test_membership_changes_are_in_the_groups_history(england):
    group = ComparatorGroup.objects.get(slug="london-boroughs")
    latest = group.history.first()
    assert latest.members.count() == 32


# ----- defaults, choices and phrases --------------------------------------------------------


def test_a_london_borough_is_compared_with_london_boroughs(harrow):
    assert default_group_for(harrow) == "london-boroughs"


def test_other_councils_are_compared_with_their_region(herefordshire):
    assert default_group_for(herefordshire) == "region-e12000005"


def test_an_organisation_sees_built_in_groups_and_its_own_only(england):
    harrow = Organisation.objects.get(gss_code="E09000015")
    hereford = Organisation.objects.get(gss_code="E06000019")
    mine = custom_group(harrow, "Mine", [harrow])
    custom_group(hereford, "Theirs", [hereford])
    slugs = [g.slug for g in groups_for(harrow)]
    assert mine.slug in slugs
    assert not any("theirs" in slug for slug in slugs)
    assert slugs[0] == "england"
    assert slugs[-1] == mine.slug
    assert next(g for g in groups_for(harrow) if g.slug == "london-boroughs").member_count == 32


def test_choices_are_grouped_under_headings(england):
    harrow = Organisation.objects.get(gss_code="E09000015")
    custom_group(harrow, "Mine", [harrow])
    headings = [heading for heading, _ in group_choices(list(groups_for(harrow)), harrow)]
    assert headings == ["England", "Councils of the same type", "Regions", "Harrow's groups"]


def test_group_phrases(england):
    phrases = {g.slug: group_phrase(g) for g in ComparatorGroup.objects.all()}
    assert phrases["england"] == "councils in England"
    assert phrases["london-boroughs"] == "London boroughs"
    assert phrases["unitary-authorities"] == "unitary authorities"
    assert phrases["region-e12000005"] == "councils in the West Midlands region"


# ----- council-defined groups -----------------------------------------------------------------


def test_a_custom_group_slug_comes_from_the_owner_and_name(harrow, editor):
    group = create_custom_group(harrow, name="CIPFA nearest neighbours", member_ids={harrow.pk}, by=editor)
    assert group.slug == "e09000015-cipfa-nearest-neighbours"
    assert (group.owner, group.kind, group.sort_order) == (harrow, ComparatorGroup.Kind.CUSTOM, 1000)


def test_custom_group_slugs_are_unique(harrow, editor):
    first = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    update_custom_group(first, name="Old peers", member_ids={harrow.pk}, by=editor)
    second = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    assert first.slug == "e09000015-peers"
    assert second.slug == "e09000015-peers-2"


def test_changing_a_group_records_who_did_it(harrow, herefordshire, editor):
    group = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    update_custom_group(group, name="Peers", description="Chosen 2024", member_ids={herefordshire.pk}, by=editor)
    assert set(group.members.all()) == {herefordshire}
    assert {record.history_user for record in group.history.all()} == {editor}
    assert group.history.first().description == "Chosen 2024"


def test_a_change_of_name_and_members_is_one_entry_in_the_history(harrow, herefordshire, editor):
    group = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    before = group.history.count()
    update_custom_group(group, name="Close peers", member_ids={herefordshire.pk, harrow.pk}, by=editor)
    assert group.history.count() == before + 1
    latest = group.history.first()
    assert latest.name == "Close peers"
    assert {m.organisation_id for m in latest.members.all()} == {herefordshire.pk, harrow.pk}


def test_saving_a_group_unchanged_adds_nothing_to_the_history(harrow, editor):
    group = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    before = group.history.count()
    update_custom_group(group, name="Peers", member_ids={harrow.pk}, by=editor)
    assert group.history.count() == before


def test_built_in_groups_cannot_be_changed_or_deleted(england, editor):
    group = ComparatorGroup.objects.get(slug="england")
    with pytest.raises(ValueError, match="Built-in"):
        update_custom_group(group, name="Mine", member_ids=set(), by=editor)
    with pytest.raises(ValueError, match="Built-in"):
        delete_custom_group(group, by=editor)


def test_deleting_a_custom_group(harrow, editor):
    group = create_custom_group(harrow, name="Peers", member_ids={harrow.pk}, by=editor)
    delete_custom_group(group, by=editor)
    assert not ComparatorGroup.objects.filter(slug="e09000015-peers").exists()


# ----- a group's benchmark ----------------------------------------------------------------------


@pytest.fixture
def london_values(harrow, london):
    """Harrow and five other boroughs with values for 2022-23, one without; and a county elsewhere."""
    indicator = make_indicator()
    others = make_councils(london, 6)
    for council, value in zip(others[:5], [90, 80, 70, 60, 50], strict=True):
        observe(council, indicator, "2022-23", value, numerator=value, denominator=100)
    observe(harrow, indicator, "2022-23", 75, numerator=150, denominator=200)
    observe(harrow, indicator, "2021-22", 10)
    sync_builtin_groups()
    return indicator


def test_load_benchmark_ranks_the_group(harrow, london_values):
    group = ComparatorGroup.objects.get(slug="london-boroughs")
    figures = load_benchmark(london_values, "2022-23", group, subject=harrow)
    assert figures.result.rank_text == "3rd of 6"
    assert figures.result.missing_count == 1
    assert figures.result.median == Decimal("72.5")
    rows = figures.rows()
    assert [row.council.name for row in rows][:3] == ["Council 100", "Council 101", "Harrow"]
    assert rows[2].is_subject and rows[2].position == "3rd"
    assert rows[-1].value is None and rows[-1].position == "Not ranked"


def test_the_england_figure_comes_from_every_council(harrow, london_values):
    group = ComparatorGroup.objects.get(slug="london-boroughs")
    figures = load_benchmark(london_values, "2022-23", group, subject=harrow)
    # (90 + 80 + 70 + 60 + 50 + 150) / (500 + 200) = 500 / 700.
    assert figures.england.basis is EnglandBasis.AGGREGATE
    assert figures.england.value.quantize(Decimal("0.001")) == Decimal("71.429")
    assert figures.england.councils == 6


def test_a_subject_outside_the_group_is_ranked_alongside_it(harrow, herefordshire, london_values):
    observe(herefordshire, london_values, "2022-23", 100)
    group = ComparatorGroup.objects.get(slug="london-boroughs")
    figures = load_benchmark(london_values, "2022-23", group, subject=herefordshire)
    assert not figures.subject_is_member
    assert figures.result.rank_text == "1st of 7"
    assert figures.phrase == "when ranked with London boroughs"
    assert figures.sentence(str).startswith("Herefordshire is 1st of 7 when ranked with London boroughs")


def test_illustrative_values_are_marked(harrow, london, london_values):
    council = Organisation.objects.get(name="Council 105")
    observe(council, london_values, "2022-23", 1, is_illustrative=True)
    figures = load_benchmark(london_values, "2022-23", ComparatorGroup.objects.get(slug="england"), subject=harrow)
    assert figures.any_illustrative
    assert figures.illustrative == {council.pk}


def test_load_benchmark_takes_two_queries_whatever_the_group_size(harrow, london, london_values):
    group = ComparatorGroup.objects.get(slug="england")
    with CaptureQueriesContext(connection) as small:
        load_benchmark(london_values, "2022-23", group, subject=harrow)
    for council in make_councils(london, 40, start=500):
        observe(council, london_values, "2022-23", 30)
    sync_builtin_groups()
    with CaptureQueriesContext(connection) as large:
        figures = load_benchmark(london_values, "2022-23", group, subject=harrow)
    assert figures.result.count == 46
    assert len(small) == len(large) == 2
