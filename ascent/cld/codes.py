"""The CLD specification's columns and defined lists, as data.

Every value here is a data label copied exactly from the reference
(``shared/reference/client-level-data.md`` §3–§4): a council's file must match it, so spelling,
capitals and punctuation matter. Two releases of the specification exist. Release 2 (R2) is
canonical here: values from Release 1 (R1) files are mapped forward to R2, as DHSC now does.

Matching for measures is on ``lower(trim(value))`` against both releases (:func:`clean`);
validation of a file stays case-sensitive (that is the loader's job, not this module's).

Where the reference marks a list or a pairing *unconfirmed* (U), the comment beside it says so
and what was chosen. Nothing marked U should be shipped as seed data for a council without
checking the official specification workbook.

Helper code (the engine) loads :func:`reference_rows` into DuckDB; keep this module data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOT_MAPPED_R1 = "Release 1 specification only: Not mapped"
"""DHSC's pseudo-value for R1 outcomes that have no R2 equivalent (not a spec value)."""

INVALID = "Invalid and not mapped"
"""DHSC's cleaned value for anything not in a list (callers use it; :func:`clean` returns None)."""


@dataclass(frozen=True)
class Field:
    heading: str  # the spec's column heading, as in a council's file
    column: str  # snake_case name in the stored Parquet
    kind: str  # "code", "date", "text", "decimal" or "integer"
    code_list: str | None = None  # name in CODE_LISTS
    required_in_header: bool = True


@dataclass(frozen=True)
class CodeList:
    name: str
    r1: tuple[str, ...]
    r2: tuple[str, ...]
    r1_to_r2: dict[str, str]  # every R1 value → its R2 value (identity where unchanged)
    groups: dict[str, str] = field(default_factory=dict)  # R2 value → DHSC group, where one exists
    derived: tuple[str, ...] = ()  # cleaned values DHSC derives that are not spec values


# --------------------------------------------------------------------------------------------
# Columns, in the order of the reference §3.
# --------------------------------------------------------------------------------------------

