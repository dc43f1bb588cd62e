"""The CLD code lists: R1 maps forward to R2, cleaning ignores case and spaces, outcome ranks."""

from __future__ import annotations

import pytest

from ascent.cld import codes


@pytest.mark.parametrize("name", sorted(codes.CODE_LISTS))
def test_every_r1_value_maps_to_an_r2_value_of_the_same_list(name):
    cl = codes.CODE_LISTS[name]
    assert cl.r1 and cl.r2
    assert set(cl.r1_to_r2) == set(cl.r1)
    for old, new in cl.r1_to_r2.items():
        assert new in cl.r2 or new in cl.derived, (name, old, new)
        assert codes.clean(name, old) == new


@pytest.mark.parametrize("name", sorted(codes.CODE_LISTS))
def test_every_r2_value_cleans_to_itself_and_values_are_unique(name):
    cl = codes.CODE_LISTS[name]
    assert len(set(cl.r1)) == len(cl.r1)
    assert len({v.lower() for v in cl.r2}) == len(cl.r2)
    for value in cl.r2:
        assert codes.clean(name, value) == value


def test_cleaning_ignores_case_and_surrounding_spaces():
    assert codes.clean("service_type", "  long TERM support: nursing CARE ") == "Long term support: Nursing care"
    assert codes.clean("client_type", "SERVICE USER") == "Service user"
    assert codes.clean("event_outcome", "\tnfa- other  ") == "NFA: Other"
    assert codes.clean("delivery_mechanism", "direct payment") == "Direct payment"


def test_values_not_in_a_list_clean_to_none():
    assert codes.clean("service_type", "Long term support: Spa weekends") is None
    assert codes.clean("gender", "") is None
    assert codes.clean("gender", None) is None
    # The R1-only pseudo-value is DHSC's label, never a value a council may send.
    assert codes.clean("event_outcome", codes.NOT_MAPPED_R1) is None


def test_outcome_ranks_are_one_to_seventeen_and_unique():
    assert sorted(codes.OUTCOME_RANK.values()) == list(range(1, 18))
    assert set(codes.OUTCOME_RANK) == set(codes.EVENT_OUTCOME.r2) | {codes.NOT_MAPPED_R1}
    assert codes.OUTCOME_RANK["Progress to reablement/ST-Max"] == 1
    assert codes.OUTCOME_RANK[codes.NOT_MAPPED_R1] == 3
    assert codes.OUTCOME_RANK["Admitted to hospital"] == 6
    assert codes.OUTCOME_RANK["NFA: Other"] == 17


def test_outcome_mapping_spot_checks_from_the_reference():
    r2 = codes.EVENT_OUTCOME
    assert len(r2.r1) == 19 and len(r2.r2) == 16
    assert codes.clean("event_outcome", "Progress to financial assessment") == codes.NOT_MAPPED_R1
    assert codes.clean("event_outcome", "Progress to End of Life Care") == codes.NOT_MAPPED_R1
    assert codes.clean("event_outcome", "No change in package") == "Continuation of support or services"
    assert codes.clean("event_outcome", "Provision of service") == "Continuation of support or services"
    assert codes.clean("event_outcome", "Service ended as planned") == "NFA: Support ended as planned"
    assert codes.clean("event_outcome", "Progress to Re-assessment / Unplanned Review") == (
        "Progress to assessment, review or reassessment"
    )
    assert r2.groups["NFA: Deceased"] == "NFA"
    assert r2.groups["Admitted to hospital"] == "Admitted to hospital"


