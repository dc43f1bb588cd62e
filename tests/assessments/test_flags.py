"""Flags computed from real rows: the facts gathered, keys stable, justifications marked, queries pinned."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ascent.assessments import flags
from ascent.assessments.models import FlagJustification, Status
from tests.assurance import world
from tests.indicators.factories import ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


def names(found, element=None) -> set[str]:
    return {flag.check.name for flag in found if element is None or flag.element_id == element.pk}


@pytest.fixture
def cqc(db):
    return world.cqc()


@pytest.fixture
def teasc(db):
    return world.teasc()


def test_a_good_rating_over_a_red_indicator_is_flagged_with_a_stable_key(harrow, cqc):
    assessment = world.assessment(harrow, cqc)
    rating = world.rate(assessment, "qs-7", "3")
    world.link(rating, world.red_indicator(harrow, "4A"))
    world.attach(rating, kind="people")

    found = flags.flags_for(assessment)

    assert names(found) == {"assessments.favourable-over-red"}
    (flag,) = found
    assert flag.key == f"assessments.favourable-over-red:rating:{rating.pk}"
    assert flag.detail == "Rated 3 – Good standard while 1 of 1 linked indicator is red: 4A."
    assert flag.subject == "QS7 Safeguarding — CQC 2024-25 v1"
    assert flag.element_id == rating.element_id
    assert not flag.is_justified
    # the same key on every reading
    assert [f.key for f in flags.flags_for(assessment)] == [flag.key]


def test_the_flag_links_to_the_rating_page_when_the_pages_are_installed(harrow, cqc):
    from django.urls import NoReverseMatch, reverse

    assessment = world.assessment(harrow, cqc)
    rating = world.rate(assessment, "qs-7", "2")
    try:
        expected = reverse(
            "assessments:rating",
            kwargs={"gss_code": harrow.gss_code, "assessment_id": assessment.pk, "element_id": rating.element_id},
        )
    except NoReverseMatch:
        expected = ""
    (flag,) = flags.flags_for(assessment)
    assert flag.url == expected


def test_unrated_elements_raise_nothing_and_evidence_of_two_kinds_satisfies(harrow, cqc):
    assessment = world.assessment(harrow, cqc)
    rating = world.rate(assessment, "qs-4", "2")
    world.link(rating, world.green_indicator(harrow))
    world.attach(rating, kind="processes")
    assert flags.flags_for(assessment) == []


def test_no_evidence_and_one_kind_from_rows(harrow, cqc):
    assessment = world.assessment(harrow, cqc)
    bare = world.rate(assessment, "qs-4", "2")
    one_kind = world.rate(assessment, "qs-8", "1")
    world.attach(one_kind, kind="processes", title="Policy")
    world.attach(one_kind, kind="processes", title="Procedure")

    found = flags.flags_for(assessment)

    assert names(found, bare.element) == {"assessments.no-evidence"}
    assert names(found, one_kind.element) == {"assessments.one-kind-of-evidence"}


def test_old_evidence_is_judged_against_the_period_end_and_the_setting(harrow, cqc, settings):
    assessment = world.assessment(harrow, cqc, "2024-25")  # ends 31 March 2025
    rating = world.rate(assessment, "qs-4", "2")
    world.attach(rating, kind="people", when=datetime.date(2022, 6, 1), title="Survey")
    world.attach(rating, kind="processes", when=datetime.date(2022, 12, 1), title="Audit")

    assert names(flags.flags_for(assessment)) == {"assessments.stale-evidence"}
    settings.ASSURANCE_EVIDENCE_MAX_AGE_DAYS = 1000
    assert flags.flags_for(assessment) == []


def test_bottom_quartile_and_worsening_come_from_the_indicator_store(harrow, cqc, london):
    from tests.factories import OrganisationFactory

    assessment = world.assessment(harrow, cqc)
    rating = world.rate(assessment, "qs-7", "4")
    indicator = world.green_indicator(harrow, "2A")  # 90 in 2023-24, on target
    ObservationFactory(organisation=harrow, indicator=indicator, period="2022-23", value=Decimal("95"))
    for value in ("96", "97", "98"):
        ObservationFactory(
            organisation=OrganisationFactory(region=london), indicator=indicator, period="2023-24", value=Decimal(value)
        )
    world.link(rating, indicator)
    world.attach(rating, kind="people")

    assert names(flags.flags_for(assessment)) == {
        "assessments.favourable-bottom-quartile",
        "assessments.favourable-worsening",
    }


def test_rated_better_than_the_previous_version_without_new_evidence(harrow, cqc):
    first = world.assessment(harrow, cqc, status=Status.SIGNED_OFF)
    before = world.rate(first, "qs-4", "2")
    indicator = world.green_indicator(harrow)
    world.link(before, indicator)
    world.attach(before, kind="people")
    second = world.assessment(harrow, cqc, based_on=first)
    after = world.rate(second, "qs-4", "3")
    world.link(after, indicator)
    world.RatingEvidence.objects.create(rating=after, evidence=before.evidence_links.get().evidence)

    assert names(flags.flags_for(second)) == {"assessments.better-without-new-evidence"}
    (flag,) = flags.flags_for(second)
    assert flag.detail == (
        "Rated 3 – Good standard, up from 2 – Some shortfalls in the previous version, with no evidence added since."
    )

    world.attach(after, kind="outcomes", title="Outcomes audit")
    assert flags.flags_for(second) == []


def test_cqc_good_beside_teasc_high_risk_and_the_reverse(harrow, cqc, teasc):
    cqc_assessment = world.assessment(harrow, cqc, "2024-25")
    teasc_assessment = world.assessment(harrow, teasc, "2024-25")
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"))
    world.mapping(world.element(teasc, "domain-1"), world.element(cqc, "qs-7"))
    qs4 = world.rate(cqc_assessment, "qs-4", "3")
    world.rate(teasc_assessment, "domain-3", "red")
    domain1 = world.rate(teasc_assessment, "domain-1", "green")
    world.rate(cqc_assessment, "qs-7", "1")
    for rating in (qs4, domain1):
        world.link(rating, world.green_indicator(harrow, f"G{rating.pk}"))
        world.attach(rating, kind="people")

    cqc_flags = [f for f in flags.flags_for(cqc_assessment) if f.check.name == "assessments.contradicts-mapped-rating"]
    assert [f.detail for f in cqc_flags] == [
        "Rated 3 – Good standard while Domain 3 Commissioning is High risk in TEASC 2024-25 v1."
    ]
    assert cqc_flags[0].element_id == qs4.element_id
    teasc_flags = [
        f for f in flags.flags_for(teasc_assessment) if f.check.name == "assessments.contradicts-mapped-rating"
    ]
    assert [f.detail for f in teasc_flags] == [
        "Rated Low risk while QS7 Safeguarding is 1 – Significant shortfalls in CQC 2024-25 v1."
    ]


def test_the_mapped_assessment_is_the_latest_on_or_before_this_period(harrow, cqc, teasc):
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"))
    old_teasc = world.assessment(harrow, teasc, "2022-23")
    world.rate(old_teasc, "domain-3", "green")
    newer_teasc = world.assessment(harrow, teasc, "2023-24")
    world.rate(newer_teasc, "domain-3", "red")
    later_teasc = world.assessment(harrow, teasc, "2025-26")  # after the CQC period: not looked at
    world.rate(later_teasc, "domain-3", "amber")
    cqc_assessment = world.assessment(harrow, cqc, "2024-25")
    world.rate(cqc_assessment, "qs-4", "4")

    assert "assessments.contradicts-mapped-rating" in names(flags.flags_for(cqc_assessment))

    # a newer version of 2023-24 that rates the domain medium risk replaces it
    newer_teasc.status = Status.SIGNED_OFF
    newer_teasc.save()
    revised = world.assessment(harrow, teasc, "2023-24", based_on=newer_teasc)
    world.rate(revised, "domain-3", "amber")
    assert "assessments.contradicts-mapped-rating" not in names(flags.flags_for(cqc_assessment))


def test_a_council_that_hides_a_shipped_mapping_is_not_challenged_by_it(harrow, herefordshire, cqc, teasc):
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"))
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"), harrow, hidden=True)
    for council in (harrow, herefordshire):
        teasc_assessment = world.assessment(council, teasc)
        world.rate(teasc_assessment, "domain-3", "red")
    harrow_cqc = world.assessment(harrow, cqc)
    world.rate(harrow_cqc, "qs-4", "3")
    hereford_cqc = world.assessment(herefordshire, cqc)
    world.rate(hereford_cqc, "qs-4", "3")

    assert "assessments.contradicts-mapped-rating" not in names(flags.flags_for(harrow_cqc))
    assert "assessments.contradicts-mapped-rating" in names(flags.flags_for(hereford_cqc))


def test_another_councils_ratings_never_count(harrow, herefordshire, cqc, teasc):
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"))
    elsewhere = world.assessment(herefordshire, teasc)
    world.rate(elsewhere, "domain-3", "red")
    harrow_cqc = world.assessment(harrow, cqc)
    world.rate(harrow_cqc, "qs-4", "3")
    assert "assessments.contradicts-mapped-rating" not in names(flags.flags_for(harrow_cqc))


def test_justified_flags_are_marked_with_their_justification(harrow, cqc, admin_user):
    assessment = world.assessment(harrow, cqc)
    rating = world.rate(assessment, "qs-7", "2")
    key = f"assessments.no-evidence:rating:{rating.pk}"
    FlagJustification.objects.create(
        assessment=assessment,
        flag_key=key,
        check_name="assessments.no-evidence",
        reason="...",
        justification="The audit is due in May.",
        created_by=admin_user,
    )
    (flag,) = flags.flags_for(assessment)
    assert flag.key == key
    assert flag.is_justified and flag.justification == "The audit is due in May."


def test_open_flags_reads_the_latest_version_of_each_self_assessment_drafts_included(harrow, herefordshire, cqc, teasc):
    first = world.assessment(harrow, cqc, status=Status.SIGNED_OFF)
    old = world.rate(first, "qs-4", "2")  # no evidence, but superseded
    second = world.assessment(harrow, cqc, based_on=first)
    latest = world.rate(second, "qs-8", "1")  # no evidence, in the draft that replaced it
    draft = world.assessment(harrow, teasc, "2023-24")
    teasc_rating = world.rate(draft, "domain-1", "amber")
    elsewhere = world.assessment(herefordshire, cqc)
    world.rate(elsewhere, "qs-4", "2")

    keys = {flag.key for flag in flags.open_flags(harrow)}

    assert keys == {
        f"assessments.no-evidence:rating:{latest.pk}",
        f"assessments.no-evidence:rating:{teasc_rating.pk}",
    }
    assert f"assessments.no-evidence:rating:{old.pk}" not in keys


def test_open_flags_of_a_council_with_no_self_assessment_is_empty(harrow):
    assert flags.open_flags(harrow) == []


def test_by_element_groups_flags_for_a_table_of_ratings(harrow, cqc):
    assessment = world.assessment(harrow, cqc)
    qs4 = world.rate(assessment, "qs-4", "2")
    qs7 = world.rate(assessment, "qs-7", "3")
    world.attach(qs7, kind="people")
    grouped = flags.by_element(flags.flags_for(assessment))
    assert {element: names(found) for element, found in grouped.items()} == {
        qs4.element_id: {"assessments.no-evidence"},
        qs7.element_id: {"assessments.one-kind-of-evidence"},
    }


def _busy_council(organisation, cqc, teasc, *, ratings_with_evidence: int):
    """Two self-assessments (one a second version), indicators, files and mappings."""
    world.mapping(world.element(teasc, "domain-3"), world.element(cqc, "qs-4"))
    first = world.assessment(organisation, cqc, status=Status.SIGNED_OFF)
    second = world.assessment(organisation, cqc, based_on=first)
    other = world.assessment(organisation, teasc)
    world.rate(other, "domain-3", "red")
    made = 0
    for assessment in (second, other, first):
        for rating in assessment.ratings.all():
            if made >= ratings_with_evidence:
                break
            world.rate(assessment, rating.element.key, rating.element.key.startswith("qs") and "3" or "green")
            world.link(rating, world.red_indicator(organisation, f"R{rating.pk}"))
            world.attach(rating, kind="people", title=f"File {rating.pk}")
            made += 1
    return second


@pytest.mark.parametrize("ratings_with_evidence", [2, 8])
def test_open_flags_take_a_fixed_number_of_queries(
    harrow, cqc, teasc, django_assert_num_queries, ratings_with_evidence
):
    _busy_council(harrow, cqc, teasc, ratings_with_evidence=ratings_with_evidence)
    assert flags.open_flags(harrow)
    # assessments, ratings, indicator links, evidence links, 3 for the indicator store,
    # mappings, mapped ratings, justifications
    with django_assert_num_queries(10):
        flags.open_flags(harrow)


def test_flags_for_one_version_take_a_fixed_number_of_queries(harrow, cqc, teasc, django_assert_num_queries):
    second = _busy_council(harrow, cqc, teasc, ratings_with_evidence=8)
    from ascent.assessments.models import SelfAssessment

    fresh = SelfAssessment.objects.select_related("framework", "organisation").get(pk=second.pk)
    # ratings, indicator links, evidence links, 3 for the indicator store, mappings, mapped
    # ratings, justifications
    with django_assert_num_queries(9):
        assert flags.flags_for(fresh)


def test_the_shipped_cqc_and_teasc_frameworks_and_crosswalk_are_recognised_by_their_scales(harrow):
    """With the real YAML: QS4 scored 3 where TEASC's commissioning domain is high risk, and the
    reverse, TEASC low risk where a mapped quality statement scores 1."""
    from tests.frameworks.factories import load_shipped

    shipped = load_shipped()
    cqc, teasc = shipped["cqc-la-assessment"], shipped["teasc-risk-awareness"]
    cqc_assessment = world.assessment(harrow, cqc, "2024-25")
    teasc_assessment = world.assessment(harrow, teasc, "2024-25")
    qs4 = world.rate(cqc_assessment, "qs-4", "3")
    world.rate(teasc_assessment, "domain-3", "red")
    world.rate(cqc_assessment, "qs-9", "1")
    culture = world.rate(teasc_assessment, "domain-6", "green")

    contradicting = "assessments.contradicts-mapped-rating"
    cqc_flags = [f for f in flags.flags_for(cqc_assessment) if f.check.name == contradicting]
    assert [f.element_id for f in cqc_flags] == [qs4.element_id]
    assert cqc_flags[0].detail == (
        "Rated 3 – Good standard while Domain 3 Commissioning and quality is High risk in TEASC 2024-25 v1."
    )
    teasc_flags = [f for f in flags.flags_for(teasc_assessment) if f.check.name == contradicting]
    assert [f.element_id for f in teasc_flags] == [culture.element_id]
    assert teasc_flags[0].detail.startswith("Rated Low risk while QS9 ")
    assert teasc_flags[0].detail.endswith(" is 1 – Significant shortfalls in CQC 2024-25 v1.")


def test_a_flag_on_a_signed_off_version_with_no_justification_was_raised_after_sign_off(harrow, cqc, admin_user):
    from ascent.assurance.registry import AFTER_SIGN_OFF, counts

    assessment = world.assessment(harrow, cqc, status=Status.SIGNED_OFF)
    answered = world.rate(assessment, "qs-7", "2")
    later = world.rate(assessment, "qs-4", "2")
    FlagJustification.objects.create(
        assessment=assessment,
        flag_key=f"assessments.no-evidence:rating:{answered.pk}",
        check_name="assessments.no-evidence",
        reason="...",
        justification="The audit is due in May.",
        created_by=admin_user,
    )
    by_rating = {flag.extra["rating_id"]: flag for flag in flags.flags_for(assessment)}
    assert by_rating[answered.pk].is_justified and not by_rating[answered.pk].after_sign_off
    raised = by_rating[later.pk]
    assert raised.after_sign_off and not raised.is_justified and not raised.needs_answer
    assert (
        raised.after_sign_off_note
        == AFTER_SIGN_OFF
        == ("Raised after this version was signed off: answer it in a new version.")
    )
    assert counts(by_rating.values()) == {"open": 0, "after_sign_off": 1, "justified": 1}
    # On a version not yet signed off, the same flag is simply open.
    draft = world.assessment(harrow, cqc, "2023-24")
    world.rate(draft, "qs-4", "2")
    (flag,) = flags.flags_for(draft)
    assert flag.needs_answer and not flag.after_sign_off and flag.after_sign_off_note == ""


def _green_then_red(harrow):
    """Green in 2014-15 (90 against at least 80), red in 2018-19 (50 against at least 80)."""
    indicator = world.green_indicator(harrow, "2A", period="2014-15")
    ObservationFactory(organisation=harrow, indicator=indicator, period="2018-19", value=Decimal("50"))
    TargetFactory(organisation=harrow, indicator=indicator, period="2018-19")
    return indicator


def _rated_low_risk(assessment, indicator, when):
    rating = world.rate(assessment, "domain-1", "green")
    world.link(rating, indicator)
    world.attach(rating, kind="people", when=when, title="Survey")
    world.attach(rating, kind="processes", when=when, title="Policy")
    return rating


def test_a_rating_is_checked_against_the_indicators_as_at_the_end_of_its_period(harrow, teasc):
    indicator = _green_then_red(harrow)
    then = world.assessment(harrow, teasc, "2015-16")
    _rated_low_risk(then, indicator, datetime.date(2016, 1, 1))
    later = world.assessment(harrow, teasc, "2019-20")
    _rated_low_risk(later, indicator, datetime.date(2020, 1, 1))

    # 2018-19's red value was not known at the end of 2015-16: no challenge from it.
    assert "assessments.favourable-over-red" not in names(flags.flags_for(then))
    assert "assessments.favourable-worsening" not in names(flags.flags_for(then))
    # A 2019-20 rating is challenged by it.
    assert "assessments.favourable-over-red" in names(flags.flags_for(later))
    # Both at once (the challenges page) give each its own period's facts.
    together = flags.flags_of([then, later], harrow)
    over_red = {
        flag.extra["assessment_id"] for flag in together if flag.check.name == "assessments.favourable-over-red"
    }
    assert over_red == {later.pk}