FIELDS: tuple[Field, ...] = (
    # §3.1 submission
    Field("LA Code", "la_code", "text"),
    Field("Reporting Period Start Date", "reporting_period_start_date", "date"),
    Field("Reporting Period End Date", "reporting_period_end_date", "date"),
    # §3.2 person
    Field("NHS Number", "nhs_number", "text"),
    Field("LA Person Unique Identifier", "la_person_unique_identifier", "text"),
    Field("First Name", "first_name", "text", required_in_header=False),
    Field("Last Name", "last_name", "text", required_in_header=False),
    Field("GP Practice Name", "gp_practice_name", "text", required_in_header=False),
    Field("GP Practice Code", "gp_practice_code", "text", required_in_header=False),
    Field("Gender", "gender", "code", "gender"),
    Field("Ethnicity", "ethnicity", "code", "ethnicity"),
    Field("Date of Birth", "date_of_birth", "date"),
    Field("Date of Death", "date_of_death", "date"),
    Field("Client Type", "client_type", "code", "client_type"),
    Field("Primary Support Reason", "primary_support_reason", "code", "primary_support_reason"),
    Field("Postcode", "postcode", "text"),
    Field("Accommodation Status", "accommodation_status", "code", "accommodation_status"),
    Field("Employment Status", "employment_status", "code", "employment_status"),
    Field("Has Unpaid Carer", "has_unpaid_carer", "code", "has_unpaid_carer"),
    # ASD, dementia: values U, so free text here; impairments: R1 values U, so free text too.
    Field("Autism Spectrum Disorder (ASD)", "autism_spectrum_disorder_asd", "text", required_in_header=False),
    Field("Visual Impairment", "visual_impairment", "text", required_in_header=False),
    Field("Hearing Impairment", "hearing_impairment", "text", required_in_header=False),
    Field("Dementia", "dementia", "text", required_in_header=False),
    Field("Client Funding Status", "client_funding_status", "code", "client_funding_status"),
    # §3.3 events
    Field("Event Type", "event_type", "code", "event_type"),
    Field("Event Reference", "event_reference", "text"),
    Field("Event Start Date", "event_start_date", "date"),
    Field("Event End Date", "event_end_date", "date"),
    Field("Event Description", "event_description", "text"),
    Field("Event Outcome", "event_outcome", "code", "event_outcome"),
    # §3.4–3.5 requests, assessments
    Field("Request: Route of Access", "request_route_of_access", "code", "route_of_access"),
    Field("Assessment Type", "assessment_type", "code", "assessment_type"),
    Field("Eligible Needs Identified", "eligible_needs_identified", "text"),  # values U
    Field("Method of Assessment", "method_of_assessment", "code", "method_of_review"),
    # §3.6 carers
    Field("Total Hrs Caring per week", "total_hrs_caring_per_week", "text"),  # bands U
    Field("No. of adults being cared for", "no_of_adults_being_cared_for", "integer"),
    Field("Adult 1 Linked Person_ID", "adult_1_linked_person_id", "text"),
    Field("Adult 2 Linked Person_ID", "adult_2_linked_person_id", "text"),
    Field("Adult 3 Linked Person_ID", "adult_3_linked_person_id", "text"),
    # §3.7 services
    Field("Service Type", "service_type", "code", "service_type"),
    Field("Service Component", "service_component", "code", "service_component"),
    Field("Delivery Mechanism", "delivery_mechanism", "code", "delivery_mechanism"),
    Field("Provider CQC Location Name", "provider_cqc_location_name", "text", required_in_header=False),
    Field("Provider CQC Location ID", "provider_cqc_location_id", "text"),
    # §3.8 reviews
    Field("Review Reason", "review_reason", "code", "review_reason"),
    Field("Review Outcomes Achieved", "review_outcomes_achieved", "code", "review_outcomes_achieved"),
    Field("Method of Review", "method_of_review", "code", "method_of_review"),
    # §3.9 costs
    Field("Unit Cost", "unit_cost", "decimal"),
    Field("Cost Frequency (Unit Type)", "cost_frequency_unit_type", "code", "cost_frequency"),
    Field("Planned units per week", "planned_units_per_week", "decimal"),
)

HEADINGS: tuple[str, ...] = tuple(f.heading for f in FIELDS)
COLUMNS: tuple[str, ...] = tuple(f.column for f in FIELDS)
BY_HEADING: dict[str, Field] = {f.heading: f for f in FIELDS}
BY_COLUMN: dict[str, Field] = {f.column: f for f in FIELDS}


# --------------------------------------------------------------------------------------------
# Code lists. Pairs are (R1, R2); a value unchanged between releases appears on both sides.
# --------------------------------------------------------------------------------------------


def _from_pairs(name: str, pairs, *, groups=None, r2_only=(), derived=()) -> CodeList:
    """A list from (R1, R2) pairs; ``r2_only`` are values new in R2 (no R1 equivalent)."""
    r1: list[str] = []
    r2: list[str] = []
    mapping: dict[str, str] = {}
    for old, new in pairs:
        if old not in mapping:
            r1.append(old)
            mapping[old] = new
        if new not in r2 and new not in derived:
            r2.append(new)
    r2.extend(v for v in r2_only if v not in r2)
    return CodeList(name, tuple(r1), tuple(r2), mapping, dict(groups or {}), tuple(derived))


def _same(name: str, values, *, groups=None) -> CodeList:
    """A list whose values are spelt the same in both releases."""
    return _from_pairs(name, [(v, v) for v in values], groups=groups)


# §4.1 (R1 = R2)
EVENT_TYPE = _same("event_type", ["Request", "Assessment", "Service", "Review"])

# §4.2
CLIENT_TYPE = _from_pairs(
    "client_type",
    [
        ("Service User", "Service user"),
        ("Carer", "Unpaid carer"),
        ("Carer known by association", "Unpaid carer known by association"),
    ],
)

