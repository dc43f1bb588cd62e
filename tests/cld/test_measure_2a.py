"""ASCOF 2A (reference §8.2) on small hand-built clean event tables.

Every case runs over the year 1 April 2024 to 31 March 2025. Unless a case says otherwise a
person was born on 15 June 1950 (proxy date of birth 1 June 1950, so 73 or 74 in the year: '65
and above'), has no long-term support, and each ST-Max row is a Reablement service ending "NFA:
Support ended as planned" (rank 14, a usable outcome, in the numerator).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascent.cld import engine, measures_local

from .cases_2a import (
    END,
    LTS_COMMUNITY,
    LTS_NURSING,
    LTS_RESIDENTIAL,
    ONGOING_LOW,
    OTHER_SHORT,
    ST_MAX,
    START,
    build,
    by_group,
    d,
    event,
    person,
    service,
    stmax,
)


def measure(rows):
    con = build(rows)
    return by_group(measures_local.run_2a(con, START, END))


def sequels(rows):
    """The table by final sequel; every row is the one council's (its la_code checked, then dropped)."""
    con = build(rows)
    result = measures_local.run_2a_sequels(con, START, END)
    assert {row.pop("la_code") for row in result} <= {"E09000015"}
    return result


def totals(rows):
    result = measure(rows)
    return result["Total"][:2]


def test_overlapping_and_near_consecutive_rows_form_one_cluster_and_an_eight_day_gap_starts_another():
    """Rows 1 May-20 May, 15 May-25 May (overlaps) and 1 June-10 June (starts 7 days after the
    latest end so far, 25 May) merge into one cluster 1 May-10 June. A fourth row starting 18 June
    is 8 days after 10 June, so it is a second cluster, 18-30 June. Both end in the year, both are
    new clients, both sequels are "NFA: Support ended as planned" (rule 4(a)): numerator 2,
    denominator 2, 100.0, all '65 and above'.
    """
    p = person("A")
    rows = [
        stmax(p, "2024-05-01", "2024-05-20", outcome="Continuation of support or services"),
        stmax(p, "2024-05-15", "2024-05-25", outcome="Continuation of support or services"),
        stmax(p, "2024-06-01", "2024-06-10"),
        stmax(p, "2024-06-18", "2024-06-30"),
    ]
    assert measure(rows) == {"18 to 64": (0, 0, 0.0), "65 and above": (2, 2, 100.0), "Total": (2, 2, 100.0)}
    detail = [r for r in sequels(rows) if r["grp"] == "Total"]
    assert detail == [
        {
            "measure": "2A",
            "grp": "Total",
            "sequel_rule": 4,
            "sequel": "NFA: Support ended as planned",
            "classification": "Numerator",
            "episodes": 2,
        }
    ]


def test_the_cluster_outcome_is_that_of_the_row_with_the_latest_end():
    """Rows 1-20 May ("NFA: Support ended as planned") and 10 May-30 May ("Progress to support
    planning or services", rank 4 + 100). The latest-ending row gives the cluster outcome, which is
    penalised, so rule 4 finds nothing usable and rule 6 leaves the progress outcome: unable to
    classify, out of the denominator: 0 / 0.
    """
    p = person("A")
    rows = [
        stmax(p, "2024-05-01", "2024-05-20"),
        stmax(p, "2024-05-10", "2024-05-30", outcome="Progress to support planning or services"),
    ]
    assert totals(rows) == (0, 0)
    (row,) = [r for r in sequels(rows) if r["grp"] == "Total"]
    assert (row["sequel_rule"], row["classification"]) == (6, "Unable to classify")


def test_a_tie_for_the_latest_end_goes_to_the_better_outcome():
    """Rows 1-20 May ("Progress to support planning or services", rank 104 with the penalty) and
    5-20 May ("NFA: Support ended as planned", rank 14) end on the same day: the better rank gives
    the cluster outcome, a usable one: numerator 1, denominator 1. (Without the penalty rank 4
    would have won and the episode would be unclassifiable.)
    """
    p = person("A")
    rows = [
        stmax(p, "2024-05-01", "2024-05-20", outcome="Progress to support planning or services"),
        stmax(p, "2024-05-05", "2024-05-20"),
    ]
    assert totals(rows) == (1, 1)


