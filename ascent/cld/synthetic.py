"""Synthetic CLD extracts: believable journeys of people who do not exist.

For demos, tests and benchmarks. Each person's journey is laid out from a random generator of
its own, seeded from the run's seed and the person's number, so a seed always gives the same
people, the same journeys and the same file, and the rows can be written as they are made (a
million-row file needs no more memory than one person's rows).

A journey follows the shape of adult social care (reference §2): a request with its route of
access → an assessment (short or long term) → for some, reablement (ST-Max) and its sequel (no
ongoing support, ongoing low-level support, long-term support at home or in a care home, a
hospital admission) → long-term services (direct payment, managed personal budget or
commissioned support at home; residential and nursing care, with moves between homes) →
reviews about once a year → death, which ends every open service. Some service users have an
unpaid carer who is in the extract too: either with events of their own (assessment, support
direct to the carer) or as a person-only row "known by association", linked to the person they
care for by the Adult 1 Linked Person_ID. The probabilities are the tables below.

What is written follows the extract rules of reference §2: requests, assessments and reviews
that ended in the reporting period; services active at any time in it (open when they had not
ended by its last day); every row repeats the person's latest details.

Nobody here is real. Names are "Synthetic" / "Person NNN"; NHS numbers start with 9, outside
the ranges issued to patients, though they carry a valid check digit; postcodes start with Q,
which no UK postcode area uses; GP practices, providers and their codes are invented.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ascent.documents import tabular

from . import codes

GSS_PATTERN = re.compile(r"^E\d{8}$")
DAY = timedelta(days=1)
EXCEL_MAX_ROWS = 1_048_576
OPEN_OUTCOME = ("Provision of service", "Continuation of support or services")  # (R1, R2)

# ---------------------------------------------------------------------------------------------
# Probability tables (weights need not sum to 1). Values are R2 spellings unless a pair
# (R1 value, R2 value) is given, where the releases differ in more than spelling.
# ---------------------------------------------------------------------------------------------

SHARE_EXISTING = 0.35  # already in long-term support before the journeys' window opens
SHARE_TURNING_65 = 0.02  # service users whose 65th birthday falls inside the reporting period
SHARE_INDEPENDENT_CARER = 0.05  # carers whose cared-for person is not a service user here
SHARE_CARER_IN_EXTRACT = 0.35  # of service users with an unpaid carer, the carer is in the extract
SHARE_CARER_KNOWN_BY_ASSOCIATION = 0.55  # of those carers, known only by association

AGE_BANDS = {
    (18, 24): 4,
    (25, 44): 8,
    (45, 62): 15,
    (63, 64): 3,
    (65, 74): 15,
    (75, 84): 28,
    (85, 94): 22,
    (95, 100): 5,
}
GENDER = {"Female": 58, "Male": 41, "Other": 0.5, "Unknown": 0.5}
ETHNICITY = {
    "White: English, Welsh, Scottish, Northern Irish or British": 70,
    "White: Irish": 2,
    "White: Gypsy or Irish Traveller": 0.3,
    "White: Roma": 0.2,
    "White: Any other White background": 5,
    "Mixed or multiple ethnic groups: White and Black Caribbean": 0.8,
    "Mixed or multiple ethnic groups: White and Black African": 0.4,
    "Mixed or multiple ethnic groups: White and Asian": 0.5,
    "Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background": 0.5,
    "Asian or Asian British: Indian": 4,
    "Asian or Asian British: Pakistani": 2,
    "Asian or Asian British: Bangladeshi": 0.8,
    "Asian or Asian British: Chinese": 0.5,
    "Asian or Asian British: Any other Asian background": 1.5,
    "Black, Black British, Caribbean or African: African": 2,
    "Black, Black British, Caribbean or African: Caribbean": 2,
    "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background": 0.5,
    "Other ethnic group: Arab": 0.4,
    "Other ethnic group: Any other ethnic group": 1,
    "No data: Refused": 1,
    "No data: Undeclared or not known": 4,
}
PSR_UNDER_65 = {
    "Learning disability support": 30,
    "Mental health support": 20,
    "Physical support: Personal care support": 28,
    "Physical support: Access and mobility only": 5,
    "Sensory support: Support for visual impairment": 1.5,
    "Sensory support: Support for hearing impairment": 1,
    "Sensory support: Support for dual impairment": 0.5,
    "Social support: Substance misuse support": 4,
    "Social support: Asylum seeker support": 1,
    "Social support: Support for social isolation or other reason": 5,
    "Support with memory and cognition": 2,
}
PSR_65_AND_OVER = {
    "Physical support: Personal care support": 58,
    "Physical support: Access and mobility only": 8,
    "Support with memory and cognition": 20,
    "Mental health support": 5,
    "Sensory support: Support for visual impairment": 2,
    "Sensory support: Support for hearing impairment": 1.5,
    "Sensory support: Support for dual impairment": 0.5,
    "Social support: Support for social isolation or other reason": 3,
    "Learning disability support": 2,
}
ACCOMMODATION_AT_HOME = {
    "Owner occupier or shared ownership scheme": 45,
    "Tenant: Local authority or other social housing provider": 20,
    "Tenant: Private landlord": 8,
    "Settled mainstream housing with family or friends": 12,
    "Supported accommodation, supported lodgings or supported group home": 4,
    "Sheltered housing, extra care housing or other sheltered housing": 6,
    "Staying with family or friends as a short term guest": 1,
    "Placed in temporary accommodation by the council (inc. homelessness resettlement)": 0.5,
    "Rough sleeper or squatting": 0.3,
    "Other temporary accommodation": 0.5,
    "Unknown": 3,
}
EMPLOYMENT_UNDER_65 = {
    "Paid: Less than 16 hours a week": 6,
    "Paid: 16 or more hours a week": 4,
    "Paid: Hours per week unknown": 1,
    "Not in paid employment: Seeking work": 8,
    "Not in paid employment: Not actively seeking work or retired": 60,
    "Not in paid employment: Voluntary work only": 6,
    "Unknown": 15,
}
HAS_UNPAID_CARER = {"Yes": 40, "No": 45, "Unknown": 15}
FUNDING_AT_HOME = {"Joint client and social care funded": 55, "Fully social care funded": 40, "Fully client funded": 5}
FUNDING_CARE_HOME = {
    "Joint client and social care funded": 75,
    "Fully social care funded": 22,
    "Fully client funded": 3,
}

ROUTE_OF_ACCESS = {
    "Community / Other route": 58,
    "Discharge from Hospital": 25,
    "Diversion from Hospital Services": 5,
    "Self-Funder": 4,
    "Transfer from Other LA": 3,
    "Discharge from Reablement": 2,
    "Prison": 0.5,
}
REQUEST_NEXT = {"assessment": 45, "st_max": 18, "info": 27, "nfa": 10}
REQUEST_NEXT_FROM_HOSPITAL = {"assessment": 35, "st_max": 50, "info": 8, "nfa": 7}
REQUEST_NFA = (
    "NFA - Support declined",
    "NFA - No services offered: Other reason",
    "NFA - Self-funded client (Inc. 12wk disregard)",
    "NFA - 100% NHS funded care",
    "NFA- Other",
)
ASSESSMENT_TYPE = {"Long term assessment": 75, "Short term assessment": 25}
METHOD = {"Service user only": 45, "Service user and carer": 50, "Carer only": 5}
SETTING_AFTER_ASSESSMENT = {"community": 88, "residential": 8, "nursing": 4}
SETTING_OF_EXISTING = {"community": 80, "residential": 13, "nursing": 7}
SHARE_SHORT_STAY_FIRST = 0.08  # of people going on to services: a short stay in a care home first
ASSESSMENT_NEXT = {"services": 52, "st_max": 14, "info": 14, "self_funded": 5, "declined": 5, "none": 10}
SHARE_FINANCIAL_ASSESSMENT = 0.5  # of people going on to long-term services
ST_MAX_SEQUEL = {
    "none": 48,
    "low_level": 14,
    "community": 20,
    "care_home": 5,
    "hospital": 6,
    "declined": 3,
    "other_la": 1,
}
SHARE_ST_MAX_SPLIT = 0.1  # an ST-Max episode sent as two rows a few days apart
SHARE_ST_MAX_REVIEWED = 0.05  # a review of short-term support at the end of reablement
SHARE_BACK_FROM_HOSPITAL = 0.5  # a new request (route Discharge from Hospital) after an admission
NURSING_OF_CARE_HOME = 0.35
COMMUNITY_MECHANISM = {"Direct payment": 27, "CASSR managed personal budget": 50, "CASSR commissioned support": 23}
COMMUNITY_COMPONENT = {
    "Home support or domiciliary care": 62,
    "Day support": 12,
    "Community supported living": 6,
    "Extra care housing": 5,
    "Shared Lives": 2,
    "Meals": 4,
    "Other long term support": 9,
}
LOW_LEVEL_COMPONENT = {"Equipment": 60, "Other short term support": 25, "Professional support: Other": 15}
# How a long-term service ends, when death does not end it first; mean lengths in days.
COMMUNITY_ENDS = {"care_home": 15, "planned": 35, "self_funded": 5, "other_la": 4, "declined": 4, "other": 7}
CARE_HOME_ENDS = {"move_home": 10, "to_nursing": 8, "disregard": 5, "other_la": 2}
COMMUNITY_MEAN_DAYS = 900
CARE_HOME_MEAN_DAYS = 1100
SHARE_PACKAGE_SPLIT = 0.12  # a second row of the same package (double-up care, day support alongside)
SHARE_PACKAGE_RENEWED = 0.1  # a service row ended and a contiguous new row begun (a change of rate)
SHARE_COMMISSIONED_COSTED = 0.5  # commissioned services that still carry their planned cost
REVIEW_NEXT = {
    ("No change in package", "Continuation of support or services"): 72,
    "Progress to Support Planning / Services": 22,
    ("Progress to Re-assessment / Unplanned Review", "Progress to assessment, review or reassessment"): 6,
}
REVIEW_ACHIEVED = {"Fully Met": 55, "Partially Met": 35, "Not Met": 10}
SHARE_UNPLANNED_REVIEW = 0.15  # per year of long-term support
# Yearly chance of dying, by age at the start of the journeys' window and in a care home.
DEATH_RATE = {18: 0.01, 65: 0.04, 75: 0.08, 85: 0.18}
DEATH_RATE_CARE_HOME = 0.3
CARER_NEXT = {"services": 60, "info": 40}
CARER_SERVICE = {
    ("Unpaid carer support: Direct to unpaid carer", "Direct payment", "Direct payment"): 50,
    ("Unpaid carer support: Direct to unpaid carer", "CASSR commissioned support", "Unpaid carer respite"): 15,
    ("Unpaid carer support: Direct to unpaid carer", "CASSR commissioned support", "Other unpaid carer support"): 15,
    ("Unpaid carer support: Direct to unpaid carer", "CASSR commissioned support", "Unpaid carer sitting service"): 8,
    (
        "Unpaid carer support: Support involving the person cared-for",
        "CASSR commissioned support",
        "Unpaid carer respite",
    ): 12,
}
# Planned cost: (frequency, unit cost range in pounds, planned units per week range or None).
COSTS = {
    "Home support or domiciliary care": ("Hourly", (18.0, 26.0), (3.5, 35.0)),
    "Day support": ("Daily", (45.0, 75.0), (1.0, 5.0)),
    "Community supported living": ("Hourly", (19.0, 24.0), (20.0, 80.0)),
    "Extra care housing": ("Hourly", (18.0, 24.0), (3.0, 20.0)),
    "Shared Lives": ("Weekly", (350.0, 600.0), None),
    "Meals": ("Per session", (4.0, 7.0), (5.0, 7.0)),
    "Other long term support": ("Weekly", (80.0, 300.0), None),
    "Direct payment": ("Weekly", (120.0, 650.0), None),
    "Long term residential care": ("Weekly", (750.0, 1250.0), None),
    "Long term nursing care": ("Weekly", (950.0, 1500.0), None),
    "Short term residential care": ("Weekly", (700.0, 1100.0), None),
    "Short term nursing care": ("Weekly", (900.0, 1400.0), None),
    "Reablement": ("Hourly", (25.0, 35.0), (5.0, 20.0)),
    "Equipment": ("One-off", (40.0, 400.0), None),
    "Other short term support": ("Weekly", (50.0, 200.0), None),
    "Professional support: Other": ("Per session", (40.0, 90.0), (1.0, 2.0)),
    "Unpaid carer respite": ("Daily", (90.0, 160.0), (1.0, 3.0)),
    "Other unpaid carer support": ("Annually", (150.0, 600.0), None),
    "Unpaid carer sitting service": ("Hourly", (17.0, 22.0), (2.0, 6.0)),
}
CARER_DIRECT_PAYMENT_COST = ("One-off", (150.0, 600.0), None)

# Values used to spoil rows at --error-rate: not in their list, as a careless system might write.
NOT_IN_LIST = {
    "gender": "M",
    "ethnicity": "White British",
    "client_type": "Client",
    "primary_support_reason": "Frailty",
    "accommodation_status": "Own home",
    "employment_status": "Retired",
    "has_unpaid_carer": "Y",
    "client_funding_status": "Council funded",
    "event_type": "Contact",
    "event_outcome": "Closed",
    "request_route_of_access": "Hospital",
    "assessment_type": "Care Act assessment",
    "method_of_assessment": "Face to face",
    "service_type": "Long term support: Home care",
    "service_component": "Home care",
    "delivery_mechanism": "Personal budget",
    "review_reason": "Annual",
    "review_outcomes_achieved": "Met",
    "method_of_review": "Telephone",
    "cost_frequency_unit_type": "Per hour",
}
BLANKABLE = ("nhs_number", "gender", "ethnicity", "date_of_birth", "postcode", "client_type", "accommodation_status")
BAD_DATES = ("31/02/2024", "2024-13-01", "not known", "00/00/0000")
ERROR_KINDS = ("blank", "not_in_list", "case_or_space", "end_before_start", "bad_date")


@dataclasses.dataclass(frozen=True)
class Options:
    gss_code: str
    people: int
    years: int = 1
    seed: int = 0
    release: str = "R2"
    error_rate: float = 0.0
    duplicate_rate: float = 0.0
    end: date | None = None  # last day of the reporting period; default: the last quarter end before today
    world_start: date | None = None  # journeys are laid out from here (default: a year before the period)
    world_end: date | None = None  # ... to here (default: the period's end)


@dataclasses.dataclass
class Summary:
    path: Path
    rows: int = 0
    people: int = 0
    period_start: date | None = None
    period_end: date | None = None
    la_code: str = ""


def check_gss_code(gss_code: str) -> str:
    """The code upper-cased, or ValueError unless it looks like an English GSS code (E + 8 digits)."""
    code = gss_code.strip().upper()
    if not GSS_PATTERN.match(code):
        raise ValueError(f"{gss_code!r} is not an English GSS code (E followed by eight digits, such as E09000015)")
    return code


def la_code_for(gss_code: str) -> str:
    """A numeric stand-in for the council's CASSR code, derived from its GSS code.

    The real CASSR codes are a separate list (reference §3.1) we do not hold, so a synthetic file
    carries the GSS code's type digits and its last three digits: E09000015 → 9015,
    E06000019 → 6019. The same GSS code always gives the same LA Code.
    """
    code = check_gss_code(gss_code)
    return str(int(code[1:3]) * 1000 + int(code[-3:]))


def last_quarter_end_before(day: date) -> date:
    """The latest 31 March, 30 June, 30 September or 31 December strictly before ``day``."""
    quarter_ends = [date(day.year - 1, 12, 31)] + [
        date(day.year, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
    ]
    return max(q for q in quarter_ends if q < day)


def reporting_period(years: int, end: date) -> tuple[date, date]:
    """The ``years`` whole years ending on ``end``."""
    start = _add_years(end + DAY, -years)
    return start, end


def nhs_number(index: int, role: int) -> str:
    """A ten-digit NHS number with a valid check digit, unique for (index, role).

    Digits: 9, the person's number in seven digits, then a digit whose parity is the role (0 for a
    service user, 1 for a carer), moved up by 2 if the check digit would come out as 10.
    """
    for extra in range(role, 10, 2):
        digits = f"9{index:07d}{extra}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return digits + str(check)
    raise AssertionError("unreachable: at most one of five digits gives a check digit of 10")


def nhs_number_is_valid(number: str) -> bool:
    if not re.fullmatch(r"\d{10}", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(number[9])


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


_CUMULATIVE: dict[int, tuple[list, list[float], dict]] = {}


def _pick(rng: random.Random, table: dict):
    """A key of ``table``, chosen with its value as weight."""
    found = _CUMULATIVE.get(id(table))
    if found is None or found[2] is not table:
        if len(_CUMULATIVE) > 256:  # the tables are module constants; never let a stray one pile up
            _CUMULATIVE.clear()
        keys, total, cumulative = list(table), 0.0, []
        for weight in table.values():
            total += weight
            cumulative.append(total)
        found = _CUMULATIVE[id(table)] = (keys, cumulative, table)
    keys, cumulative, _ = found
    return keys[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


@functools.lru_cache(maxsize=8192)
def _uk_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


# ---------------------------------------------------------------------------------------------
# One person's journey
# ---------------------------------------------------------------------------------------------


class _Journey:
    """Lays out one person's events (R2 values, or (R1, R2) pairs; dates as dates)."""

    def __init__(self, rng: random.Random, world_start: date, world_end: date):
        self.rng = rng
        self.world_start = world_start
        self.world_end = world_end
        self.events: list[dict] = []
        self.death: date | None = None
        self.setting = "home"  # "home", "residential" or "nursing": where they live at the end
        self.component_home = None  # a community component that says where they live
        self.funding = None
        self.ended = False  # death reached: the journey goes no further

    # -- adding events, cut short by death ------------------------------------------------------
    def add(self, event_type: str, start: date, end: date | None, outcome, **fields) -> dict | None:
        """Record an event, unless it would start after death or the journeys' window.

        An event that runs past death ends on the day of death, and the journey ends with it.
        """
        if start > self.world_end:
            return None
        if self.death is not None:
            if start > self.death:
                self.ended = True
                return None
            if end is None or end > self.death:
                end, outcome = self.death, ("NFA - Deceased", "NFA: Deceased")
                self.ended = True
        if end is not None and event_type == "Service" and end > self.world_end:
            end = None
        if end is None and event_type == "Service":
            outcome = OPEN_OUTCOME
        event = {"event_type": event_type, "event_start_date": start, "event_end_date": end, "event_outcome": outcome}
        event.update(fields)
        self.events.append(event)
        return event

    def mortality(self, age: int, start: date) -> None:
        rate = next(r for floor, r in sorted(DEATH_RATE.items(), reverse=True) if age >= floor)
        self._maybe_die(rate, start)

    def _maybe_die(self, yearly_rate: float, start: date) -> None:
        days = int(self.rng.expovariate(yearly_rate / 365.25)) + 1
        candidate = start + timedelta(days=days)
        if self.death is None or candidate < self.death:
            self.death = candidate

    # -- service users --------------------------------------------------------------------------
    def front_door(self, day: date, route: str | None = None, depth: int = 0) -> None:
        rng = self.rng
        route = route or _pick(rng, ROUTE_OF_ACCESS)
        table = REQUEST_NEXT_FROM_HOSPITAL if route == "Discharge from Hospital" else REQUEST_NEXT
        nxt = _pick(rng, table)
        outcome = {
            "assessment": "Progress to Assessment",
            "st_max": "Progress to Reablement/ST-Max",
            "info": "NFA - Information & Advice / Signposting only",
            "nfa": rng.choice(REQUEST_NFA),
        }[nxt]
        end = day + _days(rng, 0, 10)
        conversation = rng.random() < 0.1
        request = self.add(
            "Request",
            day,
            end,
            outcome,
            request_route_of_access=route,
            event_description="Initial conversation" if conversation else "Contact",
        )
        if request is None or self.ended:
            return
        if nxt == "assessment":
            self.assessment(end + _days(rng, 0, 28), depth)
        elif nxt == "st_max":
            self.st_max(end + _days(rng, 0, 5), depth)

    def assessment(self, day: date, depth: int) -> None:
        rng = self.rng
        nxt = _pick(rng, ASSESSMENT_NEXT)
        outcome = {
            "services": "Progress to Support Planning / Services",
            "st_max": "Progress to Reablement/ST-Max",
            "info": "NFA - Information & Advice / Signposting only",
            "self_funded": "NFA - Self-funded client (Inc. 12wk disregard)",
            "declined": "NFA - Support declined",
            "none": "NFA - No services offered: Other reason",
        }[nxt]
        if nxt == "none" and rng.random() < 0.3:  # new in Release 2
            outcome = (outcome, "NFA: Referral to other service within the local authority")
        financial = nxt == "services" and rng.random() < SHARE_FINANCIAL_ASSESSMENT
        if financial and rng.random() < 0.3:  # gone from Release 2
            outcome = ("Progress to financial assessment", "Progress to support planning or services")
        kind = _pick(rng, ASSESSMENT_TYPE)
        end = day + _days(rng, 0, 21)
        event = self.add(
            "Assessment",
            day,
            end,
            outcome,
            assessment_type=kind,
            method_of_assessment=_pick(rng, METHOD),
            event_description="Care Act assessment"
            if kind == "Long term assessment"
            else "Occupational therapy assessment",
        )
        if event is None or self.ended:
            return
        if nxt == "st_max":
            self.st_max(end + _days(rng, 0, 7), depth)
        elif nxt == "services":
            start = end + _days(rng, 1, 21)
            if financial:
                self.add(
                    "Assessment",
                    end + _days(rng, 0, 7),
                    end + _days(rng, 8, 28),
                    None,
                    assessment_type="Financial assessment",
                    event_description="Financial assessment",
                )
            if rng.random() < SHARE_SHORT_STAY_FIRST:
                start = self.short_stay(start)
                if start is None:
                    return
            self.long_term(start, _pick(rng, SETTING_AFTER_ASSESSMENT))

    def short_stay(self, day: date) -> date | None:
        """A short stay in a care home (other short-term support); the day after it, or None."""
        rng = self.rng
        nursing = rng.random() < 0.3
        component = "Short term nursing care" if nursing else "Short term residential care"
        fields = {
            "service_type": "Short term support: Other short term",
            "service_component": component,
            "delivery_mechanism": "CASSR commissioned support",
            "event_description": "Short stay",
            **self._provider(rng, "home"),
        }
        self._cost(fields, component, commissioned=True)
        end = day + _days(rng, 7, 42)
        event = self.add("Service", day, end, "Progress to Support Planning / Services", **fields)
        if event is None or self.ended or event["event_end_date"] is None:
            return None
        return end + DAY

    def st_max(self, day: date, depth: int) -> None:
        rng = self.rng
        sequel = _pick(rng, ST_MAX_SEQUEL)
        end = day + _days(rng, 10, 42)
        outcome = {
            "none": "Service ended as planned",
            "low_level": "Progress to Support Planning / Services",
            "community": "Progress to Support Planning / Services",
            "care_home": "Progress to Support Planning / Services",
            "hospital": "Admitted to hospital",
            "declined": "NFA - Support declined",
            "other_la": "NFA - Moved to another LA",
        }[sequel]
        fields = {
            "service_type": "Short term support: ST-Max",
            "service_component": "Reablement",
            "delivery_mechanism": "CASSR commissioned support",
            "event_description": "Reablement",
            **self._provider(rng, "agency"),
        }
        self._cost(fields, "Reablement", commissioned=True)
        if rng.random() < SHARE_ST_MAX_SPLIT:  # the same episode sent as two rows, a short gap between
            middle = day + (end - day) // 2
            self.add("Service", day, middle, "Progress to Reablement/ST-Max", **fields)
            day = middle + _days(rng, 1, 3)
            if day >= end:
                end = day + _days(rng, 3, 10)
        event = self.add("Service", day, end, outcome, **fields)
        if event is None or self.ended or event["event_end_date"] is None:
            return
        if rng.random() < SHARE_ST_MAX_REVIEWED:
            self.review(end + _days(rng, 0, 3), ("Unplanned", "Review of short term support"), None)
        after = end + _days(rng, 0, 5)
        if sequel == "low_level":
            component = _pick(rng, LOW_LEVEL_COMPONENT)
            low = {
                "service_type": "Short term support: Ongoing low level",
                "service_component": component,
                "delivery_mechanism": "CASSR commissioned support",
                "event_description": "Ongoing low level support",
            }
            self._cost(low, component, commissioned=True)
            length = 0 if component == "Equipment" else rng.randint(30, 240)
            self.add("Service", after, after + timedelta(days=length), "Service ended as planned", **low)
        elif sequel == "community":
            self.long_term(after, "community")
        elif sequel == "care_home":
            self.long_term(after, "nursing" if rng.random() < NURSING_OF_CARE_HOME else "residential")
        elif sequel == "hospital" and depth < 2 and rng.random() < SHARE_BACK_FROM_HOSPITAL:
            self.front_door(end + _days(rng, 7, 40), "Discharge from Hospital", depth + 1)

    def long_term(self, start: date, setting: str) -> None:
        """Long-term support from ``start``, in the community or a care home, until it ends."""
        review_from = start
        while not self.ended and start <= self.world_end:
            if setting == "community":
                setting, start = self._community(start)
            else:
                setting, start = self._care_home(start, setting)
            if setting is None:
                break
        self._reviews(review_from, self._last_long_term_end())

    def _community(self, start: date):
        rng = self.rng
        mechanism = _pick(rng, COMMUNITY_MECHANISM)
        component = "Direct payment" if mechanism == "Direct payment" else _pick(rng, COMMUNITY_COMPONENT)
        self.setting = "home"
        self.funding = self.funding or _pick(rng, FUNDING_AT_HOME)
        if component in ("Shared Lives", "Extra care housing", "Community supported living"):
            self.component_home = component
        how = _pick(rng, COMMUNITY_ENDS)
        end = start + timedelta(days=int(rng.expovariate(1 / COMMUNITY_MEAN_DAYS)) + 14)
        outcome = {
            "care_home": "Progress to Support Planning / Services",
            "planned": "Service ended as planned",
            "self_funded": "NFA - Self-funded client (Inc. 12wk disregard)",
            "other_la": "NFA - Moved to another LA",
            "declined": "NFA - Support declined",
            "other": "NFA - Support ended: Other reason",
        }[how]
        fields = {
            "service_type": "Long term support: Community",
            "service_component": component,
            "delivery_mechanism": mechanism,
            "event_description": "Direct payment" if mechanism == "Direct payment" else component,
        }
        if mechanism == "CASSR commissioned support" and component != "Other long term support":
            fields.update(self._provider(rng, "agency"))
        self._cost(fields, component, commissioned=mechanism == "CASSR commissioned support")
        self._service_rows(start, end, outcome, fields)
        if self.ended or end > self.world_end:
            return None, None
        if how == "care_home":
            return ("nursing" if rng.random() < NURSING_OF_CARE_HOME else "residential"), end + _days(rng, 0, 3)
        return None, None

    def _care_home(self, start: date, setting: str):
        rng = self.rng
        self.setting = setting
        self.funding = _pick(rng, FUNDING_CARE_HOME)
        self._maybe_die(DEATH_RATE_CARE_HOME, start)
        how = _pick(rng, CARE_HOME_ENDS)
        if how == "disregard":  # became a self-funder after the 12-week property disregard
            end = start + timedelta(days=83)
        else:
            end = start + timedelta(days=int(rng.expovariate(1 / CARE_HOME_MEAN_DAYS)) + 28)
        outcome = {
            "move_home": "NFA - Support ended: Other reason",
            "to_nursing": "Progress to Support Planning / Services",
            "disregard": "NFA - Self-funded client (Inc. 12wk disregard)",
            "other_la": "NFA - Moved to another LA",
        }[how]
        component = "Long term nursing care" if setting == "nursing" else "Long term residential care"
        fields = {
            "service_type": "Long term support: Nursing care"
            if setting == "nursing"
            else "Long term support: Residential care",
            "service_component": component,
            "delivery_mechanism": "CASSR commissioned support",
            "event_description": "Nursing placement" if setting == "nursing" else "Residential placement",
            **self._provider(rng, "home"),
        }
        self._cost(fields, component, commissioned=True)
        self._service_rows(start, end, outcome, fields, split=False)
        if self.ended or end > self.world_end:
            return None, None
        if how == "move_home":
            return setting, end + DAY
        if how == "to_nursing":
            return "nursing", end + DAY
        if how in ("disregard", "other_la"):
            self.setting = "home"  # left the council's books; where they live is not known
        return None, None

    def _service_rows(self, start, end, outcome, fields, *, split=True) -> None:
        """One service as one row, or split: two rows side by side, or one row renewed midway."""
        rng = self.rng
        if split and rng.random() < SHARE_PACKAGE_SPLIT:
            second = dict(fields)
            if fields["service_component"] == "Home support or domiciliary care":
                second["event_description"] = "Home care (second carer)"
            elif fields["service_component"] == "Direct payment":
                second["event_description"] = "Direct payment (second account)"
            else:
                second["service_component"] = "Day support"
                second["event_description"] = "Day support"
                self._cost(
                    second, "Day support", commissioned=second["delivery_mechanism"] == "CASSR commissioned support"
                )
            self.add("Service", start, end, outcome, **second)
        if rng.random() < SHARE_PACKAGE_RENEWED and end - start > timedelta(days=60):
            middle = start + (end - start) // 2
            renewed = dict(fields)
            if renewed.get("unit_cost"):
                renewed["unit_cost"] = f"{float(renewed['unit_cost']) * 1.05:.2f}"
            if (
                self.add("Service", start, middle, "Progress to Support Planning / Services", **fields) is None
                or self.ended
            ):
                return
            self.add("Service", middle + DAY, end, outcome, **renewed)
        else:
            self.add("Service", start, end, outcome, **fields)

    def _last_long_term_end(self) -> date | None:
        ends = [
            e["event_end_date"]
            for e in self.events
            if e["event_type"] == "Service" and e["service_type"].startswith("Long term")
        ]
        return None if any(end is None for end in ends) else max(ends, default=None)

    def _reviews(self, start: date, until: date | None) -> None:
        rng = self.rng
        last = until or self.world_end
        day = start + _days(rng, 42, 120)  # the first review, some weeks after support starts
        while day < last and not self.ended:
            if rng.random() < SHARE_UNPLANNED_REVIEW:
                unplanned = day - _days(rng, 30, 200)
                if unplanned > start:
                    self.review(unplanned, "Unplanned", None)
            self.review(day, "Planned", _pick(rng, REVIEW_ACHIEVED))
            day += _days(rng, 300, 400)

    def review(self, day: date, reason, achieved, method: str | None = None) -> None:
        rng = self.rng
        if achieved is None and rng.random() < 0.5:
            achieved = _pick(rng, REVIEW_ACHIEVED)
        self.add(
            "Review",
            day,
            day + _days(rng, 0, 14),
            _pick(rng, REVIEW_NEXT),
            review_reason=reason,
            review_outcomes_achieved=achieved,
            method_of_review=method or _pick(rng, METHOD),
            event_description="Review",
        )

    # -- carers ---------------------------------------------------------------------------------
    def carer(self, day: date) -> None:
        rng = self.rng
        assessed = _pick(rng, CARER_NEXT)
        self.add(
            "Request",
            day,
            day + _days(rng, 0, 7),
            "Progress to Assessment",
            request_route_of_access="Community / Other route",
            event_description="Carer contact",
        )
        start = day + _days(rng, 7, 35)
        end = start + _days(rng, 0, 14)
        outcome = (
            "Progress to Support Planning / Services"
            if assessed == "services"
            else "NFA - Information & Advice / Signposting only"
        )
        if (
            self.add(
                "Assessment",
                start,
                end,
                outcome,
                assessment_type="Long term assessment",
                method_of_assessment="Carer only",
                event_description="Carer's assessment",
            )
            is None
            or assessed != "services"
            or self.ended
        ):
            return
        service_type, mechanism, component = _pick(rng, CARER_SERVICE)
        fields = {
            "service_type": service_type,
            "service_component": component,
            "delivery_mechanism": mechanism,
            "event_description": "Carer's direct payment" if mechanism == "Direct payment" else "Support for carer",
        }
        if mechanism == "Direct payment":
            self._fill_cost(fields, CARER_DIRECT_PAYMENT_COST)
            first = end + _days(rng, 3, 21)
            yearly = first
            while yearly <= self.world_end and not self.ended:  # a one-off payment each year
                self.add("Service", yearly, yearly, "Service ended as planned", **fields)
                yearly = _add_years(yearly, 1)
            review_from = first
        else:
            self._cost(fields, component, commissioned=True)
            first = end + _days(rng, 7, 28)
            last = first + timedelta(days=int(rng.expovariate(1 / 500)) + 7)
            self.add("Service", first, last, "Service ended as planned", **fields)
            review_from = first
        day = _add_years(review_from, 1)
        while day < self.world_end and not self.ended:
            self.review(day, "Planned", _pick(rng, REVIEW_ACHIEVED), "Carer only")
            day = _add_years(day, 1) + _days(rng, -20, 20)

    # -- costs and providers --------------------------------------------------------------------
    def _cost(self, fields: dict, component: str, *, commissioned: bool) -> None:
        if component not in COSTS or (commissioned and self.rng.random() >= SHARE_COMMISSIONED_COSTED):
            for key in ("unit_cost", "cost_frequency_unit_type", "planned_units_per_week"):
                fields.pop(key, None)
            return
        self._fill_cost(fields, COSTS[component])

    def _fill_cost(self, fields: dict, cost) -> None:
        frequency, (low, high), units = cost
        fields["unit_cost"] = f"{self.rng.uniform(low, high):.2f}"
        fields["cost_frequency_unit_type"] = frequency
        if units:
            fields["planned_units_per_week"] = f"{round(self.rng.uniform(*units) * 4) / 4:.2f}"
        else:
            fields.pop("planned_units_per_week", None)

    @staticmethod
    def _provider(rng: random.Random, kind: str) -> dict:
        n = rng.randint(1, 40 if kind == "home" else 25)
        name = f"Synthetic Care Home {n}" if kind == "home" else f"Synthetic Home Care Agency {n}"
        number = 1_000_000_000 + n * 7919 + (500_000 if kind == "home" else 0)
        return {"provider_cqc_location_name": name, "provider_cqc_location_id": f"1-{number}"}


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class Generator:
    """Rows of a synthetic extract, person by person (see :func:`write`)."""

    def __init__(self, options: Options):
        self.options = options
        self.gss_code = check_gss_code(options.gss_code)
        self.la_code = la_code_for(self.gss_code)
        if options.release not in ("R1", "R2"):
            raise ValueError("The release must be R1 or R2")
        if options.people < 1 or options.years < 1:
            raise ValueError("Give at least one person and one year")
        if options.people > 9_999_999:
            raise ValueError("At most 9,999,999 people (NHS numbers are numbered by person)")
        for name in ("error_rate", "duplicate_rate"):
            if not 0 <= getattr(options, name) <= 1:
                raise ValueError(f"--{name.replace('_', '-')} must be between 0 and 1")
        self.period_start, self.period_end = reporting_period(
            options.years, options.end or last_quarter_end_before(datetime.now(tz=UTC).date())
        )
        self.world_start = options.world_start or _add_years(self.period_start, -1)
        self.world_end = options.world_end or self.period_end
        if self.world_end < self.world_start:
            raise ValueError("The journeys' window ends before it starts")
        self.r1 = options.release == "R1"
        self._to_r1 = {
            name: {r2: r1 for r1, r2 in reversed(list(cl.r1_to_r2.items()))} for name, cl in codes.CODE_LISTS.items()
        }
        self._at = {column: i for i, column in enumerate(codes.COLUMNS)}
        self._r2_values = {name: frozenset(cl.r2) for name, cl in codes.CODE_LISTS.items()}
        self.people_written = 0

    def rows(self) -> Iterator[list[str]]:
        """Every data row, in the order of :data:`codes.COLUMNS` (no header)."""
        for index in range(1, self.options.people + 1):
            # Seeded, repeatable randomness is the point here (nothing secret is made).
            rng = random.Random(f"{self.options.seed}:{index}")  # noqa: S311
            noise = random.Random(f"{self.options.seed}:{index}:noise")  # noqa: S311
            for row in self._household(index, rng):
                yield from self._spoil(row, noise)

    # -- people ---------------------------------------------------------------------------------
    def _household(self, index: int, rng: random.Random) -> Iterator[list[str]]:
        """A service user and, sometimes, their carer; or a carer on their own."""
        if rng.random() < SHARE_INDEPENDENT_CARER:
            yield from self._counted(self._carer_rows(index, rng, cared_for=None))
            return
        person, journey = self._service_user(index, rng)
        written = yield from self._counted(self._rows(person, journey))
        if written and person["has_unpaid_carer"] == "Yes" and rng.random() < SHARE_CARER_IN_EXTRACT:
            yield from self._counted(self._carer_rows(index, rng, cared_for=person))

    def _counted(self, rows: Iterator[list[str]]):
        """Pass rows on, counting the person if they have any; returns whether they had."""
        written = False
        for row in rows:
            written = True
            yield row
        self.people_written += written
        return written

    def _service_user(self, index: int, rng: random.Random) -> tuple[dict, _Journey]:
        journey = _Journey(rng, self.world_start, self.world_end)
        existing = rng.random() < SHARE_EXISTING
        if existing:
            first = self.world_start - _days(rng, 30, 6 * 365)
        else:
            first = self.world_start + _days(rng, 0, (self.world_end - self.world_start).days)
        low, high = _pick(rng, AGE_BANDS)
        birth = _add_years(first, -rng.randint(low, high)) - _days(rng, 0, 364)
        if rng.random() < SHARE_TURNING_65:
            birth = _add_years(self.period_start + _days(rng, 0, (self.period_end - self.period_start).days), -65)
            if _add_years(birth, 18) > first:
                first = _add_years(birth, 18) + _days(rng, 0, 365)
        oldest = _add_years(self.period_end, -100) + _days(rng, 1, 364)
        birth = max(birth, oldest)  # nobody older than 100 by the period's end
        age = (self.world_start - birth).days // 365
        journey.mortality(max(age, 18), first)
        if existing:
            journey.long_term(first, _pick(rng, SETTING_OF_EXISTING))
        else:
            journey.front_door(first)
        young = age < 65
        psr = _pick(rng, PSR_UNDER_65 if young else PSR_65_AND_OVER)
        has_services = any(e["event_type"] == "Service" for e in journey.events)
        if not has_services and rng.random() < 0.5:
            psr = "Unknown"
        person = {
            "la_person_unique_identifier": str(10_000_000 + index),
            "nhs_number": nhs_number(index, 0),
            "first_name": "Synthetic",
            "last_name": f"Person {index}",
            "gender": _pick(rng, GENDER),
            "ethnicity": _pick(rng, ETHNICITY),
            "date_of_birth": birth,
            "client_type": "Service user",
            "primary_support_reason": psr,
            "postcode": self._postcode(rng),
            "accommodation_status": self._accommodation(rng, journey, psr),
            "employment_status": (
                _pick(rng, EMPLOYMENT_UNDER_65)
                if young
                else "Not in paid employment: Not actively seeking work or retired"
            ),
            "has_unpaid_carer": _pick(rng, HAS_UNPAID_CARER),
            "client_funding_status": journey.funding or _pick(rng, FUNDING_AT_HOME),
            **self._gp(rng),
        }
        return person, journey

    def _carer_rows(self, index: int, rng: random.Random, cared_for: dict | None) -> Iterator[list[str]]:
        journey = _Journey(rng, self.world_start, self.world_end)
        first = self.world_start + _days(rng, 0, (self.world_end - self.world_start).days)
        age = rng.randint(25, 85)
        birth = _add_years(first, -age) - _days(rng, 0, 364)
        journey.mortality(max(age, 18), first)
        known_by_association = cared_for is not None and rng.random() < SHARE_CARER_KNOWN_BY_ASSOCIATION
        if not known_by_association:
            journey.carer(first)
        person = {
            "la_person_unique_identifier": str(20_000_000 + index),
            "nhs_number": nhs_number(index, 1),
            "first_name": "Synthetic",
            "last_name": f"Person {index} (carer)",
            "gender": _pick(rng, GENDER),
            "ethnicity": cared_for["ethnicity"] if cared_for else _pick(rng, ETHNICITY),
            "date_of_birth": birth,
            "client_type": "Unpaid carer known by association" if known_by_association else "Unpaid carer",
            "primary_support_reason": "Social support: Support to unpaid carer",
            "postcode": cared_for["postcode"] if cared_for and rng.random() < 0.7 else self._postcode(rng),
            "accommodation_status": _pick(rng, ACCOMMODATION_AT_HOME),
            "employment_status": (
                _pick(rng, EMPLOYMENT_UNDER_65)
                if age < 65
                else "Not in paid employment: Not actively seeking work or retired"
            ),
            "has_unpaid_carer": "No",
            "no_of_adults_being_cared_for": "1",
            "adult_1_linked_person_id": cared_for["la_person_unique_identifier"] if cared_for else None,
            **self._gp(rng),
        }
        if known_by_association:
            if journey.death is None or journey.death > self.period_start:
                yield self._render({**person, "date_of_death": self._death(journey)})
            return
        yield from self._rows(person, journey)

    def _accommodation(self, rng: random.Random, journey: _Journey, psr: str) -> str:
        if journey.setting == "residential":
            return "Registered care home"
        if journey.setting == "nursing":
            return "Registered nursing home"
        home = {
            "Shared Lives": "Shared Lives scheme",
            "Extra care housing": "Sheltered housing, extra care housing or other sheltered housing",
            "Community supported living": "Supported accommodation, supported lodgings or supported group home",
        }.get(journey.component_home or "")
        if home and rng.random() < 0.85:
            return home
        if psr == "Learning disability support" and rng.random() < 0.4:
            return "Settled mainstream housing with family or friends"
        return _pick(rng, ACCOMMODATION_AT_HOME)

    @staticmethod
    def _postcode(rng: random.Random) -> str:
        # Q is never the first letter of a UK postcode area, so these cannot be real addresses.
        area = "Q" + rng.choice("ABCDEFGHJKLMNPRSTUWXYZ")
        inward = rng.choice("ABDEFGHJLNPQRSTUWXYZ") + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
        return f"{area}{rng.randint(1, 19)} {rng.randint(0, 9)}{inward}"

    @staticmethod
    def _gp(rng: random.Random) -> dict:
        if rng.random() < 0.1:
            return {}
        n = rng.randint(1, 30)
        return {"gp_practice_name": f"Synthetic Medical Practice {n}", "gp_practice_code": f"Z{90000 + n}"}

    def _death(self, journey: _Journey) -> date | None:
        """The date of death, if the council would know it by the period's end."""
        known_by = min(self.period_end, self.world_end)
        return journey.death if journey.death is not None and journey.death <= known_by else None

    # -- what goes in the extract ---------------------------------------------------------------
    def _in_period(self, event: dict) -> dict | None:
        start, end = event["event_start_date"], event["event_end_date"]
        if start > self.period_end:
            return None
        if event["event_type"] == "Service":
            if end is not None and end < self.period_start:
                return None
            if end is not None and end > self.period_end:  # still going on the period's last day
                return {**event, "event_end_date": None, "event_outcome": OPEN_OUTCOME}
            return event
        if end is None or not self.period_start <= end <= self.period_end:
            return None  # requests, assessments and reviews are sent once completed
        return event

    def _rows(self, person: dict, journey: _Journey) -> Iterator[list[str]]:
        base = self._render({**person, "date_of_death": self._death(journey)})
        for number, event in enumerate(journey.events, start=1):
            kept = self._in_period(event)
            if kept is None:
                continue
            kept = {**kept, "event_reference": f"{person['la_person_unique_identifier']}-{number:03d}"}
            yield self._render(kept, base)

    def _render(self, values: dict, base: list[str] | None = None) -> list[str]:
        """A row: ``base`` (or the submission's fields and blanks) with ``values`` written in."""
        if base is None:
            base = [""] * len(codes.FIELDS)
            for column, value in (
                ("la_code", self.la_code),
                ("reporting_period_start_date", _uk_date(self.period_start)),
                ("reporting_period_end_date", _uk_date(self.period_end)),
            ):
                base[self._at[column]] = value
        row = base.copy()
        for column, value in values.items():
            if isinstance(value, tuple):  # (R1 value, R2 value)
                value = value[0] if self.r1 else value[1]
            field = codes.BY_COLUMN[column]
            if value is None:
                text = ""
            elif isinstance(value, date):
                text = _uk_date(value)
            elif field.code_list:
                text = self._spell(field.code_list, value)
            else:
                text = str(value)
            row[self._at[column]] = text
        return row

    def _spell(self, list_name: str, value: str) -> str:
        """A list value in this file's release: R2 values as they are, else their R1 spelling."""
        cl = codes.CODE_LISTS[list_name]
        if self.r1:
            if value in cl.r1:
                return value
            if value in self._to_r1[list_name]:
                return self._to_r1[list_name][value]
            raise AssertionError(f"{value!r} has no Release 1 spelling in {list_name}")
        if value in self._r2_values[list_name]:
            return value
        canonical = codes.clean(list_name, value)
        if canonical is None:
            raise AssertionError(f"{value!r} is not in {list_name}")
        return canonical

    # -- errors and duplicates ------------------------------------------------------------------
    def _spoil(self, row: list[str], noise: random.Random) -> Iterator[list[str]]:
        options = self.options
        if options.error_rate and noise.random() < options.error_rate:
            row = self._error(list(row), noise)
        yield row
        if options.duplicate_rate and noise.random() < options.duplicate_rate:
            yield row

    def _error(self, row: list[str], rng: random.Random) -> list[str]:
        at = self._at
        kind = rng.choice(ERROR_KINDS)
        coded = [c for c, i in at.items() if codes.BY_COLUMN[c].code_list and row[i]]
        start, end = at["event_start_date"], at["event_end_date"]
        if kind == "end_before_start" and row[start] and row[end]:
            first = date(int(row[start][6:]), int(row[start][3:5]), int(row[start][:2]))
            row[end] = (first - _days(rng, 1, 30)).strftime("%d/%m/%Y")
        elif kind == "bad_date":
            column = rng.choice([c for c in ("date_of_birth", "event_start_date", "event_end_date") if row[at[c]]])
            row[at[column]] = rng.choice(BAD_DATES)
        elif kind == "not_in_list" and coded:
            column = rng.choice(coded)
            row[at[column]] = NOT_IN_LIST[column]
        elif kind == "case_or_space" and coded:
            i = at[rng.choice(coded)]
            row[i] = row[i].lower() if rng.random() < 0.5 else f"  {row[i]} "
        else:  # a blank where the specification wants a value
            row[at[rng.choice(BLANKABLE)]] = ""
        return row


def write(options: Options, path: Path | str, fmt: str = "csv") -> Summary:
    """Write one synthetic extract to ``path`` as CSV or XLSX, row by row; returns what was written."""
    path = Path(path)
    generator = Generator(options)
    summary = Summary(
        path, period_start=generator.period_start, period_end=generator.period_end, la_code=generator.la_code
    )

    def counted(limit: int | None = None):
        yield list(codes.HEADINGS)
        for row in generator.rows():
            if limit is not None and summary.rows == limit:
                raise ValueError(f"An Excel sheet holds at most {limit:,} rows of data; write CSV instead")
            summary.rows += 1
            yield row

    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            tabular.write_csv(handle, counted())
    elif fmt == "xlsx":
        tabular.stream_xlsx(path, counted(EXCEL_MAX_ROWS - 1), sheet_title="CLD")
    else:
        raise ValueError("The format must be csv or xlsx")
    summary.people = generator.people_written
    return summary
