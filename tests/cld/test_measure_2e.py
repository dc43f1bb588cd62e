"""ASCOF 2E and 2E LD (reference §11, with §6.6 person details) on hand-built clean events."""

from __future__ import annotations

from datetime import date

from tests.cld.cases import COMMUNITY, RESIDENTIAL, ST_MAX, run, service

OWNER = "Owner occupier or shared ownership scheme"
CARE_HOME = "Registered care home"
LD = "Learning disability support"
HOME_SUPPORT = "Home support or domiciliary care"


def person(person_id, start, end=None, *, born, gender, accommodation, service_type=COMMUNITY, **fields):
    return service(
        person_id,
        start,
        end,
        service_type=service_type,
        date_of_birth=born,
        gender=gender,
        accommodation=accommodation,
        **fields,
    )


def living_at_home_case():
    """Year 1 April 2024 – 31 March 2025. Long-term support active in the year; accommodation is
    the latest known (§6.6), falling back on the setting of the latest service when unknown.

    - A  community, owner occupier, male, born 1950 → 65+, settled.
    - B  residential, registered care home, female, 1940 → 65+, not settled.
    - C  community with home support, accommodation Unknown → "Unknown: Presumed at home",
         settled; female, 1945 → 65+.
    - D  community with day support, Unknown → "Unknown: Presumed in community", not settled;
         male, 1980 → 18 to 64 (unknown accommodation stays in the denominator).
    - E  learning disability, with family (settled), male, 1990 → 18 to 64, and 2E LD.
    - F  learning disability, supported accommodation (settled), female, 1995 → 18 to 64, 2E LD.
    - G  learning disability but 65+, private tenant (settled), gender Other → 65+ and Total only.
    - H  service ended 1 Mar 2024, before the year → not in the cohort.
    - I  died 15 Mar 2024, before the year → dropped.
    - J  died 1 Oct 2024 (service ends then); born 15 Nov 1959 (proxy 1 Nov 1959): age at the
         latest long-term end, 1 Oct 2024, is 23,711 days ÷ 365.25 = 64.9 → 18 to 64 (at the
         year end J would be 65); owner occupier, female, settled.
    - K  born 2010 → under 18, dropped.   L  no date of birth → unknown age, in no group.
    - M  an unpaid carer's row → not a service user.   O  ST-Max only → not long-term support.
    - N  overlapping community and residential rows, owner occupier on both, male, 1948 →
         counted once, 65+, settled.
    - P  two open community rows starting the same day with day support, one "owner occupier",
         one "registered care home": the top-ranked rows disagree → Unknown → fallback "Presumed in
         community" → not settled; female, 1950 → 65+.
    - Q  private tenant on an older row, Unknown on the later open row: known values rank first →
         private tenant, settled; male, 1985 → 18 to 64.
    - R  community support that ends (1 May 2024) before it starts (1 Jun 2024) → dropped.

    18 to 64: D, E, F, J, Q → 4 of 5 = 80.0; male D, E, Q → 2/3 = 66.7; female F, J → 2/2 = 100.0.
    65 and above: A, B, C, G, N, P → 4 of 6 = 66.7; male A, N → 2/2; female B, C, P → 1/3 = 33.3.
    Total (our headline, 18+ of known age): 8 of 11 = 72.7; male 4/5 = 80.0; female 3/5 = 60.0.
    2E LD 18 to 64: E, F → 2/2 = 100.0; male 1/1; female 1/1.
    """
    return [
        person("A", date(2023, 5, 1), born=date(1950, 1, 1), gender="Male", accommodation=OWNER),
        person(
            "B",
            date(2024, 2, 1),
            born=date(1940, 1, 1),
            gender="Female",
            accommodation=CARE_HOME,
            service_type=RESIDENTIAL,
        ),
        person(
            "C",
            date(2024, 6, 1),
            born=date(1945, 1, 1),
            gender="Female",
            accommodation="Unknown",
            service_component=HOME_SUPPORT,
        ),
        person(
            "D",
            date(2024, 6, 1),
            born=date(1980, 1, 1),
            gender="Male",
            accommodation="Unknown",
            service_component="Day support",
        ),
        person(
            "E",
            date(2024, 6, 1),
            born=date(1990, 1, 1),
            gender="Male",
            accommodation="Settled mainstream housing with family or friends",
            psr=LD,
        ),
        person(
            "F",
            date(2024, 6, 1),
            born=date(1995, 1, 1),
            gender="Female",
            accommodation="Supported accommodation, supported lodgings or supported group home",
            psr=LD,
        ),
        person(
            "G",
            date(2024, 6, 1),
            born=date(1955, 1, 1),
            gender="Other",
            accommodation="Tenant: Private landlord",
            psr=LD,
        ),
        person("H", date(2023, 6, 1), date(2024, 3, 1), born=date(1950, 1, 1), gender="Male", accommodation=OWNER),
        person(
            "I",
            date(2023, 6, 1),
            born=date(1950, 1, 1),
            gender="Male",
            accommodation=OWNER,
            date_of_death=date(2024, 3, 15),
        ),
        person(
            "J",
            date(2023, 6, 1),
            date(2024, 10, 1),
            born=date(1959, 11, 15),
            gender="Female",
            accommodation=OWNER,
            date_of_death=date(2024, 10, 1),
        ),
        person("K", date(2024, 6, 1), born=date(2010, 1, 1), gender="Male", accommodation=OWNER),
        person("L", date(2024, 6, 1), born=None, gender="Male", accommodation=OWNER),
        person(
            "M", date(2024, 6, 1), born=date(1950, 1, 1), gender="Male", accommodation=OWNER, client_type="Unpaid carer"
        ),
        person("N", date(2024, 5, 1), born=date(1948, 1, 1), gender="Male", accommodation=OWNER),
        person(
            "N",
            date(2024, 7, 1),
            date(2024, 9, 1),
            born=date(1948, 1, 1),
            gender="Male",
            accommodation=OWNER,
            service_type=RESIDENTIAL,
        ),
        person(
            "O",
            date(2024, 6, 1),
            date(2024, 7, 1),
            born=date(1950, 1, 1),
            gender="Male",
            accommodation=OWNER,
            service_type=ST_MAX,
        ),
        person(
            "P",
            date(2024, 6, 1),
            born=date(1950, 1, 1),
            gender="Female",
            accommodation=OWNER,
            service_component="Day support",
        ),
        person(
            "P",
            date(2024, 6, 1),
            born=date(1950, 1, 1),
            gender="Female",
            accommodation=CARE_HOME,
            service_component="Day support",
        ),
        person(
            "Q",
            date(2023, 1, 1),
            date(2024, 6, 30),
            born=date(1985, 1, 1),
            gender="Male",
            accommodation="Tenant: Private landlord",
        ),
        person("Q", date(2024, 7, 1), born=date(1985, 1, 1), gender="Male", accommodation="Unknown"),
        person("R", date(2024, 6, 1), date(2024, 5, 1), born=date(1950, 1, 1), gender="Male", accommodation=OWNER),
    ]


def test_living_at_home_by_age_band_and_gender():
    """Worked out in living_at_home_case."""
    results = run(living_at_home_case(), measures=["2E"])
    assert results == {
        ("2E", "18 to 64"): (4, 5, 80.0),
        ("2E", "18 to 64 Male"): (2, 3, 66.7),
        ("2E", "18 to 64 Female"): (2, 2, 100.0),
        ("2E", "65 and above"): (4, 6, 66.7),
        ("2E", "65 and above Male"): (2, 2, 100.0),
        ("2E", "65 and above Female"): (1, 3, 33.3),
        ("2E", "Total"): (8, 11, 72.7),
        ("2E", "Male"): (4, 5, 80.0),
        ("2E", "Female"): (3, 5, 60.0),
        ("2E LD", "18 to 64"): (2, 2, 100.0),
        ("2E LD", "18 to 64 Male"): (1, 1, 100.0),
        ("2E LD", "18 to 64 Female"): (1, 1, 100.0),
    }


def test_empty_groups_give_zero_not_an_error():
    """No one in the cohort: every group 0 of 0, outcome 0."""
    results = run([], measures=["2E"])
    assert len(results) == 12
    assert set(results.values()) == {(0, 0, 0.0)}