def test_an_existing_client_is_excluded_and_one_whose_support_ended_120_days_before_is_new():
    """Cluster 1-20 September 2024 for both people.
    A: long-term community support 1 January-3 July 2024, ended 60 days before the cluster start
       (fewer than 91): existing client, excluded.
    B: long-term residential care 1 January-4 May 2024, ended 120 days before: new client,
       counted (sequel "NFA: Support ended as planned": numerator).
    C: long-term nursing care still open, started before: existing, excluded.
    Numerator 1, denominator 1.
    """
    a, b, c = person("A"), person("B"), person("C")
    rows = [
        service(a, LTS_COMMUNITY, "2024-01-01", "2024-07-03"),
        stmax(a, "2024-09-01", "2024-09-20"),
        service(b, LTS_RESIDENTIAL, "2024-01-01", "2024-05-04"),
        stmax(b, "2024-09-01", "2024-09-20"),
        service(c, LTS_NURSING, "2023-01-01", None),
        stmax(c, "2024-09-01", "2024-09-20"),
    ]
    assert totals(rows) == (1, 1)


def test_the_91_day_boundary():
    """Cluster starts 1 September 2024. Support that ended on 2 June (91 days before) is not
    "fewer than 91 days" before: new (counted). Support that ended on 3 June (90 days): existing.
    Numerator 1, denominator 1 (person A only).
    """
    a, b = person("A"), person("B")
    rows = [
        service(a, LTS_COMMUNITY, "2024-01-01", "2024-06-02"),
        stmax(a, "2024-09-01", "2024-09-20"),
        service(b, LTS_COMMUNITY, "2024-01-01", "2024-06-03"),
        stmax(b, "2024-09-01", "2024-09-20"),
    ]
    assert totals(rows) == (1, 1)


def test_death_within_seven_days_of_the_end_and_admission_to_hospital_are_excluded():
    """A: cluster 1-10 October 2024, died 15 October (within cluster end + 7): rule 1, "NFA:
    Deceased", excluded. B: cluster 1-10 October ending "Admitted to hospital": rule 2, excluded.
    C: cluster 1-10 October, died 20 October (10 days after): not rule 1, so rule 4 gives "NFA:
    Support ended as planned": numerator. D: died 1 May 2024, before a cluster starting 1 June:
    dropped in step 5. Numerator 1, denominator 1.
    """
    a = person("A", died="2024-10-15")
    b = person("B")
    c = person("C", died="2024-10-20")
    dd = person("D", died="2024-05-01")
    rows = [
        stmax(a, "2024-10-01", "2024-10-10"),
        stmax(b, "2024-10-01", "2024-10-10", outcome="Admitted to hospital"),
        stmax(c, "2024-10-01", "2024-10-10"),
        stmax(dd, "2024-06-01", "2024-06-20"),
    ]
    assert totals(rows) == (1, 1)
    rules = {(r["sequel_rule"], r["sequel"]) for r in sequels(rows) if r["grp"] == "Total"}
    assert rules == {(1, "NFA: Deceased"), (2, "Admitted to hospital"), (4, "NFA: Support ended as planned")}


def test_a_sequel_service_in_the_window():
    """All clusters 1-20 November 2024 ending "NFA: Support ended as planned" (which rule 4 would
    count in the numerator, but rule 3 comes first).
    A: long-term community support from 23 November (3 days after): rule 3, denominator only.
    B: ongoing low-level support 25 November-31 December (5 days after): numerator.
    C: other short-term support, component short-term residential care, 27 November-5 December:
       derived "Short term support: Residential or Nursing care", denominator only.
    D: ongoing low-level support from 28 November (8 days after: outside the window) and
       long-term community support that started and ended inside the cluster (does not end after
       it): neither is a sequel; rule 4 gives the numerator.
    E: both ongoing low level (from 21 November) and long-term residential care (from 25
       November) in the window: the hierarchy picks residential: denominator only.
    Numerator 2 (B, D), denominator 5.
    """
    a, b, c, p_d, e = (person(x) for x in "ABCDE")
    rows = [stmax(x, "2024-11-01", "2024-11-20") for x in (a, b, c, p_d, e)]
    rows += [
        service(a, LTS_COMMUNITY, "2024-11-23", None),
        service(b, ONGOING_LOW, "2024-11-25", "2024-12-31"),
        service(c, OTHER_SHORT, "2024-11-27", "2024-12-05", component="Short term residential care"),
        service(p_d, ONGOING_LOW, "2024-11-28", None),
        service(p_d, LTS_COMMUNITY, "2024-11-05", "2024-11-15"),
        service(e, ONGOING_LOW, "2024-11-21", None),
        service(e, LTS_RESIDENTIAL, "2024-11-25", None),
    ]
    assert totals(rows) == (2, 5)
    got = {(r["sequel"], r["classification"]) for r in sequels(rows) if r["grp"] == "Total"}
    assert got == {
        (LTS_COMMUNITY, "Denominator only"),
        (ONGOING_LOW, "Numerator"),
        ("Short term support: Residential or Nursing care", "Denominator only"),
        ("NFA: Support ended as planned", "Numerator"),
        (LTS_RESIDENTIAL, "Denominator only"),
    }