# §4.3: R2 in DHSC's hierarchy order (rank = position + 1, with the R1-only pseudo-value at 3).
# Pairings are C[3]* (third-party fork) or obvious; "NFA: Referral to other service within the
# local authority" is new in R2.
_OUTCOME_ORDER = (
    "Progress to reablement/ST-Max",
    "Progress to assessment, review or reassessment",
    NOT_MAPPED_R1,
    "Progress to support planning or services",
    "Continuation of support or services",
    "Admitted to hospital",
    "NFA: Responsibility moved to another local authority",
    "NFA: Referral to NHS services or NHS funded social care",
    "NFA: Self-funded client or under 12wk disregard",
    "NFA: Information and advice or signposting",
    "NFA: Referral to other service within the local authority",
    "NFA: Support declined",
    "NFA: Deceased",
    "NFA: Support ended as planned",
    "NFA: Support ended for other reason",
    "NFA: No services offered for other reason",
    "NFA: Other",
)
EVENT_OUTCOME = _from_pairs(
    "event_outcome",
    [
        ("Progress to Reablement/ST-Max", "Progress to reablement/ST-Max"),
        ("Progress to Assessment", "Progress to assessment, review or reassessment"),
        ("Progress to Re-assessment / Unplanned Review", "Progress to assessment, review or reassessment"),
        ("Progress to financial assessment", NOT_MAPPED_R1),
        ("Progress to Support Planning / Services", "Progress to support planning or services"),
        ("Progress to End of Life Care", NOT_MAPPED_R1),
        ("No change in package", "Continuation of support or services"),
        ("Provision of service", "Continuation of support or services"),
        ("Service ended as planned", "NFA: Support ended as planned"),
        ("Admitted to hospital", "Admitted to hospital"),
        ("NFA - Moved to another LA", "NFA: Responsibility moved to another local authority"),
        ("NFA - 100% NHS funded care", "NFA: Referral to NHS services or NHS funded social care"),
        ("NFA - Self-funded client (Inc. 12wk disregard)", "NFA: Self-funded client or under 12wk disregard"),
        ("NFA - Information & Advice / Signposting only", "NFA: Information and advice or signposting"),
        ("NFA - Support declined", "NFA: Support declined"),
        ("NFA - Deceased", "NFA: Deceased"),
        ("NFA - Support ended: Other reason", "NFA: Support ended for other reason"),
        ("NFA - No services offered: Other reason", "NFA: No services offered for other reason"),
        ("NFA- Other", "NFA: Other"),  # no space before the hyphen: as every codebase spells it
    ],
    r2_only=["NFA: Referral to other service within the local authority"],
    derived=[NOT_MAPPED_R1],
    groups={v: ("NFA" if v.startswith("NFA") else v) for v in _OUTCOME_ORDER},
)

# §4.4. R1 also had "Self-Funder Metering Only (not to be used until charging reform)"; whether R2
# keeps it is U, and it was never to be used, so it is left out (it cleans to None).
DELIVERY_MECHANISM = _from_pairs(
    "delivery_mechanism",
    [
        ("Direct Payment", "Direct payment"),
        ("CASSR Managed Personal Budget", "CASSR managed personal budget"),
        ("CASSR Commissioned Support", "CASSR commissioned support"),
    ],
)

# §4.5. R1 is C[4]; R2 carer value C[1]; the other R2 spellings are C[14]* only (capitalisation U).
PRIMARY_SUPPORT_REASON = _from_pairs(
    "primary_support_reason",
    [
        ("Physical Support: Access & mobility only", "Physical support: Access and mobility only"),
        ("Physical Support: Personal care support", "Physical support: Personal care support"),
        ("Sensory Support: Support for visual impairment", "Sensory support: Support for visual impairment"),
        ("Sensory Support: Support for hearing impairment", "Sensory support: Support for hearing impairment"),
        ("Sensory Support: Support for dual impairment", "Sensory support: Support for dual impairment"),
        ("Support with Memory & Cognition", "Support with memory and cognition"),
        ("Learning Disability Support", "Learning disability support"),
        ("Mental Health Support", "Mental health support"),
        ("Social Support: Substance misuse support", "Social support: Substance misuse support"),
        ("Social Support: Asylum seeker support", "Social support: Asylum seeker support"),
        (
            "Social Support: Support for Social Isolation/Other",
            "Social support: Support for social isolation or other reason",
        ),
        ("Social Support: Support to Carer", "Social support: Support to unpaid carer"),
        ("Unknown", "Unknown"),
    ],
)

