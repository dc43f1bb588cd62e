-- ASCOF 3D: self-directed support and direct payments.
-- Parts 1a / 2a: service users in long-term community support at the year end who have
-- self-directed support (a direct payment or a council-managed personal budget) / a direct payment.
-- Parts 1b / 2b: unpaid carers supported during the year who have self-directed support / a
-- direct payment.
-- Follows reference client-level-data.md §12.1 and §12.2 (DHSC's Create_ASCOF_3D_2425_Onwards),
-- with §5 for ages (proxy date of birth, age at the year end).
--
-- Reads: events, person_details (proxy_dob, date_of_death), councils, params (period_start,
-- period_end). Returns per council (la_code): '3D 1a', '3D 2a', '3D 1b', '3D 2b', each with groups '18 to 64', '65 and above' and
--          'Total' (Total includes unknown ages).
--
-- Replicated on purpose (so our figures match DHSC's):
-- * The blank-component trap for carers (§12.2 step 5): the categories "managed personal
--   budget", "commissioned support" and "unknown mechanism" each test "component is not Direct
--   payment", which is NULL for a blank component. So a direct-to-carer service with a blank
--   component gets a category only if its mechanism is a direct payment; otherwise it gets none
--   and, if it is the carer's only row, the carer is not counted at all.
-- * A carer's age band comes from the youngest age on any of their rows (each row's own date of
--   birth), as DHSC does because cared-for people's dates of birth leak into carer rows.
--
-- Deliberate deviations and choices (and why):
-- * Clients: "valid mechanism" for a community row is any of the three R2 mechanisms; for a prison
--   row only a managed personal budget or commissioned support (there are no direct payments in
--   prison, and the setting ranks have no prison + direct payment rank), so a prison row marked
--   direct payment ranks as prison with unknown mechanism.
-- * Carers: under-18s are not dropped (the method drops them for clients only); they count in
--   Total. A carer row with neither a service type nor an event type (a known-by-association row)
--   may pass the information-and-advice test but gets no category, as in DHSC's table.
-- * Client type: the R1 'Carer' values arrive here already mapped to the R2 'Unpaid carer' ones.

WITH period AS (
    SELECT period_start AS year_start, period_end AS year_end FROM params
),
-- §12.1 step 1: long-term support open on the last day of the year.
client_rows AS (
    SELECT
        e.la_code, e.person_id, e.service_type, pd.proxy_dob,
        -- §12.1 step 2: the effective delivery mechanism.
        CASE
            WHEN e.service_type IN ('Long term support: Nursing care', 'Long term support: Residential care')
                THEN NULL
            WHEN e.service_component = 'Direct payment' THEN 'Direct payment'
            WHEN e.service_type = 'Long term support: Community'
             AND e.delivery_mechanism IN ('Direct payment', 'CASSR managed personal budget',
                                          'CASSR commissioned support') THEN e.delivery_mechanism
            WHEN e.service_type = 'Long term support: Prison'
             AND e.delivery_mechanism IN ('CASSR managed personal budget', 'CASSR commissioned support')
                THEN e.delivery_mechanism
        END AS mechanism
    FROM events AS e
    JOIN person_details AS pd USING (la_code, person_id)
    CROSS JOIN period AS p
    WHERE e.client_type = 'Service user'
      AND e.event_type = 'Service'
      AND e.service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                             'Long term support: Community', 'Long term support: Prison')
      AND e.event_start IS NOT NULL
      AND (e.event_end IS NULL OR e.event_end >= e.event_start)
      AND e.event_start <= p.year_end
      AND (e.event_end IS NULL OR e.event_end >= p.year_end)
      AND (pd.date_of_death IS NULL OR pd.date_of_death >= p.year_end)
),
-- §12.1 step 3: the setting hierarchy.
client_ranked AS (
    SELECT *,
           CASE
               WHEN service_type = 'Long term support: Nursing care' THEN 1
               WHEN service_type = 'Long term support: Residential care' THEN 2
               WHEN service_type = 'Long term support: Community' THEN
                   CASE mechanism
                       WHEN 'Direct payment' THEN 3
                       WHEN 'CASSR managed personal budget' THEN 4
                       WHEN 'CASSR commissioned support' THEN 5
                       ELSE 6
                   END
               ELSE
                   CASE mechanism
                       WHEN 'CASSR managed personal budget' THEN 7
                       WHEN 'CASSR commissioned support' THEN 8
                       ELSE 9
                   END
           END AS setting_rank
    FROM client_rows
),
-- §12.1 step 4: each person at their best rank, aged at the year end; under-18s out.
clients AS (
    SELECT c.la_code, c.person_id, min(c.setting_rank) AS best_rank,
           CAST(floor(date_diff('day', max(c.proxy_dob), max(p.year_end)) / 365.25) AS INTEGER) AS age
    FROM client_ranked AS c, period AS p
    GROUP BY c.la_code, c.person_id
),
client_people AS (
    SELECT *,
           CASE
               WHEN age BETWEEN 18 AND 64 THEN '18 to 64'
               WHEN age >= 65 THEN '65 and above'
               WHEN age < 18 THEN 'Under 18'
               ELSE 'Unknown'
           END AS age_band
    FROM clients
),
-- §12.1 steps 5–6: community clients; 1a self-directed, 2a direct payment.
client_counts AS (
    SELECT la_code, age_band,
           best_rank BETWEEN 3 AND 6 AS in_denominator,
           best_rank IN (3, 4) AS sds,
           best_rank = 3 AS dp
    FROM client_people
    WHERE age_band <> 'Under 18'
),
-- §12.2 step 1: carer rows overlapping the year.
carer_rows AS (
    SELECT e.*
    FROM events AS e
    JOIN person_details AS pd USING (la_code, person_id)
    CROSS JOIN period AS p
    WHERE e.client_type IN ('Unpaid carer', 'Unpaid carer known by association')
      AND e.event_start IS NOT NULL
      AND (e.event_end IS NULL OR e.event_end >= e.event_start)
      AND e.event_start <= p.year_end
      AND (e.event_end IS NULL OR e.event_end >= p.year_start)
      AND (pd.date_of_death IS NULL OR pd.date_of_death >= p.year_start)
      AND (
            (e.service_type IS NULL AND e.event_outcome = 'NFA: Information and advice or signposting')
         OR e.service_type LIKE 'Unpaid carer support:%'
         OR (e.event_type IN ('Assessment', 'Review') AND e.service_type IS NULL)
      )
),
-- §12.2 step 2: support category per row (the component tests keep DHSC's NULL behaviour).
carer_categorised AS (
    SELECT
        c.la_code, c.person_id,
        CAST(floor(date_diff('day', c.proxy_dob, p.year_end) / 365.25) AS INTEGER) AS age,
        CASE
            WHEN c.service_type = 'Unpaid carer support: Direct to unpaid carer'
             AND (c.delivery_mechanism = 'Direct payment' OR c.service_component = 'Direct payment') THEN 1
            WHEN c.service_type = 'Unpaid carer support: Direct to unpaid carer'
             AND c.delivery_mechanism = 'CASSR managed personal budget'
             AND c.service_component <> 'Direct payment' THEN 2
            WHEN c.service_type = 'Unpaid carer support: Direct to unpaid carer'
             AND c.delivery_mechanism = 'CASSR commissioned support'
             AND c.service_component <> 'Direct payment' THEN 3
            WHEN c.service_type = 'Unpaid carer support: Direct to unpaid carer'
             AND c.service_component <> 'Direct payment' THEN 4
            WHEN c.service_type = 'Unpaid carer support: Support involving the person cared-for' THEN 6
            WHEN c.event_type IN ('Assessment', 'Review')
             AND c.event_outcome IS DISTINCT FROM 'NFA: Information and advice or signposting' THEN 6
            WHEN c.event_type IN ('Assessment', 'Review')
             AND c.event_outcome = 'NFA: Information and advice or signposting' THEN 5
            WHEN c.event_type = 'Request' THEN 5
        END AS category
    FROM carer_rows AS c, period AS p
),
-- §12.2 step 3: best category per carer; age band from the youngest age seen.
carers AS (
    SELECT la_code, person_id, min(category) AS best_category, min(age) AS age
    FROM carer_categorised
    GROUP BY la_code, person_id
    HAVING min(category) IS NOT NULL
),
carer_counts AS (
    SELECT
        la_code,
        CASE
            WHEN age BETWEEN 18 AND 64 THEN '18 to 64'
            WHEN age >= 65 THEN '65 and above'
            ELSE 'Other'
        END AS age_band,
        -- §12.2 step 4: DP only, managed PB, commissioned only (unknown mechanism out of scope).
        best_category IN (1, 2, 3) AS in_denominator,
        best_category IN (1, 2) AS sds,
        best_category = 1 AS dp
    FROM carers
),
groups AS (
    SELECT * FROM (VALUES ('18 to 64', 1), ('65 and above', 2), ('Total', 3)) AS g(grp, position)
),
parts AS (
    SELECT * FROM (VALUES ('3D 1a', 'clients', 'sds', 1), ('3D 2a', 'clients', 'dp', 2),
                          ('3D 1b', 'carers', 'sds', 3), ('3D 2b', 'carers', 'dp', 4))
        AS m(measure, cohort, numerator_kind, position)
),
people AS (
    SELECT la_code, 'clients' AS cohort, age_band, in_denominator, sds, dp FROM client_counts
    UNION ALL
    SELECT la_code, 'carers', age_band, in_denominator, sds, dp FROM carer_counts
),
counts AS (
    SELECT
        k.la_code, m.measure, g.grp, m.position AS measure_position, g.position AS group_position,
        count(*) FILTER (WHERE p.in_denominator) AS denominator,
        count(*) FILTER (WHERE p.in_denominator
                           AND CASE m.numerator_kind WHEN 'sds' THEN p.sds ELSE p.dp END) AS numerator
    FROM councils AS k
    CROSS JOIN parts AS m
    CROSS JOIN groups AS g
    LEFT JOIN people AS p
      ON p.la_code = k.la_code AND p.cohort = m.cohort AND (g.grp = 'Total' OR p.age_band = g.grp)
    GROUP BY k.la_code, m.measure, g.grp, m.position, g.position
)
SELECT
    la_code,
    measure,
    grp,
    CAST(numerator AS BIGINT) AS numerator,
    CAST(denominator AS BIGINT) AS denominator,
    CASE WHEN denominator = 0 THEN 0.0 ELSE round(CAST(numerator AS DOUBLE) * 100 / denominator, 1) END AS outcome
FROM counts
ORDER BY la_code, measure_position, group_position;