def test_the_best_usable_outcome_from_a_nested_review_or_a_later_request():
    """Every cluster runs 1-30 January 2025 and ends "Progress to support planning or services"
    (rank 4 + 100 = 104: not usable).
    A: a review 10-25 January (inside the cluster, ends 5 days before its end) with "NFA:
       Information and advice or signposting" (rank 10): rule 4(c), numerator.
    B: the same review ending 10 January (20 days before the end: too early): rule 6, the
       progress outcome, unable to classify, excluded.
    C: a request 2-3 February (in the window) ending "NFA: Support declined" (rank 12): rule 4(b),
       excluded from the denominator.
    D: a request in the window ending "NFA: Support ended as planned", which rule 4(b) ignores:
       rule 6, unable to classify.
    Numerator 1, denominator 1.
    """
    a, b, c, p_d = (person(x) for x in "ABCD")
    progress = "Progress to support planning or services"
    rows = [stmax(x, "2025-01-01", "2025-01-30", outcome=progress) for x in (a, b, c, p_d)]
    rows += [
        event(a, "Review", "2025-01-10", "2025-01-25", "NFA: Information and advice or signposting"),
        event(b, "Review", "2025-01-05", "2025-01-10", "NFA: Information and advice or signposting"),
        event(c, "Request", "2025-02-02", "2025-02-03", "NFA: Support declined"),
        event(p_d, "Request", "2025-02-02", "2025-02-03", "NFA: Support ended as planned"),
    ]
    assert totals(rows) == (1, 1)
    by_person_rule = sorted((r["sequel_rule"], r["sequel"]) for r in sequels(rows) if r["grp"] == "Total")
    assert by_person_rule == [
        (4, "NFA: Information and advice or signposting"),
        (4, "NFA: Support declined"),
        (6, progress),
    ]


def test_an_equipment_service_inside_the_cluster_means_ongoing_low_level_support():
    """Cluster 1-30 July 2024 ending "Progress to assessment, review or reassessment" (rank 2 +
    100: not usable). An Equipment service 3-10 July lies inside it: rule 5, "Short term support:
    Ongoing low level", numerator. Numerator 1, denominator 1.
    """
    a = person("A")
    rows = [
        stmax(a, "2024-07-01", "2024-07-30", outcome="Progress to assessment, review or reassessment"),
        service(a, OTHER_SHORT, "2024-07-03", "2024-07-10", component="Equipment"),
    ]
    assert totals(rows) == (1, 1)
    (row,) = [r for r in sequels(rows) if r["grp"] == "Total"]
    assert (row["sequel_rule"], row["sequel"]) == (5, ONGOING_LOW)


def test_age_is_taken_at_the_cluster_end_from_the_proxy_date_of_birth():
    """A, born 20 November 1959 (proxy 1 November 1959): a cluster ending 10 May 2024 (age 64:
    '18 to 64') and one ending 15 December 2024 (age 65: '65 and above').
    B, born 20 December 1959 (proxy 1 December 1959): a cluster ending 10 December 2024. On the
    exact date of birth B is 64; from the proxy, floor(9141 days / 365.25) = 65: '65 and above'.
    C, under 18 (born 2010): dropped. D, no date of birth: unknown age, in Total only.
    18 to 64: 1/1; 65 and above: 2/2; Total 4/4.
    """
    a = person("A", born="1959-11-20")
    b = person("B", born="1959-12-20")
    c = person("C", born="2010-03-03")
    p_d = {"person_id": "D"}
    rows = [
        stmax(a, "2024-04-20", "2024-05-10"),
        stmax(a, "2024-12-01", "2024-12-15"),
        stmax(b, "2024-12-01", "2024-12-10"),
        stmax(c, "2024-12-01", "2024-12-10"),
        stmax(p_d, "2024-12-01", "2024-12-10"),
    ]
    assert measure(rows) == {"18 to 64": (1, 1, 100.0), "65 and above": (2, 2, 100.0), "Total": (4, 4, 100.0)}


