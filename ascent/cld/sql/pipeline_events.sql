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

CREATE OR REPLACE TEMP MACRO cld_clean(list, v) AS
    CASE
        WHEN nullif(trim(v), '') IS NULL THEN NULL
        ELSE coalesce(
            (SELECT rv.r2_value FROM ref_values AS rv WHERE rv.list_name = list AND rv.raw_lower = lower(trim(v))),
            'Invalid and not mapped'
        )
    END;

CREATE OR REPLACE TEMP MACRO cld_key(cleaned, v) AS
    CASE WHEN cleaned = 'Invalid and not mapped' THEN lower(trim(v)) ELSE cleaned END;

CREATE OR REPLACE TEMP MACRO cld_money(v) AS
    TRY_CAST(replace(replace(trim(v), '£', ''), ',', '') AS DECIMAL(18, 2));

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
    SELECT la, la_pid, any_value(nhs) AS nhs
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
        cld_clean('client_type', i.client_type) AS clean_client_type,
        cld_clean('gender', i.gender) AS clean_gender,
        cld_clean('ethnicity', i.ethnicity) AS clean_ethnicity,
        cld_clean('primary_support_reason', i.primary_support_reason) AS clean_psr,
        cld_clean('accommodation_status', i.accommodation_status) AS clean_accommodation,
        cld_clean('employment_status', i.employment_status) AS clean_employment,
        cld_clean('client_funding_status', i.client_funding_status) AS clean_funding,
        cld_clean('has_unpaid_carer', i.has_unpaid_carer) AS clean_has_unpaid_carer,
        cld_clean('event_outcome', i.event_outcome) AS clean_outcome,
        cld_clean('route_of_access', i.request_route_of_access) AS clean_route,
        cld_clean('assessment_type', i.assessment_type) AS clean_assessment_type,
        cld_clean('service_type', i.service_type) AS clean_service_type,
        cld_clean('service_component', i.service_component) AS clean_component,
        cld_clean('delivery_mechanism', i.delivery_mechanism) AS clean_mechanism,
        cld_clean('review_reason', i.review_reason) AS clean_review_reason,
        cld_clean('cost_frequency', i.cost_frequency_unit_type) AS clean_cost_frequency
    FROM ids AS i
    LEFT JOIN nhs_by_la_id AS b ON b.la = i.la AND b.la_pid = i.la_pid AND i.nhs IS NULL
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
    cld_money(c.unit_cost) AS unit_cost,
    c.clean_cost_frequency AS cost_frequency,
    cld_money(c.planned_units_per_week) AS planned_units_per_week,
    nullif(trim(c.adult_1_linked_person_id), '') AS linked_person_1,
    nullif(trim(c.adult_2_linked_person_id), '') AS linked_person_2,
    nullif(trim(c.adult_3_linked_person_id), '') AS linked_person_3,
    c.event_description,
    c.event_reference,
    coalesce(c.clean_event_type = 'Request' AND lower(c.event_description) LIKE '%conversation%', false)
        AS conversation,
    -- Identifying values for §6.5 and the cropping of §6.4 step 5.
    cld_key(c.clean_client_type, c.client_type) AS client_type_key,
    cld_key(c.clean_route, c.request_route_of_access) AS route_key,
    cld_key(c.clean_assessment_type, c.assessment_type) AS assessment_type_key,
    cld_key(c.clean_service_type, c.service_type) AS service_type_key,
    cld_key(c.clean_component, c.service_component) AS component_key
FROM coded AS c
LEFT JOIN ref_outcome AS o ON o.value = c.clean_outcome
LEFT JOIN ref_ethnicity AS eg ON eg.value = c.clean_ethnicity
WHERE c.combined_id IS NOT NULL;