def test_other_spot_checks_from_the_reference():
    assert codes.clean("client_type", "Carer known by association") == "Unpaid carer known by association"
    assert codes.clean("service_type", "Carer Support: Direct to Carer") == (
        "Unpaid carer support: Direct to unpaid carer"
    )
    assert codes.clean("primary_support_reason", "Social Support: Support to Carer") == (
        "Social support: Support to unpaid carer"
    )
    assert codes.clean("ethnicity", "No data - Undeclared or Not known") == "No data: Undeclared or not known"
    assert codes.clean("ethnicity", "White - Irish") == "White: Irish"
    assert codes.ETHNICITY_GROUP["Black, Black British, Caribbean or African: African"] == (
        "Black, Black British, Caribbean or African"
    )
    assert len(codes.ETHNICITY.r1) == len(codes.ETHNICITY.r2) == 21
    assert codes.clean("accommodation_status", "Tenant - private landlord") == "Tenant: Private landlord"
    assert codes.clean("employment_status", "Not in Paid Employment (voluntary work only)") == (
        "Not in paid employment: Voluntary work only"
    )
    assert codes.clean("service_component", "Home Support") == "Home support or domiciliary care"
    assert len(codes.SERVICE_COMPONENT.r2) == 25
    assert codes.clean("assessment_type", "Long Term Assessment") == "Long term assessment"


def test_settled_flags_and_service_type_groups():
    assert codes.SETTLED["Owner occupier or shared ownership scheme"] is True
    assert codes.SETTLED["Registered care home"] is False
    assert codes.SETTLED["Unknown"] is False
    assert codes.SETTLED[codes.PRESUMED_AT_HOME] is True
    assert codes.SETTLED[codes.PRESUMED_IN_COMMUNITY] is False
    assert set(codes.SETTLED) == set(codes.ACCOMMODATION_STATUS.r2) | set(codes.ACCOMMODATION_STATUS.derived)
    assert codes.SERVICE_TYPE_GROUP["Short term support: ST-Max"] == "Short term support"
    assert codes.SERVICE_TYPE_GROUP["Unpaid carer support: Direct to unpaid carer"] == "Unpaid carer support"
    assert (
        codes.SETTING_RANK["Long term support: Nursing care"]
        < codes.SETTING_RANK["Long term support: Residential care"]
    )


def test_fields_name_every_contract_column_and_point_at_real_lists():
    columns = set(codes.COLUMNS)
    assert len(columns) == len(codes.FIELDS) == len(set(codes.HEADINGS))
    for column in (
        "la_code",
        "nhs_number",
        "request_route_of_access",
        "adult_1_linked_person_id",
        "cost_frequency_unit_type",
        "planned_units_per_week",
        "first_name",
        "dementia",
    ):
        assert column in columns
    for f in codes.FIELDS:
        assert f.kind in {"code", "date", "text", "decimal", "integer"}
        assert (f.code_list is not None) == (f.kind == "code")
        if f.code_list:
            assert f.code_list in codes.CODE_LISTS
    assert codes.BY_COLUMN["method_of_assessment"].code_list == "method_of_review"
    assert codes.BY_HEADING["Request: Route of Access"].column == "request_route_of_access"
    assert not codes.BY_COLUMN["first_name"].required_in_header
    assert codes.BY_COLUMN["event_type"].required_in_header


def test_reference_rows_are_plain_tables_matching_their_columns():
    tables = codes.reference_rows()
    assert set(tables) == set(codes.REFERENCE_COLUMNS)
    for name, rows in tables.items():
        width = len(codes.REFERENCE_COLUMNS[name])
        assert rows and all(len(row) == width for row in rows), name
    values = {(r[0], r[1]): r for r in tables["ref_values"]}
    assert len(values) == len(tables["ref_values"])  # one row per list and raw spelling
    assert values[("client_type", "carer")] == ("client_type", "carer", "Unpaid carer", "R1")
    assert values[("client_type", "unpaid carer")][3] == "R2"
    assert values[("event_type", "service")][3] == "both"
    for list_name, raw_lower, r2_value, _ in tables["ref_values"]:
        assert codes.clean(list_name, raw_lower) == r2_value


def test_reference_rows_load_into_duckdb():
    from ascent.cld import duck

    con = duck.connect()
    for name, rows in codes.reference_rows().items():
        cols = ", ".join(f"{c} {t}" for c, t in codes.REFERENCE_COLUMNS[name])
        con.execute(f"CREATE TABLE {name} ({cols})")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)  # noqa: S608 (names are ours)
    assert con.execute("SELECT rank FROM ref_outcome WHERE value = 'NFA: Deceased'").fetchone() == (13,)
    assert con.execute("SELECT count(*) FROM ref_service_type WHERE setting_rank IS NULL").fetchone() == (2,)