def test_clusters_not_ending_in_the_year_and_rows_ending_before_they_start_are_out():
    """A: an open ST-Max row from 1 March 2025: the cluster end is far in the future, out.
    B: a row 1-20 February 2025 and an open row from 25 February merge; the cluster is open: out.
    C: a row 10 July 2024 "ending" 1 July 2024: dropped in step 1.
    E: a cluster ending 25 March 2024 (before the year) and F one ending 2 April 2025 (after): out.
    G: a single-day row on 31 March 2025, the last day of the year: in (numerator).
    Numerator 1, denominator 1.
    """
    a, b, c, e, f, g = (person(x) for x in "ABCEFG")
    rows = [
        stmax(a, "2025-03-01", None),
        stmax(b, "2025-02-01", "2025-02-20"),
        stmax(b, "2025-02-25", None),
        stmax(c, "2024-07-10", "2024-07-01"),
        stmax(e, "2024-03-01", "2024-03-25"),
        stmax(f, "2025-03-20", "2025-04-02"),
        stmax(g, "2025-03-31", "2025-03-31"),
    ]
    assert totals(rows) == (1, 1)


def test_carers_rows_and_other_service_types_are_not_episodes():
    """An ST-Max row on an unpaid carer's record and a long-term community row alone make no
    episode: 0 / 0, outcome 0 (not a division by zero)."""
    a, b = person("A"), person("B")
    rows = [
        stmax(a, "2024-06-01", "2024-06-10", client_type="Unpaid carer"),
        service(b, LTS_COMMUNITY, "2024-06-01", "2024-06-10"),
    ]
    assert measure(rows) == {"18 to 64": (0, 0, 0.0), "65 and above": (0, 0, 0.0), "Total": (0, 0, 0.0)}


def test_the_outcome_is_rounded_to_one_decimal_place():
    """Three new clients: two "NFA: Support ended as planned" (numerator), one followed by
    long-term community support (denominator only): 2 / 3 = 66.666… → 66.7."""
    a, b, c = person("A"), person("B"), person("C")
    rows = [stmax(x, "2024-06-01", "2024-06-10") for x in (a, b, c)]
    rows.append(service(c, LTS_COMMUNITY, "2024-06-12", None))
    assert measure(rows)["Total"] == (2, 3, 66.7)


# Property tests ------------------------------------------------------------------------------

BASE = dt.date(2024, 1, 1)
OUTCOMES = [
    "NFA: Support ended as planned",
    "Progress to support planning or services",
    "Admitted to hospital",
    "NFA: Information and advice or signposting",
    "Continuation of support or services",
    None,
]
OTHER_TYPES = [LTS_COMMUNITY, LTS_RESIDENTIAL, ONGOING_LOW, OTHER_SHORT]


@st.composite
def extracts(draw):
    """A few people, each with some ST-Max rows and some other services, requests and reviews."""
    rows = []
    for pid in draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=3, unique=True)):
        who = person(pid, born=draw(st.sampled_from(["1940-02-10", "1959-11-20", "1990-05-05"])))
        if draw(st.booleans()):
            who["date_of_death"] = BASE + dt.timedelta(days=draw(st.integers(100, 500)))
        for _ in range(draw(st.integers(1, 4))):
            start = BASE + dt.timedelta(days=draw(st.integers(0, 480)))
            length = draw(st.one_of(st.none(), st.integers(1, 50)))
            end = None if length is None else start + dt.timedelta(days=length)
            rows.append(stmax(who, start.isoformat(), end and end.isoformat(), outcome=draw(st.sampled_from(OUTCOMES))))
        for _ in range(draw(st.integers(0, 3))):
            start = BASE + dt.timedelta(days=draw(st.integers(0, 480)))
            length = draw(st.one_of(st.none(), st.integers(0, 60)))
            end = None if length is None else (start + dt.timedelta(days=length)).isoformat()
            kind = draw(st.sampled_from(["Service", "Request", "Review"]))
            if kind == "Service":
                rows.append(service(who, draw(st.sampled_from(OTHER_TYPES)), start.isoformat(), end))
            else:
                rows.append(event(who, kind, start.isoformat(), end, draw(st.sampled_from(OUTCOMES))))
    for key, row in enumerate(rows, start=1):
        row["row_key"] = row["record_id"] = key
    return rows