# §4.6, with DHSC's groups and the setting hierarchy (1 = highest) that 2A and §6.6 use.
_SERVICE_TYPES = [
    ("Long Term Support: Nursing Care", "Long term support: Nursing care", "Long term support", 1),
    ("Long Term Support: Residential Care", "Long term support: Residential care", "Long term support", 2),
    ("Long Term Support: Community", "Long term support: Community", "Long term support", 3),
    ("Long Term Support: Prison", "Long term support: Prison", "Long term support", 4),
    ("Short Term Support: ST-Max", "Short term support: ST-Max", "Short term support", 5),
    ("Short Term Support: Ongoing Low Level", "Short term support: Ongoing low level", "Short term support", 6),
    ("Short Term Support: Other Short Term", "Short term support: Other short term", "Short term support", 7),
    ("Carer Support: Direct to Carer", "Unpaid carer support: Direct to unpaid carer", "Unpaid carer support", None),
    (
        "Carer Support: Support involving the person cared-for",
        "Unpaid carer support: Support involving the person cared-for",
        "Unpaid carer support",
        None,
    ),
]
SERVICE_TYPE = _from_pairs(
    "service_type",
    [(r1, r2) for r1, r2, _, _ in _SERVICE_TYPES],
    groups={r2: grp for _, r2, grp, _ in _SERVICE_TYPES},
)
SERVICE_TYPE_GROUP: dict[str, str] = dict(SERVICE_TYPE.groups)
SETTING_RANK: dict[str, int] = {r2: rank for _, r2, _, rank in _SERVICE_TYPES if rank is not None}

# §4.7. R2 list (25) is C[14]* only. The full R1 list is U: the R1 spellings seen in DHSC/NHSE
# code are paired below; every other R2 value is taken to be spelt the same in R1 (U) — matching
# ignores case, so a title-case R1 spelling of those still cleans correctly.
_COMPONENT_R2 = (
    "Reablement",
    "Short term nursing care",
    "Short term residential care",
    "Long term nursing care",
    "Long term residential care",
    "Home support or domiciliary care",
    "Day support",
    "Meals",
    "Transport",
    "Equipment",
    "Direct payment",
    "Shared Lives",
    "Community supported living",
    "Extra care housing",
    "Professional support: Social worker",
    "Professional support: Other",
    "Learning, education or employment support",
    "End of life care",
    "Emergency support",
    "Other short term support",
    "Other long term support",
    "Unpaid carer respite",
    "Unpaid carer sitting service",
    "Unpaid carer universal services",
    "Other unpaid carer support",
)
_COMPONENT_R1_SEEN = {
    "Short Term Residential Care": "Short term residential care",
    "Short Term Nursing Care": "Short term nursing care",
    "Carer Respite": "Unpaid carer respite",  # pairing U (the obvious successor)
    "Home Support": "Home support or domiciliary care",
    "Community Supported Living": "Community supported living",
    "Direct Payment": "Direct payment",
}
SERVICE_COMPONENT = _from_pairs(
    "service_component",
    list(_COMPONENT_R1_SEEN.items()) + [(v, v) for v in _COMPONENT_R2 if v not in _COMPONENT_R1_SEEN.values()],
)

# §4.8: full list U in both releases. "Male" and "Female" are confirmed; "Other" and "Unknown"
# stand for the other/unknown values DHSC says exist (U), spelt the same in both releases.
GENDER = _same("gender", ["Male", "Female", "Other", "Unknown"])

