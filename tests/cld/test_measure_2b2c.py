"""ASCOF 2B/2C (reference §9) on hand-built clean events; no database."""

from __future__ import annotations

from datetime import date

from tests.cld.cases import COMMUNITY, LA, NURSING, RESIDENTIAL, SELF_FUNDED, ST_MAX, run, service

POPULATION = [(LA, 2024, "18 to 64", 200_000), (LA, 2024, "65 and above", 50_000)]

LT_RES = "Long term residential care"
LT_NURS = "Long term nursing care"


def admissions_case():
    """Year 1 April 2024 – 31 March 2025. Ages use the proxy date of birth (first of the birth
    month) at the service start.

    - A  residential, starts 1 Jun 2024, open; born Mar 1950 (74) → new, 65 and above.
    - B  nursing, starts 1 Jul 2024; born 1970 (54) → new, 18 to 64.
    - C  residential, starts 1 Aug 2024, outcome self-funded / 12-week disregard → not counted.
    - D  residential 1 Jan 2023 – 1 May 2024, then nursing from 1 Sep 2024: the earlier placement
         ended 123 days before (< 365) → the nursing start is not a new admission.
    - E  residential 1 Jan 2022 – 1 Mar 2023, again from 1 May 2024: 427 days (≥ 365) → new, 65+.
    - F  residential with a blank component → dropped (DHSC's NULL trap, replicated).
    - G  long-term residential type with a short-term component → dropped.
    - H  born 20 Oct 1959 (proxy 1 Oct 1959), starts 1 Jun 2024: 23,620 days ÷ 365.25 = 64.7 → 64,
         so 18 to 64 although H turns 65 during the year.
    - I  born 20 Jun 1959 (proxy 1 Jun 1959), starts 1 Jun 2024: 23,742 days ÷ 365.25 = 65.002
         → 65 and above (on the exact birth date I would still be 64: the proxy decides).
    - J  born 2010 → under 18, dropped.
    - K  died 15 Mar 2024, before the year → dropped.
    - L  died 1 Aug 2024, during the year, admitted 1 May 2024; born 1980 → new, 18 to 64.
    - M  residential 15 Apr – 31 Jul 2024, then nursing from 1 Aug 2024 (a move); born 1945 →
         one new admission (the nursing one is not new), 65 and above.
    - N  ends before it starts → dropped.  O  ST-Max, not residential → not a candidate.
    - P  an unpaid carer's row → not a service user.
    - Q  community support, then residential from 1 Oct 2024 → new (community is no placement), 65+.

    18 to 64: B, H, L = 3 → 3 ÷ 200,000 × 100,000 = 1.5.
    65 and above: A, E, I, M, Q = 5 → 5 ÷ 50,000 × 100,000 = 10.0.
    """
    return [
        service(
            "A", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1950, 3, 10)
        ),
        service("B", date(2024, 7, 1), service_type=NURSING, service_component=LT_NURS, date_of_birth=date(1970, 1, 5)),
        service(
            "C",
            date(2024, 8, 1),
            date(2024, 11, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            event_outcome=SELF_FUNDED,
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "D",
            date(2023, 1, 1),
            date(2024, 5, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1940, 1, 1),
        ),
        service("D", date(2024, 9, 1), service_type=NURSING, service_component=LT_NURS, date_of_birth=date(1940, 1, 1)),
        service(
            "E",
            date(2022, 1, 1),
            date(2023, 3, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "E", date(2024, 5, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1940, 1, 1)
        ),
        service(
            "F", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=None, date_of_birth=date(1940, 1, 1)
        ),
        service(
            "G",
            date(2024, 6, 1),
            service_type=RESIDENTIAL,
            service_component="Short term residential care",
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "H", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1959, 10, 20)
        ),
        service(
            "I", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1959, 6, 20)
        ),
        service(
            "J", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(2010, 1, 1)
        ),
        service(
            "K",
            date(2024, 5, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1940, 1, 1),
            date_of_death=date(2024, 3, 15),
        ),
        service(
            "L",
            date(2024, 5, 1),
            date(2024, 8, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1980, 1, 1),
            date_of_death=date(2024, 8, 1),
        ),
        service(
            "M",
            date(2024, 4, 15),
            date(2024, 7, 31),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1945, 1, 1),
        ),
        service("M", date(2024, 8, 1), service_type=NURSING, service_component=LT_NURS, date_of_birth=date(1945, 1, 1)),
        service(
            "N",
            date(2024, 6, 1),
            date(2024, 5, 1),
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "O",
            date(2024, 6, 1),
            date(2024, 7, 1),
            service_type=ST_MAX,
            service_component="Reablement",
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "P",
            date(2024, 6, 1),
            client_type="Unpaid carer",
            service_type=RESIDENTIAL,
            service_component=LT_RES,
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "Q",
            date(2023, 6, 1),
            date(2024, 9, 30),
            service_type=COMMUNITY,
            service_component="Home support or domiciliary care",
            date_of_birth=date(1940, 1, 1),
        ),
        service(
            "Q", date(2024, 10, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1940, 1, 1)
        ),
    ]


def test_new_admissions_per_100000_by_age_band():
    """See admissions_case: 2B = 3 / 200,000 → 1.5; 2C = 5 / 50,000 → 10.0."""
    results = run(admissions_case(), measures=["2B2C"], population=POPULATION)
    assert results == {
        ("2B", "18 to 64"): (3, 200_000, 1.5),
        ("2C", "65 and above"): (5, 50_000, 10.0),
    }


def test_population_of_the_year_the_period_starts_in():
    """Rows for 2023, 2024 and 2025: the 2024 row serves 2024-25. One admission (A, 65+):
    1 ÷ 40,000 × 100,000 = 2.5. For 2022-23, with no earlier year, the earliest (2023) is used."""
    rows = [
        service(
            "A", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1950, 3, 10)
        )
    ]
    population = [
        (LA, 2023, "65 and above", 30_000),
        (LA, 2024, "65 and above", 40_000),
        (LA, 2025, "65 and above", 50_000),
    ]
    assert run(rows, measures=["2B2C"], population=population)[("2C", "65 and above")] == (1, 40_000, 2.5)
    earlier = run(rows, measures=["2B2C"], population=population, period=(date(2022, 4, 1), date(2023, 3, 31)))
    assert earlier[("2C", "65 and above")] == (0, 30_000, 0.0)


def test_no_population_gives_no_rate_rather_than_zero():
    """Without population rows the denominator and outcome are blank (NULL), never 0."""
    rows = [
        service(
            "A", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1950, 3, 10)
        )
    ]
    assert run(rows, measures=["2B2C"])[("2C", "65 and above")] == (1, None, None)


def test_a_zero_population_gives_an_outcome_of_zero():
    rows = [
        service(
            "A", date(2024, 6, 1), service_type=RESIDENTIAL, service_component=LT_RES, date_of_birth=date(1950, 3, 10)
        )
    ]
    population = [(LA, 2024, "65 and above", 0)]
    assert run(rows, measures=["2B2C"], population=population)[("2C", "65 and above")] == (1, 0, 0.0)