-- §6.3: each quarter's rows from the extract chosen for it, and the single submission's rows
-- over its own period. The derived end date applies the death rule.
CREATE OR REPLACE TEMP TABLE period_rows AS
WITH served AS (
    SELECT 'joined' AS source, q.quarter_no, q.quarter_start AS ref_period_start,
           q.quarter_end AS ref_period_end, q.extract_id
    FROM quarter_extracts AS q
    UNION ALL
    SELECT 'single', NULL, s.period_start, s.period_end, s.extract_id
    FROM single_extract AS s
),
with_derived_end AS (
    SELECT
        s.source, s.quarter_no, s.ref_period_start, s.ref_period_end, c.*,
        CASE
            WHEN c.date_of_death >= c.event_start
             AND (c.recorded_end IS NULL OR c.date_of_death <= c.recorded_end) THEN c.date_of_death
            ELSE c.recorded_end
        END AS event_end
    FROM served AS s
    JOIN cleaned_rows AS c ON c.extract_id = s.extract_id
)
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
       OR (w.date_of_death >= w.ref_period_start AND (w.event_start IS NULL OR w.date_of_death >= w.event_start)));

-- §6.4 step 5 (joined only): a service still open at the end of its quarter that the next
-- quarter's rows do not hold (same identifying fields) ends at the quarter's end. Never the last
-- quarter.
CREATE OR REPLACE TEMP TABLE candidate_rows AS
WITH last_quarter AS (
    SELECT max(quarter_no) AS quarter_no FROM quarter_extracts
),
cropping AS (
    SELECT
        p.*,
        (p.source = 'joined'
         AND p.event_type = 'Service'
         AND p.quarter_no < (SELECT quarter_no FROM last_quarter)
         AND (p.event_end IS NULL OR p.event_end > p.ref_period_end)
         AND NOT EXISTS (
             SELECT 1
             FROM period_rows AS n
             WHERE n.source = 'joined'
               AND n.quarter_no = p.quarter_no + 1
               AND n.la_code = p.la_code
               AND n.person_id = p.person_id
               AND n.event_type = 'Service'
               AND n.event_start IS NOT DISTINCT FROM p.event_start
               AND n.client_type_key IS NOT DISTINCT FROM p.client_type_key
               AND n.service_type_key IS NOT DISTINCT FROM p.service_type_key
               AND n.component_key IS NOT DISTINCT FROM p.component_key
         )) AS end_cropped
    FROM period_rows AS p
)
SELECT * REPLACE (CASE WHEN end_cropped THEN ref_period_end ELSE event_end END AS event_end)
FROM cropping;

-- §6.5: one row per unique event. Identifying fields by event type; the single submission adds
-- the cost fields for services. Tie-breaks in DHSC's order: latest reference period (joined),
-- open end first then latest end, best outcome rank, conversation first, highest row_key.
CREATE OR REPLACE TEMP TABLE unique_rows AS
SELECT *
FROM (
    SELECT
        c.*,
        row_number() OVER (
            PARTITION BY
                c.source, c.la_code, c.person_id, c.event_type, c.event_start, c.client_type_key,
                CASE WHEN c.event_type IS DISTINCT FROM 'Service' THEN c.event_end END,
                CASE WHEN c.event_type = 'Request' THEN c.route_key END,
                CASE WHEN c.event_type = 'Assessment' THEN c.assessment_type_key END,
                CASE WHEN c.event_type = 'Service' THEN c.service_type_key END,
                CASE WHEN c.event_type = 'Service' THEN c.component_key END,
                CASE WHEN c.source = 'single' AND c.event_type = 'Service' THEN c.delivery_mechanism END,
                CASE WHEN c.source = 'single' AND c.event_type = 'Service' THEN c.unit_cost END,
                CASE WHEN c.source = 'single' AND c.event_type = 'Service' THEN c.cost_frequency END,
                CASE WHEN c.source = 'single' AND c.event_type = 'Service' THEN c.planned_units_per_week END
            ORDER BY
                c.ref_period_end DESC,
                (c.event_end IS NULL) DESC,
                c.event_end DESC,
                c.outcome_rank,
                c.conversation DESC,
                c.row_key DESC
        ) AS pick
    FROM candidate_rows AS c
)
WHERE pick = 1;

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

DROP TABLE period_rows;
DROP TABLE candidate_rows;
DROP TABLE unique_rows;
