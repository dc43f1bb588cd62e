"""ASCOF 3D parts 1a, 2a (clients) and 1b, 2b (carers) — reference §12 — on hand-built events."""

from __future__ import annotations

from datetime import date

from tests.cld.cases import (
    COMMISSIONED,
    COMMUNITY,
    DIRECT_TO_CARER,
    DP,
    INFO_ADVICE,
    INVOLVING_CARED_FOR,
    MANAGED,
    NURSING,
    PRISON,
    event,
    run,
    service,
)

CARER = "Unpaid carer"


def clients_case():
    """Snapshot on 31 March 2025 of long-term support open that day; age at the year end.

    - A  community, direct payment, born 1950 → rank 3, 65+: in 1a and 2a.
    - B  community, managed personal budget, 1980 → rank 4, 18 to 64: in 1a.
    - C  community, commissioned, 1945 → rank 5, 65+: denominator only.
    - D  community, blank mechanism but component "Direct payment" → direct payment, rank 3,
         1985 → 18 to 64: in 1a and 2a.
    - E  community, blank mechanism, home support → rank 6 (unknown), 1950 → denominator only.
    - F  nursing and a community direct payment both open → best rank 1 (nursing) → not community.
    - G  community ended 28 Feb 2025, before the year end → not in the snapshot.
    - H  prison, managed personal budget → rank 7 → not community.
    - I  died 10 Jan 2025 → dropped.   J  born 2008 → under 18, dropped.
    - K  no date of birth, community managed budget → unknown age: Total only, in 1a.
    - L  born 15 Jan 1960: turned 65 during the year, 65 at the year end → 65+; commissioned.
    - M  managed budget ended 31 Dec 2024, commissioned still open → rank 5; 1970 → 18 to 64.

    18 to 64: B, D, M → 1a 2/3 = 66.7, 2a 1/3 = 33.3.
    65 and above: A, C, E, L → 1a 1/4 = 25.0, 2a 1/4 = 25.0.
    Total (with K): 8 → 1a A, B, D, K 4/8 = 50.0; 2a A, D 2/8 = 25.0.
    """
    return [
        service("A", date(2023, 1, 1), service_type=COMMUNITY, delivery_mechanism=DP, date_of_birth=date(1950, 1, 1)),
        service(
            "B", date(2024, 6, 1), service_type=COMMUNITY, delivery_mechanism=MANAGED, date_of_birth=date(1980, 1, 1)
        ),
        service(
            "C",
            date(2024, 6, 1),
            service_type=COMMUNITY,
            delivery_mechanism=COMMISSIONED,
            date_of_birth=date(1945, 1, 1),
        ),
        service("D", date(2024, 6, 1), service_type=COMMUNITY, service_component=DP, date_of_birth=date(1985, 1, 1)),
        service(
            "E",
            date(2024, 6, 1),
            service_type=COMMUNITY,
            service_component="Home support or domiciliary care",
            date_of_birth=date(1950, 1, 1),
        ),
        service("F", date(2024, 6, 1), service_type=NURSING, date_of_birth=date(1940, 1, 1)),
        service("F", date(2024, 1, 1), service_type=COMMUNITY, delivery_mechanism=DP, date_of_birth=date(1940, 1, 1)),
        service(
            "G",
            date(2024, 6, 1),
            date(2025, 2, 28),
            service_type=COMMUNITY,
            delivery_mechanism=DP,
            date_of_birth=date(1950, 1, 1),
        ),
        service("H", date(2024, 6, 1), service_type=PRISON, delivery_mechanism=MANAGED, date_of_birth=date(1990, 1, 1)),
        service(
            "I",
            date(2024, 6, 1),
            date(2025, 1, 10),
            service_type=COMMUNITY,
            delivery_mechanism=DP,
            date_of_birth=date(1950, 1, 1),
            date_of_death=date(2025, 1, 10),
        ),
        service("J", date(2024, 6, 1), service_type=COMMUNITY, delivery_mechanism=DP, date_of_birth=date(2008, 1, 1)),
        service("K", date(2024, 6, 1), service_type=COMMUNITY, delivery_mechanism=MANAGED),
        service(
            "L",
            date(2024, 6, 1),
            service_type=COMMUNITY,
            delivery_mechanism=COMMISSIONED,
            date_of_birth=date(1960, 1, 15),
        ),
        service(
            "M",
            date(2024, 4, 1),
            date(2024, 12, 31),
            service_type=COMMUNITY,
            delivery_mechanism=MANAGED,
            date_of_birth=date(1970, 1, 1),
        ),
        service(
            "M",
            date(2025, 1, 1),
            service_type=COMMUNITY,
            delivery_mechanism=COMMISSIONED,
            date_of_birth=date(1970, 1, 1),
        ),
    ]