# §4.9: R1 uses " - " as separator, R2 ": ". Groups are DHSC's (C[1]).
_ETHNICITY = [
    ("White", "English, Welsh, Scottish, Northern Irish or British"),
    ("White", "Irish"),
    ("White", "Gypsy or Irish Traveller"),
    ("White", "Roma"),
    ("White", "Any other White background"),
    ("Mixed or multiple ethnic groups", "White and Black Caribbean"),
    ("Mixed or multiple ethnic groups", "White and Black African"),
    ("Mixed or multiple ethnic groups", "White and Asian"),
    ("Mixed or multiple ethnic groups", "Any other Mixed or multiple ethnic background"),
    ("Asian or Asian British", "Indian"),
    ("Asian or Asian British", "Pakistani"),
    ("Asian or Asian British", "Bangladeshi"),
    ("Asian or Asian British", "Chinese"),
    ("Asian or Asian British", "Any other Asian background"),
    ("Black, Black British, Caribbean or African", "African"),
    ("Black, Black British, Caribbean or African", "Caribbean"),
    ("Black, Black British, Caribbean or African", "Any other Black, Black British or Caribbean background"),
    ("Other ethnic group", "Arab"),
    ("Other ethnic group", "Any other ethnic group"),
    ("No data", "Refused"),
    ("No data", "Undeclared or Not known"),
]
ETHNICITY = _from_pairs(
    "ethnicity",
    [
        (f"{grp} - {cat}", f"{grp}: {'Undeclared or not known' if cat == 'Undeclared or Not known' else cat}")
        for grp, cat in _ETHNICITY
    ],
    groups={
        f"{grp}: {'Undeclared or not known' if cat == 'Undeclared or Not known' else cat}": grp
        for grp, cat in _ETHNICITY
    },
)
ETHNICITY_GROUP: dict[str, str] = dict(ETHNICITY.groups)

# §4.10 with the ASCOF 2E "settled" flag. The R1 "Tenant" ↔ R2 "Tenant: Local authority or other
# social housing provider" pairing is by position (U).
_ACCOMMODATION = [
    ("Owner occupier or shared ownership scheme", "Owner occupier or shared ownership scheme", True),
    ("Tenant", "Tenant: Local authority or other social housing provider", True),
    ("Tenant - private landlord", "Tenant: Private landlord", True),
    ("Settled mainstream housing with family / friends", "Settled mainstream housing with family or friends", True),
    (
        "Supported accommodation / supported lodgings / supported group home",
        "Supported accommodation, supported lodgings or supported group home",
        True,
    ),
    ("Shared Lives scheme", "Shared Lives scheme", True),
    (
        "Approved premises for offenders released from prison or under probation supervision",
        "Approved premises for offenders released from prison or under probation supervision",
        True,
    ),
    (
        "Sheltered housing / extra care housing / other sheltered housing",
        "Sheltered housing, extra care housing or other sheltered housing",
        True,
    ),
    (
        "Mobile accommodation for Gypsy / Roma and Traveller communities",
        "Mobile accommodation for Gypsy, Roma and Traveller communities",
        True,
    ),
    ("Rough sleeper / squatting", "Rough sleeper or squatting", False),
    (
        "Night shelter / emergency hostel / direct access hostel",
        "Night shelter, emergency hostel or direct access hostel",
        False,
    ),
    ("Refuge", "Refuge", False),
    (
        "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
        "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
        False,
    ),
    (
        "Staying with family / friends as a short-term guest",
        "Staying with family or friends as a short term guest",
        False,
    ),
    (
        "Acute / long-term healthcare residential facility or hospital",
        "Acute hospital or long term healthcare residential facility",
        False,
    ),
    ("Registered care home", "Registered care home", False),
    ("Registered nursing home", "Registered nursing home", False),
    (
        "Prison / Young offenders institution / detention centre",
        "Prison, young offenders institution or detention centre",
        False,
    ),
    ("Other temporary accommodation", "Other temporary accommodation", False),
    ("Unknown", "Unknown", False),
]
PRESUMED_AT_HOME = "Unknown: Presumed at home"
PRESUMED_IN_COMMUNITY = "Unknown: Presumed in community"
ACCOMMODATION_STATUS = _from_pairs(
    "accommodation_status",
    [(r1, r2) for r1, r2, _ in _ACCOMMODATION],
    derived=[PRESUMED_AT_HOME, PRESUMED_IN_COMMUNITY],
)
SETTLED: dict[str, bool] = {r2: settled for _, r2, settled in _ACCOMMODATION} | {
    PRESUMED_AT_HOME: True,
    PRESUMED_IN_COMMUNITY: False,
}

