"""The local activity and spend measures (reference §13) on small hand-built clean event tables.

The period is 1 April 2024 to 31 March 2025 throughout. Unless a case says otherwise a person was
born on 15 June 1950 (73 or 74 in the year: '65 and above') and is a service user.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.cld import measures_local

from .cases_2a import (
    END,
    LTS_COMMUNITY,
    LTS_NURSING,
    LTS_PRISON,
    LTS_RESIDENTIAL,
    OTHER_SHORT,
    START,
    build,
    event,
    person,
    service,
    stmax,
)

PROGRESS = "Progress to assessment, review or reassessment"


def local(rows, name):
    con = build(rows)
    result = measures_local.run_local(con, START, END, files=(name,))
    return {(r["measure"], r["grp"]): (r["numerator"], r["denominator"], r["outcome"]) for r in result}


REQUEST_ROWS = [
    event(person("A"), "Request", "2024-05-01", "2024-05-03", PROGRESS, route_of_access="Discharge from Hospital"),
    event(
        person("B"),
        "Request",
        "2024-06-01",
        "2024-06-01",
        "NFA: Information and advice or signposting",
        route_of_access="Community / Other route",
    ),
    event(person("C"), "Request", "2025-03-30", "2025-04-02", PROGRESS, route_of_access="Community / Other route"),
    event(person("D"), "Request", "2024-03-25", "2024-04-01", "NFA: Support declined"),
    event(
        person("E"),
        "Request",
        "2024-07-01",
        "2024-07-02",
        None,
        route_of_access="Community / Other route",
        client_type="Unpaid carer",
    ),
    event(person("F"), "Request", "2024-08-01", None, PROGRESS, route_of_access="Prison"),
]


def test_requests_by_route_of_access_and_outcome_group():
    """In the period (§6.3: ends in it, started by its end): A (1-3 May), B (1 June), D (started
    25 March 2024, ended 1 April 2024: in) and the carer E (1-2 July). C ends 2 April 2025 (after
    the period) and F is still open: out. Total 4.
    Route: Discharge from Hospital 1 (A) = 25.0%; Community / Other route 2 (B, E) = 50.0%; D has
    no route: 'Not recorded' 1 = 25.0%.
    Outcome group: A's progress outcome is its own group, 1; B (I&A) and D (declined) are both
    'NFA', 2 = 50.0%; E has no outcome: 'Not recorded', 1.
    """
    got = local(REQUEST_ROWS, "local_requests.sql")
    assert got == {
        ("Requests by route of access", "Discharge from Hospital"): (1, 4, 25.0),
        ("Requests by route of access", "Community / Other route"): (2, 4, 50.0),
        ("Requests by route of access", "Not recorded"): (1, 4, 25.0),
        ("Requests by route of access", "Total"): (4, 4, 100.0),
        ("Requests by outcome group", PROGRESS): (1, 4, 25.0),
        ("Requests by outcome group", "NFA"): (2, 4, 50.0),
        ("Requests by outcome group", "Not recorded"): (1, 4, 25.0),
        ("Requests by outcome group", "Total"): (4, 4, 100.0),
    }


def test_no_requests_give_zero_not_a_division_by_zero():
    """No rows: each measure has only its Total row, 0 of 0, outcome 0."""
    got = local([], "local_requests.sql")
    assert got == {
        ("Requests by route of access", "Total"): (0, 0, 0.0),
        ("Requests by outcome group", "Total"): (0, 0, 0.0),
    }


LT = "Long term assessment"


def assessment_rows():
    a, b, c, p_d, e, f, g = (person(x) for x in "ABCDEFG")
    return [
        event(a, "Request", "2024-05-01", "2024-05-01", PROGRESS),
        event(a, "Assessment", "2024-05-11", "2024-05-20", assessment_type=LT),
        event(b, "Request", "2024-06-01", "2024-06-02", PROGRESS),
        event(b, "Assessment", "2024-06-21", "2024-06-25", assessment_type=LT),
        event(b, "Assessment", "2024-07-01", "2024-07-05", assessment_type=LT),
        event(c, "Request", "2024-01-10", "2024-01-10", PROGRESS),
        event(c, "Request", "2024-03-01", "2024-03-01", "NFA: Support declined"),
        event(c, "Assessment", "2024-04-09", "2024-04-15", assessment_type=LT),
        event(p_d, "Request", "2024-08-01", "2024-08-01", PROGRESS),
        stmax(p_d, "2024-08-05", "2024-08-30"),
        event(p_d, "Assessment", "2024-09-01", "2024-09-03", assessment_type=LT),
        event(e, "Assessment", "2024-10-01", "2024-10-02", assessment_type="Short term assessment"),
        event(f, "Assessment", "2024-11-01", "2024-11-01", assessment_type="Financial assessment"),
        event(g, "Request", "2025-03-20", "2025-03-20", PROGRESS),
        event(g, "Assessment", "2025-03-25", "2025-04-05", assessment_type=LT),
    ]


def test_assessments_completed_and_days_from_request_to_assessment():
    """Completed in the period: A, B (two), C, D, E (short term), F (financial) = 7; G's ends 5
    April 2025, after the period. Long term 5 (71.4%), short term 1 (14.3%), financial 1 (14.3%).
    Waits (each assessment's latest request on or before it, not NFA, and it must be the first
    response):
    A: request 1 May → assessment 11 May: 10 days.
    B: request 1 June → first assessment 21 June: 20 days; the second (1 July) is not the first
       response: no wait.
    C: the 1 March request ended NFA, so the latest usable request is 10 January 2024 → 9 April:
       90 days.
    D: request 1 August, but an ST-Max service started 5 August, before the assessment (1
       September): the service was the first response: no wait.
    E: no request: no wait. F: financial: never a response.
    Waits 10, 20, 90 (3): median 20.0; 90th percentile (continuous) at position 0.9 × 2 = 1.8:
    20 + 0.8 × (90 − 20) = 76.0. All long term, so the long-term group has the same figures.
    """
    got = local(assessment_rows(), "local_assessments.sql")
    assert got == {
        ("Assessments completed", LT): (5, 7, 71.4),
        ("Assessments completed", "Short term assessment"): (1, 7, 14.3),
        ("Assessments completed", "Financial assessment"): (1, 7, 14.3),
        ("Assessments completed", "Total"): (7, 7, 100.0),
        ("Days from request to assessment: median", LT): (3, None, 20.0),
        ("Days from request to assessment: median", "Total"): (3, None, 20.0),
        ("Days from request to assessment: 90th percentile", LT): (3, None, 76.0),
        ("Days from request to assessment: 90th percentile", "Total"): (3, None, 76.0),
    }


def test_no_waits_give_a_total_row_with_no_figure():
    """A lone financial assessment: 1 completed, no waits: the wait rows say 0 waits, no days."""
    got = local(
        [event(person("F"), "Assessment", "2024-11-01", "2024-11-01", assessment_type="Financial assessment")],
        "local_assessments.sql",
    )
    assert got[("Days from request to assessment: median", "Total")] == (0, None, None)
    assert got[("Assessments completed", "Total")] == (1, 1, 100.0)


def test_reviews_of_long_term_clients_within_12_months():
    """Reviews completed in the period of people in long-term support on the review's start:
    A: community support since 2023; previous review ended 10 June 2023; this one ends 20 May 2024,
       before 10 June 2024: on time.
    B: community support since 2023; previous review ended 1 March 2023; this one ends 10 April
       2024, after 1 March 2024: late.
    C: residential care 1 February-31 August 2023 then nursing care from 1 September 2023: one
       spell from 1 February 2023 (the change of setting does not restart the clock); no earlier
       review; review ends 5 April 2024, after 1 February 2024: late.
    D: support from 1 June 2024; an old review of 2 May 2022 (before the spell) does not count;
       review ends 20 January 2025, within 12 months of 1 June 2024: on time.
    E: a 'Review of short term support': not counted. F: a review after F's support ended: not a
       long-term client then, not counted.
    G: aged 40, support since 1 January 2024, first review ends 5 September 2024: on time.
    18 to 64: 1/1 = 100.0; 65 and above: A, D of A-D = 2/4 = 50.0; Total 3/5 = 60.0.
    """
    a, b, c, p_d, e, f = (person(x) for x in "ABCDEF")
    g = person("G", born="1984-03-03")
    rows = [
        service(a, LTS_COMMUNITY, "2023-01-01", None),
        event(a, "Review", "2023-06-01", "2023-06-10", review_reason="Planned"),
        event(a, "Review", "2024-05-01", "2024-05-20", review_reason="Planned"),
        service(b, LTS_COMMUNITY, "2023-01-01", None),
        event(b, "Review", "2023-02-20", "2023-03-01", review_reason="Planned"),
        event(b, "Review", "2024-04-01", "2024-04-10", review_reason="Planned"),
        service(c, LTS_RESIDENTIAL, "2023-02-01", "2023-08-31"),
        service(c, LTS_NURSING, "2023-09-01", None),
        event(c, "Review", "2024-01-15", "2024-04-05", review_reason="Unplanned"),
        service(p_d, LTS_COMMUNITY, "2024-06-01", None),
        event(p_d, "Review", "2022-05-01", "2022-05-02", review_reason="Planned"),
        event(p_d, "Review", "2025-01-10", "2025-01-20", review_reason="Planned"),
        service(e, LTS_COMMUNITY, "2024-01-01", None),
        event(e, "Review", "2024-06-01", "2024-06-02", review_reason="Review of short term support"),
        service(f, LTS_COMMUNITY, "2023-01-01", "2024-05-31"),
        event(f, "Review", "2024-07-01", "2024-07-02", review_reason="Planned"),
        service(g, LTS_COMMUNITY, "2024-01-01", None),
        event(g, "Review", "2024-09-01", "2024-09-05", review_reason="Planned"),
    ]
    name = "Reviews of long-term clients within 12 months"
    assert local(rows, "local_reviews.sql") == {
        (name, "18 to 64"): (1, 1, 100.0),
        (name, "65 and above"): (2, 4, 50.0),
        (name, "Total"): (3, 5, 60.0),
    }


def test_people_in_long_term_support_on_the_last_day_by_setting_and_support_reason():
    """On 31 March 2025:
    A: community and residential care both open: residential (the hierarchy); learning disability.
    B: nursing care ending 31 March 2025 (the last day itself): nursing; personal care.
    C: community support ended 30 March: out. D: prison, open, no support reason: 'Unknown'.
    E: community support open but died 15 March 2025: out. F: starts 1 April 2025: out.
    G: aged 15: out. H: community support and an ST-Max service: community; learning disability.
    4 people. Setting: nursing, residential, community, prison 1 each (25.0% each).
    Support reason: learning disability 2 (50.0%), personal care 1 (25.0%), Unknown 1 (25.0%).
    """
    ld, pc = "Learning disability support", "Physical support: Personal care support"
    rows = [
        service(person("A"), LTS_COMMUNITY, "2024-01-01", None, psr=ld),
        service(person("A"), LTS_RESIDENTIAL, "2024-06-01", None, psr=ld),
        service(person("B"), LTS_NURSING, "2024-01-01", "2025-03-31", psr=pc),
        service(person("C"), LTS_COMMUNITY, "2024-01-01", "2025-03-30", psr=pc),
        service(person("D"), LTS_PRISON, "2024-01-01", None),
        service(person("E", died="2025-03-15"), LTS_COMMUNITY, "2024-01-01", None, psr=pc),
        service(person("F"), LTS_COMMUNITY, "2025-04-01", None, psr=pc),
        service(person("G", born="2009-05-05"), LTS_COMMUNITY, "2024-01-01", None, psr=ld),
        service(person("H"), LTS_COMMUNITY, "2024-01-01", None, psr=ld),
        stmax(person("H"), "2025-03-01", None, psr=ld),
    ]
    setting, reason = "People in long-term support by setting", "People in long-term support by support reason"
    assert local(rows, "local_lts_snapshot.sql") == {
        (setting, "Nursing care"): (1, 4, 25.0),
        (setting, "Residential care"): (1, 4, 25.0),
        (setting, "Community"): (1, 4, 25.0),
        (setting, "Prison"): (1, 4, 25.0),
        (setting, "Total"): (4, 4, 100.0),
        (reason, ld): (2, 4, 50.0),
        (reason, pc): (1, 4, 25.0),
        (reason, "Unknown"): (1, 4, 25.0),
        (reason, "Total"): (4, 4, 100.0),
    }


def test_planned_weekly_cost_by_service_type_in_the_last_quarter():
    """The quarter is 1 January-31 March 2025 (90 days).
    A: community, £200 weekly, open since June 2024: 90/7 = 12.857 weeks, £2,571.43.
    B: community, £20 hourly × 10 planned hours a week, 1-14 February: £200 a week × 2 weeks = £400.
    C: residential, £2,800 4-weekly (= £700 a week), from 4 March, open: 28 days = 4 weeks, £2,800.
    D: cost £0: dropped. E: hourly with no planned hours: dropped. G: ended 31 December 2024: not
    active in the quarter.
    H: community, -£100 weekly (made positive), 25-31 March: 1 week, £100.
    F: other short term, a £150 one-off on 10 January.
    Community: £3,071.43 over 15.857 weeks (15.86) = £193.69 a week. Residential: £2,800 over 4
    weeks = £700.00. Other short term: no recurring cost (0 / 0 → 0). Total: £5,871.43 over 19.857
    weeks (19.86) = £295.68 a week. One-off: other short term £150 from 1 = £150.00; Total the same.
    """
    rows = [
        service(person("A"), LTS_COMMUNITY, "2024-06-01", None, unit_cost=200, cost_frequency="Weekly"),
        service(
            person("B"),
            LTS_COMMUNITY,
            "2025-02-01",
            "2025-02-14",
            unit_cost=20,
            cost_frequency="Hourly",
            planned_units_per_week=10,
        ),
        service(person("C"), LTS_RESIDENTIAL, "2025-03-04", None, unit_cost=2800, cost_frequency="4-weekly"),
        service(person("D"), LTS_COMMUNITY, "2025-01-01", None, unit_cost=0, cost_frequency="Weekly"),
        service(person("E"), LTS_COMMUNITY, "2025-01-01", None, unit_cost=20, cost_frequency="Hourly"),
        service(
            person("F"),
            OTHER_SHORT,
            "2025-01-10",
            "2025-01-10",
            unit_cost=150,
            cost_frequency="One-off",
            service_component="Equipment",
        ),
        service(person("G"), LTS_COMMUNITY, "2024-06-01", "2024-12-31", unit_cost=500, cost_frequency="Weekly"),
        service(person("H"), LTS_COMMUNITY, "2025-03-25", "2025-03-31", unit_cost=-100, cost_frequency="Weekly"),
    ]
    weekly, one_off = "Planned weekly cost", "Planned one-off cost"
    assert local(rows, "local_weekly_cost.sql") == {
        (weekly, LTS_COMMUNITY): (3071.43, 15.86, 193.69),
        (weekly, LTS_RESIDENTIAL): (2800.0, 4.0, 700.0),
        (weekly, OTHER_SHORT): (0.0, 0.0, 0.0),
        (weekly, "Total"): (5871.43, 19.86, 295.68),
        (one_off, LTS_COMMUNITY): (0.0, 0, 0.0),
        (one_off, LTS_RESIDENTIAL): (0.0, 0, 0.0),
        (one_off, OTHER_SHORT): (150.0, 1, 150.0),
        (one_off, "Total"): (150.0, 1, 150.0),
    }


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_row_order_changes_no_local_measure(data):
    """The local measures order rows only by their values, so shuffling the requests and the
    assessment cases together leaves every figure as it was."""
    rows = REQUEST_ROWS + assessment_rows()
    shuffled = data.draw(st.permutations(rows))

    def everything(these):
        con = build([dict(r) for r in these])
        return sorted(map(repr, measures_local.run_local(con, START, END)))

    assert everything(shuffled) == everything(rows)


def test_the_files_run_on_an_end_date_other_than_a_quarter_end():
    """A period ending 15 February 2025 runs (the cost quarter is 16 November-15 February)."""
    con = build(REQUEST_ROWS)
    assert measures_local.run_local(con, START.replace(month=2, day=16), END.replace(month=2, day=15))