def carers_case():
    """Unpaid carers with rows overlapping 1 April 2024 – 31 March 2025; best category per carer;
    age band from the youngest age on any of the carer's rows, at the year end.

    - CA direct to carer, direct payment, 1970 → category 1, 18 to 64: in 1b and 2b.
    - CB direct to carer, managed budget, respite component, 1950 → 2, 65+: in 1b.
    - CC direct to carer, commissioned, sitting service, 1975 → 3, 18 to 64: denominator only.
    - CD direct to carer, managed budget, BLANK component → no category (DHSC's NULL trap,
         replicated) → not counted at all.
    - CE direct to carer, blank mechanism, component "Direct payment" → 1; 1955 → 65+.
    - CF direct to carer, blank mechanism, respite → 4 (unknown mechanism): out of scope.
    - CG assessment, no service, outcome "Progress to support planning" → 6: out.
    - CH carer known by association with an information-and-advice outcome → passes the row
         test but has no category → not counted.
    - CI assessment with information and advice (5) and a commissioned direct service (3) →
         best 3; its rows carry 1940 and 1980 as birth dates → youngest age 45 → 18 to 64.
    - CJ direct payment service ended 15 Mar 2024, before the year → not counted.
    - CK died 1 Feb 2024, before the year → dropped.   CL request, information and advice → 5: out.
    - CM direct payment, no date of birth → Total only: in 1b and 2b.
    - CN support involving the cared-for person → 6: out.
    - CO direct payment to the carer ending (1 May 2024) before it starts (1 Jun 2024) → dropped.

    18 to 64: CA, CC, CI → 1b 1/3 = 33.3, 2b 1/3 = 33.3.
    65 and above: CB, CE → 1b 2/2 = 100.0, 2b 1/2 = 50.0.
    Total (with CM): 6 → 1b CA, CB, CE, CM 4/6 = 66.7; 2b CA, CE, CM 3/6 = 50.0.
    """
    start = date(2024, 6, 1)
    end = date(2024, 9, 30)

    def carer_service(person_id, born, **fields):
        return service(person_id, start, end, client_type=CARER, date_of_birth=born, **fields)

    return [
        carer_service(
            "CA",
            date(1970, 1, 1),
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=DP,
            service_component="Other unpaid carer support",
        ),
        carer_service(
            "CB",
            date(1950, 1, 1),
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=MANAGED,
            service_component="Unpaid carer respite",
        ),
        carer_service(
            "CC",
            date(1975, 1, 1),
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=COMMISSIONED,
            service_component="Unpaid carer sitting service",
        ),
        carer_service(
            "CD", date(1960, 1, 1), service_type=DIRECT_TO_CARER, delivery_mechanism=MANAGED, service_component=None
        ),
        carer_service("CE", date(1955, 1, 1), service_type=DIRECT_TO_CARER, service_component=DP),
        carer_service("CF", date(1970, 1, 1), service_type=DIRECT_TO_CARER, service_component="Unpaid carer respite"),
        event(
            "CG",
            "Assessment",
            start,
            start,
            client_type=CARER,
            event_outcome="Progress to support planning or services",
            date_of_birth=date(1970, 1, 1),
        ),
        event(
            "CH",
            None,
            start,
            start,
            client_type="Unpaid carer known by association",
            event_outcome=INFO_ADVICE,
            date_of_birth=date(1970, 1, 1),
            linked_person_1="P9",
        ),
        event(
            "CI",
            "Assessment",
            start,
            start,
            client_type=CARER,
            event_outcome=INFO_ADVICE,
            date_of_birth=date(1940, 1, 1),
        ),
        carer_service(
            "CI",
            date(1980, 1, 1),
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=COMMISSIONED,
            service_component="Unpaid carer respite",
        ),
        service(
            "CJ",
            date(2023, 6, 1),
            date(2024, 3, 15),
            client_type=CARER,
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=DP,
            date_of_birth=date(1970, 1, 1),
        ),
        service(
            "CK",
            date(2024, 1, 1),
            date(2024, 2, 1),
            client_type=CARER,
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=DP,
            date_of_birth=date(1970, 1, 1),
            date_of_death=date(2024, 2, 1),
        ),
        event(
            "CL", "Request", start, start, client_type=CARER, event_outcome=INFO_ADVICE, date_of_birth=date(1970, 1, 1)
        ),
        carer_service("CM", None, service_type=DIRECT_TO_CARER, delivery_mechanism=DP),
        carer_service("CN", date(1970, 1, 1), service_type=INVOLVING_CARED_FOR, delivery_mechanism=COMMISSIONED),
        service(
            "CO",
            date(2024, 6, 1),
            date(2024, 5, 1),
            client_type=CARER,
            service_type=DIRECT_TO_CARER,
            delivery_mechanism=DP,
            date_of_birth=date(1970, 1, 1),
        ),
    ]


def test_clients_with_self_directed_support_and_direct_payments():
    """Worked out in clients_case."""
    results = run(clients_case(), measures=["3D"])
    assert {k: v for k, v in results.items() if k[0] in {"3D 1a", "3D 2a"}} == {
        ("3D 1a", "18 to 64"): (2, 3, 66.7),
        ("3D 1a", "65 and above"): (1, 4, 25.0),
        ("3D 1a", "Total"): (4, 8, 50.0),
        ("3D 2a", "18 to 64"): (1, 3, 33.3),
        ("3D 2a", "65 and above"): (1, 4, 25.0),
        ("3D 2a", "Total"): (2, 8, 25.0),
    }


def test_carers_with_self_directed_support_and_direct_payments():
    """Worked out in carers_case."""
    results = run(carers_case(), measures=["3D"])
    assert {k: v for k, v in results.items() if k[0] in {"3D 1b", "3D 2b"}} == {
        ("3D 1b", "18 to 64"): (1, 3, 33.3),
        ("3D 1b", "65 and above"): (2, 2, 100.0),
        ("3D 1b", "Total"): (4, 6, 66.7),
        ("3D 2b", "18 to 64"): (1, 3, 33.3),
        ("3D 2b", "65 and above"): (1, 2, 50.0),
        ("3D 2b", "Total"): (3, 6, 50.0),
    }


def test_no_one_gives_zero_outcomes():
    """No rows: every part and group 0 of 0, outcome 0."""
    results = run([], measures=["3D"])
    assert len(results) == 12
    assert set(results.values()) == {(0, 0, 0.0)}