# §4.11
EMPLOYMENT_STATUS = _from_pairs(
    "employment_status",
    [
        ("Paid: Less than 16 hours a week", "Paid: Less than 16 hours a week"),
        ("Paid: 16 or more hours a week", "Paid: 16 or more hours a week"),
        ("Paid: Hours per week unknown", "Paid: Hours per week unknown"),
        ("Not in Paid Employment (seeking work)", "Not in paid employment: Seeking work"),
        (
            "Not in Paid Employment (not actively seeking work / retired)",
            "Not in paid employment: Not actively seeking work or retired",
        ),
        ("Not in Paid Employment (voluntary work only)", "Not in paid employment: Voluntary work only"),
        ("Unknown", "Unknown"),
    ],
)

# §4.12: R2 three values C[1], "Unknown" C[14]*. The R1 list is U: taken to be the R2 values.
CLIENT_FUNDING_STATUS = _same(
    "client_funding_status",
    ["Fully social care funded", "Joint client and social care funded", "Fully client funded", "Unknown"],
)

# §4.13: "Yes"/"No"/"Unknown" in use (R1 C[4]); the R2 list is U: taken to be the same.
HAS_UNPAID_CARER = _same("has_unpaid_carer", ["Yes", "No", "Unknown"])

# §4.14: R1 is C[9]*. The R2 list is U: the R1 spellings are kept as canonical (none invented);
# a sentence-case R2 spelling of the same words still cleans, as matching ignores case.
ROUTE_OF_ACCESS = _same(
    "route_of_access",
    [
        "Planned Entry (Transition)",
        "Discharge from Hospital",
        "Diversion from Hospital Services",
        "Community / Other route",
        "Prison",
        "Self-Funder",
        "Discharge from Reablement",
        "Transfer from Other LA",
    ],
)

# §4.14: Method of Review R1 is C[9]*; R2 U (same spellings kept). Also used for Method of
# Assessment, whose own list is U (it was split from a combined item).
METHOD_OF_REVIEW = _same("method_of_review", ["Carer only", "Service user only", "Service user and carer"])

# §4.15. R2 "Long term assessment" / "Short term assessment" are C[1]; "Financial assessment" is
# U (sentence case by analogy); R1 values C[9]*.
ASSESSMENT_TYPE = _from_pairs(
    "assessment_type",
    [
        ("Long Term Assessment", "Long term assessment"),
        ("Short Term Assessment", "Short term assessment"),
        ("Financial Assessment", "Financial assessment"),
    ],
)

# §4.15: exact strings U. R2 values are known to begin "Planned" or "Unplanned", plus
# "Review of short term support" (C[1]); the bare words are used for both releases (U).
REVIEW_REASON = _from_pairs(
    "review_reason",
    [("Planned", "Planned"), ("Unplanned", "Unplanned")],
    r2_only=["Review of short term support"],
)

# §4.15: R1 C[9]*; R2 U (same spellings kept).
REVIEW_OUTCOMES_ACHIEVED = _same("review_outcomes_achieved", ["Fully Met", "Partially Met", "Not Met"])

# §4.16: R2 C[14]*; the R1 list is U: taken to be the same words.
COST_FREQUENCY = _same(
    "cost_frequency",
    [
        "No charge to client",
        "Per session",
        "Hourly",
        "Daily",
        "Weekly",
        "Fortnightly",
        "4-weekly",
        "Monthly",
        "Quarterly",
        "Annually",
        "One-off",
    ],
)

CODE_LISTS: dict[str, CodeList] = {
    cl.name: cl
    for cl in (
        EVENT_TYPE,
        CLIENT_TYPE,
        EVENT_OUTCOME,
        DELIVERY_MECHANISM,
        PRIMARY_SUPPORT_REASON,
        SERVICE_TYPE,
        SERVICE_COMPONENT,
        GENDER,
        ETHNICITY,
        ACCOMMODATION_STATUS,
        EMPLOYMENT_STATUS,
        CLIENT_FUNDING_STATUS,
        HAS_UNPAID_CARER,
        ROUTE_OF_ACCESS,
        ASSESSMENT_TYPE,
        REVIEW_REASON,
        REVIEW_OUTCOMES_ACHIEVED,
        METHOD_OF_REVIEW,
        COST_FREQUENCY,
    )
}

