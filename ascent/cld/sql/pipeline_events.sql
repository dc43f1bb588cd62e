-- Pipeline step 2: the clean, de-duplicated events tables.
-- Follows reference client-level-data.md §6.3 (filtering events to the period), §6.4 (cleaning
-- and derived fields) and §6.5 (de-duplication), for one council's own extracts.
--
-- Reads: raw_dated, quarters, quarter_extracts, single_extract (pipeline_periods.sql) and the code
--        lists ref_values, ref_outcome, ref_ethnicity (codes.py).
-- Makes: cleaned_rows  every raw row cleaned once (§6.4), before any period filter
--        events        the joined submissions: per quarter, the chosen extract's rows filtered to
--                      that quarter, end dates cropped, then de-duplicated (all ASCOF measures)
--        events_single the latest extract's rows over its own period, de-duplicated with the
--                      single-submission cost fields in the key (dashboards and costs)
--
-- Deliberate deviations from the reference (and why):
-- * Cleaning runs once per raw row before the period filter (the reference filters, then
--   cleans); the result is the same and a row serving several quarters is cleaned once.
-- * Coded values match on lower(trim(value)); R1 spellings map forward to R2; a blank stays NULL
--   (measures rely on NULL for "blank", e.g. a blank service component) and anything else not in
--   a list becomes 'Invalid and not mapped'. Unknown raw values do not stop the run (DHSC stops
--   until its mapping tables are updated): the loader reports them as data-quality problems.
-- * Event type: any value containing 'service', 'request', 'assessment' or 'review' (as DHSC).
-- * Combined person ID: the NHS number (spaces removed) when given; else, our deviation (§6.7),
--   the one NHS number that the same LA person ID carries on other rows, standing in for DHSC's
--   tracing; else la_code || '_' || LA person ID. Rows with no ID at all are dropped.
-- * Identifying fields for de-duplication and cropping use the cleaned value where it is valid,
--   else the raw value lower-cased and trimmed (DHSC compares raw values under a case-insensitive
--   collation); so an R1 file and an R2 file describing the same event match.
-- * Known-by-association carer rows with no dates at all are kept (the period filter would drop
--   them) so that they can set person_details.has_unpaid_carer; they carry no event.
-- * Cost fields are kept in events (DHSC drops them from the joined table): values of the kept row.
-- * End-date cropping (§6.4 step 5) is applied only to the copies of an event from the latest
--   quarter that holds it: de-duplication keeps one of those copies, and for them "not in the
--   next quarter" is always true, so every kept row gets DHSC's end date without a self-join.
-- * The joined table spans every quarter the loaded extracts cover, including quarters after the
--   period being measured (as DHSC's joined table runs to the latest quarter); measures filter by
--   their own dates, and person_details uses only rows starting by the period end.

-- Portable SQL (DuckDB, and Spark SQL through SQLGlot, ascent/cld/spark.py): no macros, QUALIFY,
-- `* REPLACE`/`* EXCLUDE` or list functions, so three small rules are written out where used:
-- * a coded value: blank → NULL; found in the code list → its R2 value; else 'Invalid and not mapped';
-- * an identifying value: the cleaned one, or the raw one lower-cased and trimmed when invalid;
-- * money: '£' and ',' removed, read as DECIMAL(18, 2), anything else NULL.
-- Several councils at once: every partition and join below includes la_code (or the council of
-- the extract serving a quarter), so each council's events are what it would get alone.

-- §6.4: cleaned values and derived fields, once per raw row.
CREATE OR REPLACE TABLE cleaned_rows AS
WITH ids AS (
    SELECT
        d.*,
        trim(d.la_code) AS la,
        nullif(replace(trim(d.nhs_number), ' ', ''), '') AS nhs,
        nullif(trim(d.la_person_unique_identifier), '') AS la_pid
    FROM raw_dated AS d
),
-- Our stand-in for tracing: an LA person ID seen with exactly one NHS number.
nhs_by_la_id AS (
    SELECT la, la_pid, max(nhs) AS nhs
    FROM ids
    WHERE nhs IS NOT NULL AND la_pid IS NOT NULL
    GROUP BY la, la_pid
    HAVING count(DISTINCT nhs) = 1
),
coded AS (
    SELECT
        i.*,
        coalesce(i.nhs, b.nhs, i.la || '_' || i.la_pid) AS combined_id,
        CASE
            WHEN lower(i.event_type) LIKE '%service%' THEN 'Service'
            WHEN lower(i.event_type) LIKE '%request%' THEN 'Request'
            WHEN lower(i.event_type) LIKE '%assessment%' THEN 'Assessment'
            WHEN lower(i.event_type) LIKE '%review%' THEN 'Review'
        END AS clean_event_type,
        CASE WHEN nullif(trim(i.client_type), '') IS NULL THEN NULL ELSE coalesce(clean_client_type.r2_value, 'Invalid and not mapped') END AS clean_client_type,
        CASE WHEN nullif(trim(i.gender), '') IS NULL THEN NULL ELSE coalesce(clean_gender.r2_value, 'Invalid and not mapped') END AS clean_gender,
        CASE WHEN nullif(trim(i.ethnicity), '') IS NULL THEN NULL ELSE coalesce(clean_ethnicity.r2_value, 'Invalid and not mapped') END AS clean_ethnicity,
        CASE WHEN nullif(trim(i.primary_support_reason), '') IS NULL THEN NULL ELSE coalesce(clean_psr.r2_value, 'Invalid and not mapped') END AS clean_psr,
        CASE WHEN nullif(trim(i.accommodation_status), '') IS NULL THEN NULL ELSE coalesce(clean_accommodation.r2_value, 'Invalid and not mapped') END AS clean_accommodation,
        CASE WHEN nullif(trim(i.employment_status), '') IS NULL THEN NULL ELSE coalesce(clean_employment.r2_value, 'Invalid and not mapped') END AS clean_employment,
        CASE WHEN nullif(trim(i.client_funding_status), '') IS NULL THEN NULL ELSE coalesce(clean_funding.r2_value, 'Invalid and not mapped') END AS clean_funding,
        CASE WHEN nullif(trim(i.has_unpaid_carer), '') IS NULL THEN NULL ELSE coalesce(clean_has_unpaid_carer.r2_value, 'Invalid and not mapped') END AS clean_has_unpaid_carer,
        CASE WHEN nullif(trim(i.event_outcome), '') IS NULL THEN NULL ELSE coalesce(clean_outcome.r2_value, 'Invalid and not mapped') END AS clean_outcome,
        CASE WHEN nullif(trim(i.request_route_of_access), '') IS NULL THEN NULL ELSE coalesce(clean_route.r2_value, 'Invalid and not mapped') END AS clean_route,
        CASE WHEN nullif(trim(i.assessment_type), '') IS NULL THEN NULL ELSE coalesce(clean_assessment_type.r2_value, 'Invalid and not mapped') END AS clean_assessment_type,
        CASE WHEN nullif(trim(i.service_type), '') IS NULL THEN NULL ELSE coalesce(clean_service_type.r2_value, 'Invalid and not mapped') END AS clean_service_type,
        CASE WHEN nullif(trim(i.service_component), '') IS NULL THEN NULL ELSE coalesce(clean_component.r2_value, 'Invalid and not mapped') END AS clean_component,
        CASE WHEN nullif(trim(i.delivery_mechanism), '') IS NULL THEN NULL ELSE coalesce(clean_mechanism.r2_value, 'Invalid and not mapped') END AS clean_mechanism,
        CASE WHEN nullif(trim(i.review_reason), '') IS NULL THEN NULL ELSE coalesce(clean_review_reason.r2_value, 'Invalid and not mapped') END AS clean_review_reason,
        CASE WHEN nullif(trim(i.cost_frequency_unit_type), '') IS NULL THEN NULL ELSE coalesce(clean_cost_frequency.r2_value, 'Invalid and not mapped') END AS clean_cost_frequency
    FROM ids AS i
    LEFT JOIN nhs_by_la_id AS b ON b.la = i.la AND b.la_pid = i.la_pid  -- used only when i.nhs is blank
    LEFT JOIN ref_values AS clean_client_type ON clean_client_type.list_name = 'client_type' AND clean_client_type.raw_lower = lower(trim(i.client_type))
    LEFT JOIN ref_values AS clean_gender ON clean_gender.list_name = 'gender' AND clean_gender.raw_lower = lower(trim(i.gender))
    LEFT JOIN ref_values AS clean_ethnicity ON clean_ethnicity.list_name = 'ethnicity' AND clean_ethnicity.raw_lower = lower(trim(i.ethnicity))
    LEFT JOIN ref_values AS clean_psr ON clean_psr.list_name = 'primary_support_reason' AND clean_psr.raw_lower = lower(trim(i.primary_support_reason))
    LEFT JOIN ref_values AS clean_accommodation ON clean_accommodation.list_name = 'accommodation_status' AND clean_accommodation.raw_lower = lower(trim(i.accommodation_status))
    LEFT JOIN ref_values AS clean_employment ON clean_employment.list_name = 'employment_status' AND clean_employment.raw_lower = lower(trim(i.employment_status))
    LEFT JOIN ref_values AS clean_funding ON clean_funding.list_name = 'client_funding_status' AND clean_funding.raw_lower = lower(trim(i.client_funding_status))
    LEFT JOIN ref_values AS clean_has_unpaid_carer ON clean_has_unpaid_carer.list_name = 'has_unpaid_carer' AND clean_has_unpaid_carer.raw_lower = lower(trim(i.has_unpaid_carer))
    LEFT JOIN ref_values AS clean_outcome ON clean_outcome.list_name = 'event_outcome' AND clean_outcome.raw_lower = lower(trim(i.event_outcome))
    LEFT JOIN ref_values AS clean_route ON clean_route.list_name = 'route_of_access' AND clean_route.raw_lower = lower(trim(i.request_route_of_access))
    LEFT JOIN ref_values AS clean_assessment_type ON clean_assessment_type.list_name = 'assessment_type' AND clean_assessment_type.raw_lower = lower(trim(i.assessment_type))
    LEFT JOIN ref_values AS clean_service_type ON clean_service_type.list_name = 'service_type' AND clean_service_type.raw_lower = lower(trim(i.service_type))
    LEFT JOIN ref_values AS clean_component ON clean_component.list_name = 'service_component' AND clean_component.raw_lower = lower(trim(i.service_component))
    LEFT JOIN ref_values AS clean_mechanism ON clean_mechanism.list_name = 'delivery_mechanism' AND clean_mechanism.raw_lower = lower(trim(i.delivery_mechanism))
    LEFT JOIN ref_values AS clean_review_reason ON clean_review_reason.list_name = 'review_reason' AND clean_review_reason.raw_lower = lower(trim(i.review_reason))
    LEFT JOIN ref_values AS clean_cost_frequency ON clean_cost_frequency.list_name = 'cost_frequency' AND clean_cost_frequency.raw_lower = lower(trim(i.cost_frequency_unit_type))
)
SELECT
    c.extract_id,
    c.record_id,
    c.row_key,
    c.la AS la_code,
    c.combined_id AS person_id,
    c.la_pid AS la_person_id,
    c.clean_client_type AS client_type,
    c.clean_event_type AS event_type,
    c.start_date AS event_start,
    c.end_date AS recorded_end,
    c.birth_date AS date_of_birth,
    CAST(date_trunc('month', c.birth_date) AS DATE) AS proxy_dob,  -- §5: first of the birth month
    c.death_date AS date_of_death,
    c.clean_gender AS gender,
    c.clean_ethnicity AS ethnicity,
    CASE
        WHEN c.clean_ethnicity IS NULL THEN NULL
        ELSE coalesce(eg.grp, 'Unknown')
    END AS ethnicity_group,
    c.clean_psr AS psr,
    c.clean_accommodation AS accommodation,
    c.clean_employment AS employment,
    c.clean_funding AS funding_status,
    c.clean_has_unpaid_carer AS has_unpaid_carer,
    c.clean_outcome AS event_outcome,
    coalesce(o.rank, 999) AS outcome_rank,  -- §4.3 hierarchy; 999 when invalid or missing
    c.clean_route AS route_of_access,
    c.clean_assessment_type AS assessment_type,
    c.clean_service_type AS service_type,
    c.clean_component AS service_component,
    c.clean_mechanism AS delivery_mechanism,
    c.clean_review_reason AS review_reason,
    TRY_CAST(replace(replace(trim(c.unit_cost), '£', ''), ',', '') AS DECIMAL(18, 2)) AS unit_cost,
    c.clean_cost_frequency AS cost_frequency,
    TRY_CAST(replace(replace(trim(c.planned_units_per_week), '£', ''), ',', '') AS DECIMAL(18, 2)) AS planned_units_per_week,
    nullif(trim(c.adult_1_linked_person_id), '') AS linked_person_1,
    nullif(trim(c.adult_2_linked_person_id), '') AS linked_person_2,
    nullif(trim(c.adult_3_linked_person_id), '') AS linked_person_3,
    c.event_description,
    c.event_reference,
    coalesce(c.clean_event_type = 'Request' AND lower(c.event_description) LIKE '%conversation%', false)
        AS conversation,
    -- Identifying values for §6.5 and the cropping of §6.4 step 5.
    CASE WHEN c.clean_client_type = 'Invalid and not mapped' THEN lower(trim(c.client_type)) ELSE c.clean_client_type END AS client_type_key,
    CASE WHEN c.clean_route = 'Invalid and not mapped' THEN lower(trim(c.request_route_of_access)) ELSE c.clean_route END AS route_key,
    CASE WHEN c.clean_assessment_type = 'Invalid and not mapped' THEN lower(trim(c.assessment_type)) ELSE c.clean_assessment_type END AS assessment_type_key,
    CASE WHEN c.clean_service_type = 'Invalid and not mapped' THEN lower(trim(c.service_type)) ELSE c.clean_service_type END AS service_type_key,
    CASE WHEN c.clean_component = 'Invalid and not mapped' THEN lower(trim(c.service_component)) ELSE c.clean_component END AS component_key
FROM coded AS c
LEFT JOIN ref_outcome AS o ON o.value = c.clean_outcome
LEFT JOIN ref_ethnicity AS eg ON eg.value = c.clean_ethnicity
WHERE c.combined_id IS NOT NULL;

-- §6.3–6.5 in one statement: period filter, end-date cropping, de-duplication. The steps work
-- on the few columns they need; the chosen rows are joined back to cleaned_rows at the end.
CREATE OR REPLACE TEMP TABLE unique_rows AS
WITH last_quarters AS (
    SELECT la_code, max(quarter_no) AS last_quarter_no FROM quarter_extracts GROUP BY la_code
),
served AS (
    SELECT 'joined' AS source, q.quarter_no, q.quarter_start AS ref_period_start,
           q.quarter_end AS ref_period_end, q.extract_id, l.last_quarter_no
    FROM quarter_extracts AS q
    JOIN last_quarters AS l ON l.la_code = q.la_code
    UNION ALL
    SELECT 'single', CAST(NULL AS INTEGER), s.period_start, s.period_end, s.extract_id, CAST(NULL AS INTEGER)
    FROM single_extract AS s
),
-- §6.3 step 1: the derived end date (death rule).
with_derived_end AS (
    SELECT
        s.source, s.quarter_no, s.last_quarter_no, s.ref_period_start, s.ref_period_end,
        c.row_key, c.la_code, c.person_id, c.event_type, c.event_start, c.client_type, c.date_of_death,
        c.client_type_key, c.route_key, c.assessment_type_key, c.service_type_key, c.component_key,
        c.delivery_mechanism, c.unit_cost, c.cost_frequency, c.planned_units_per_week, c.outcome_rank,
        c.conversation,
        CASE
            WHEN c.date_of_death >= c.event_start
             AND (c.recorded_end IS NULL OR c.date_of_death <= c.recorded_end) THEN c.date_of_death
            ELSE c.recorded_end
        END AS event_end
    FROM served AS s
    JOIN cleaned_rows AS c ON c.extract_id = s.extract_id
),
-- §6.3 steps 2–4: each quarter's rows from the extract chosen for it, and the single
-- submission's rows over its own period.
period_rows AS (
    SELECT *
    FROM with_derived_end AS w
    WHERE (
            (w.event_type = 'Service'
                AND w.event_start <= w.ref_period_end
                AND (w.event_end IS NULL OR w.event_end >= w.ref_period_start))
         OR (w.event_type IS DISTINCT FROM 'Service'
                AND w.event_start <= w.ref_period_end
                AND w.event_end BETWEEN w.ref_period_start AND w.ref_period_end)
         OR (w.event_type IS NULL AND w.client_type = 'Unpaid carer known by association'
                AND w.event_start IS NULL AND w.event_end IS NULL)
        )
      AND (w.date_of_death IS NULL
           OR (w.date_of_death >= w.ref_period_start
               AND (w.event_start IS NULL OR w.date_of_death >= w.event_start)))
),
-- §6.4 step 5 (joined only): a service still open at the end of its quarter that the next
-- quarter's rows do not hold ends at that quarter's end; never in the last quarter. Only a copy
-- from the latest quarter holding the event can survive de-duplication, and the next quarter
-- never holds the event then, so cropping those copies gives DHSC's result for the kept row.
-- The partition is §6.5's identifying fields: any difference means a different event.
latest_quarter AS (
    SELECT
        *,
        max(quarter_no) OVER (
            PARTITION BY
            source, la_code, person_id, event_type, event_start, client_type_key,
            CASE WHEN event_type IS DISTINCT FROM 'Service' THEN event_end END,
            CASE WHEN event_type = 'Request' THEN route_key END,
            CASE WHEN event_type = 'Assessment' THEN assessment_type_key END,
            CASE WHEN event_type = 'Service' THEN service_type_key END,
            CASE WHEN event_type = 'Service' THEN component_key END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN delivery_mechanism END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN unit_cost END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN cost_frequency END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN planned_units_per_week END
        ) AS latest_quarter_no
    FROM period_rows
),
cropping AS (
    SELECT
        *,
        coalesce(
            source = 'joined'
            AND event_type = 'Service'
            AND quarter_no = latest_quarter_no
            AND quarter_no < last_quarter_no
            AND (event_end IS NULL OR event_end > ref_period_end),
            false
        ) AS end_cropped
    FROM latest_quarter
),
cropped AS (
    SELECT
        source, row_key, la_code, person_id, event_type, event_start, client_type_key, route_key,
        assessment_type_key, service_type_key, component_key, delivery_mechanism, unit_cost,
        cost_frequency, planned_units_per_week, outcome_rank, conversation, ref_period_start,
        ref_period_end, end_cropped,
        CASE WHEN end_cropped THEN ref_period_end ELSE event_end END AS event_end
    FROM cropping
),
-- §6.5: one row per event, by DHSC's tie-breaks: latest reference period (joined), open end
-- first then latest end, best outcome rank, conversation first, highest row_key.
chosen AS (
    SELECT source, row_key, ref_period_start, ref_period_end, event_end, end_cropped
    FROM (
        SELECT
            *,
            row_number() OVER (
        PARTITION BY
            source, la_code, person_id, event_type, event_start, client_type_key,
            CASE WHEN event_type IS DISTINCT FROM 'Service' THEN event_end END,
            CASE WHEN event_type = 'Request' THEN route_key END,
            CASE WHEN event_type = 'Assessment' THEN assessment_type_key END,
            CASE WHEN event_type = 'Service' THEN service_type_key END,
            CASE WHEN event_type = 'Service' THEN component_key END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN delivery_mechanism END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN unit_cost END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN cost_frequency END,
            CASE WHEN source = 'single' AND event_type = 'Service' THEN planned_units_per_week END
        ORDER BY ref_period_end DESC, (event_end IS NULL) DESC, event_end DESC, outcome_rank, conversation DESC,
                 row_key DESC
            ) AS choice
        FROM cropped
    ) AS ranked
    WHERE choice = 1
)
SELECT c.*, h.source, h.ref_period_start, h.ref_period_end, h.event_end, h.end_cropped
FROM chosen AS h
JOIN cleaned_rows AS c USING (row_key);

-- The two tables' columns, in the order the contract gives them (the same list twice: keep them
-- alike; test_pipeline checks both against engine.EVENT_COLUMNS).
CREATE OR REPLACE TABLE events AS
SELECT
    extract_id, record_id, row_key, la_code, person_id, la_person_id, client_type, event_type,
    event_start, event_end, recorded_end, date_of_birth, proxy_dob, date_of_death, gender,
    ethnicity, ethnicity_group, psr, accommodation, employment, funding_status, has_unpaid_carer,
    event_outcome, outcome_rank, route_of_access, assessment_type, service_type, service_component,
    delivery_mechanism, review_reason, unit_cost, cost_frequency, planned_units_per_week,
    linked_person_1, linked_person_2, linked_person_3, event_description, event_reference,
    conversation, ref_period_start, ref_period_end, end_cropped
FROM unique_rows
WHERE source = 'joined'
ORDER BY row_key;

CREATE OR REPLACE TABLE events_single AS
SELECT
    extract_id, record_id, row_key, la_code, person_id, la_person_id, client_type, event_type,
    event_start, event_end, recorded_end, date_of_birth, proxy_dob, date_of_death, gender,
    ethnicity, ethnicity_group, psr, accommodation, employment, funding_status, has_unpaid_carer,
    event_outcome, outcome_rank, route_of_access, assessment_type, service_type, service_component,
    delivery_mechanism, review_reason, unit_cost, cost_frequency, planned_units_per_week,
    linked_person_1, linked_person_2, linked_person_3, event_description, event_reference,
    conversation, ref_period_start, ref_period_end, end_cropped
FROM unique_rows
WHERE source = 'single'
ORDER BY row_key;

-- The councils whose extracts are loaded: every measure gives each of them its rows.
CREATE OR REPLACE TABLE councils AS
SELECT DISTINCT la_code FROM cleaned_rows WHERE la_code IS NOT NULL;

DROP TABLE unique_rows;