def both(rows):
    con = build(rows)
    return (
        measures_local.run_2a(con, START, END),
        sorted(measures_local.run_2a_sequels(con, START, END), key=repr),
    )


PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(rows=extracts(), data=st.data())
def test_shuffling_rows_changes_nothing(rows, data):
    """The SQL orders rows only by their values (dates, rank, row_key), never by the order they
    were inserted, so any permutation of the table gives the same 2A and sequel table."""
    shuffled = data.draw(st.permutations(rows))
    assert both(shuffled) == both(rows)


@PROPERTY
@given(rows=extracts(), data=st.data())
def test_duplicating_an_st_max_row_changes_nothing(rows, data):
    """A copy of an ST-Max row (even under a new, higher row_key) falls in the same cluster, adds
    nothing to its start or end, and where it wins a tie for the cluster outcome it carries the
    same outcome; the cluster's own ST-Max rows are never sequels. So 2A is unchanged."""
    candidates = [r for r in rows if r["event_type"] == "Service" and r["service_type"] == ST_MAX]
    original = data.draw(st.sampled_from(candidates))
    copy = {**original, "row_key": len(rows) + 1, "record_id": len(rows) + 1}
    assert both([*rows, copy]) == both(rows)


@PROPERTY
@given(rows=extracts(), data=st.data())
def test_splitting_an_st_max_row_into_two_contiguous_rows_changes_nothing(rows, data):
    """Split [start, end] into [start, m] and [m + 1, end] (the second part keeps the end and the
    outcome; the first part gets a different, penalised outcome). The parts' union is the
    original row and they are 1 day apart (within 7), so every cluster keeps its start and end;
    a row sorted between the two parts starts no later than m + 1, within 7 days of the first
    part's end, so it joins as before. The cluster outcome comes from the latest-ending row,
    which is the second part, and the cluster's own ST-Max rows never count as sequels, so the
    first part's outcome is never read. 2A is unchanged."""
    candidates = [
        i
        for i, r in enumerate(rows)
        if r["event_type"] == "Service"
        and r["service_type"] == ST_MAX
        and (r["event_end"] is None or r["event_end"] > r["event_start"])
    ]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    original = rows[i]
    longest = (original["event_end"] - original["event_start"]).days - 1 if original["event_end"] else 60
    m = original["event_start"] + dt.timedelta(days=data.draw(st.integers(0, longest)))
    first = {**original, "event_end": m, "event_outcome": "Continuation of support or services"}
    second = {**original, "event_start": m + dt.timedelta(days=1), "row_key": len(rows) + 1}
    split = [*rows[:i], first, second, *rows[i + 1 :]]
    assert both(split) == both(rows)


def test_the_engine_runs_2a_from_its_registry():
    """engine.run_measures finds 2A in its registry and returns the same three groups (one new
    client, "NFA: Support ended as planned": 1 / 1 in '65 and above' and Total)."""
    con = build([stmax(person("A"), "2024-06-01", "2024-06-10")])
    results = engine.run_measures(con, START, END, measures=["2A"])
    got = {r["group"]: (r["numerator"], r["denominator"], r["outcome"]) for r in results}
    assert got == {"18 to 64": (0, 0, 0.0), "65 and above": (1, 1, 100.0), "Total": (1, 1, 100.0)}
    assert {r["measure"] for r in results} == {"2A"}


@PROPERTY
@given(rows=extracts())
def test_the_sequel_table_adds_up_to_2a(rows):
    """Both files share one chain of steps, so in every group the episodes classed 'Numerator'
    are 2A's numerator and those classed 'Numerator' or 'Denominator only' its denominator."""
    measure_rows, sequel_rows = both(rows)
    for row in measure_rows:
        mine = [r for r in sequel_rows if r["grp"] == row["grp"]]
        assert row["numerator"] == sum(r["episodes"] for r in mine if r["classification"] == "Numerator")
        assert row["denominator"] == sum(
            r["episodes"] for r in mine if r["classification"] in {"Numerator", "Denominator only"}
        )


def test_the_period_is_a_parameter():
    """The same rows over 1 April 2025-31 March 2026 find no cluster ending then: 0 / 0."""
    con = build([stmax(person("A"), "2024-06-01", "2024-06-10")], d("2025-04-01"), d("2026-03-31"))
    rows = measures_local.run_2a(con, d("2025-04-01"), d("2026-03-31"))
    assert [r["denominator"] for r in rows] == [0, 0, 0]