OUTCOME_RANK: dict[str, int] = {value: rank for rank, value in enumerate(_OUTCOME_ORDER, start=1)}
"""R2 outcome → DHSC hierarchy rank (1 = highest). Callers give 999 to anything else."""

UNKNOWN_RANK = 999


def _lookup(cl: CodeList) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in cl.r2:
        found[value.strip().lower()] = value
    for value in cl.r1:  # R2 wins where both spell a value the same way
        found.setdefault(value.strip().lower(), cl.r1_to_r2[value])
    return found


_LOOKUPS: dict[str, dict[str, str]] = {name: _lookup(cl) for name, cl in CODE_LISTS.items()}


def clean(list_name: str, value: str | None) -> str | None:
    """The canonical R2 value for a raw value of a list, or None if it is not in the list.

    Matching ignores case and surrounding spaces; R1 values map forward to R2.
    """
    if value is None:
        return None
    return _LOOKUPS[list_name].get(value.strip().lower())


def release_of(list_name: str, value: str) -> str | None:
    """Which release spells ``value`` exactly like this: 'R1', 'R2', 'both' or None."""
    cl = CODE_LISTS[list_name]
    in_r1, in_r2 = value in cl.r1, value in cl.r2
    return "both" if in_r1 and in_r2 else "R1" if in_r1 else "R2" if in_r2 else None


def reference_rows() -> dict[str, list[tuple]]:
    """The code lists as plain tables for DuckDB.

    - ``ref_values(list_name, raw_lower, r2_value, release)``: every raw spelling, lower-cased
      and trimmed, with its R2 value; release is 'R1', 'R2' or 'both' (spelt alike, ignoring case).
    - ``ref_outcome(value, rank, grp)``: R2 outcomes (and the R1-only pseudo-value) with rank.
    - ``ref_accommodation(value, settled)``: R2 accommodation plus DHSC's two derived values.
    - ``ref_service_type(value, grp, setting_rank)``: setting_rank NULL for unpaid-carer types.
    - ``ref_ethnicity(value, grp)``.
    """
    values: list[tuple] = []
    for name, cl in CODE_LISTS.items():
        seen: dict[str, list] = {}
        for value in cl.r2:
            seen[value.strip().lower()] = [name, value.strip().lower(), value, "R2"]
        for value in cl.r1:
            key = value.strip().lower()
            if key in seen:
                seen[key][3] = "both"
            else:
                seen[key] = [name, key, cl.r1_to_r2[value], "R1"]
        values.extend(tuple(row) for row in seen.values())
    return {
        "ref_values": values,
        "ref_outcome": [(v, rank, EVENT_OUTCOME.groups[v]) for v, rank in OUTCOME_RANK.items()],
        "ref_accommodation": list(SETTLED.items()),
        "ref_service_type": [(v, SERVICE_TYPE_GROUP[v], SETTING_RANK.get(v)) for v in SERVICE_TYPE.r2],
        "ref_ethnicity": list(ETHNICITY_GROUP.items()),
    }


REFERENCE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "ref_values": (("list_name", "VARCHAR"), ("raw_lower", "VARCHAR"), ("r2_value", "VARCHAR"), ("release", "VARCHAR")),
    "ref_outcome": (("value", "VARCHAR"), ("rank", "INTEGER"), ("grp", "VARCHAR")),
    "ref_accommodation": (("value", "VARCHAR"), ("settled", "BOOLEAN")),
    "ref_service_type": (("value", "VARCHAR"), ("grp", "VARCHAR"), ("setting_rank", "INTEGER")),
    "ref_ethnicity": (("value", "VARCHAR"), ("grp", "VARCHAR")),
}
"""Column names and DuckDB types of each table in :func:`reference_rows`."""
