-- Pipeline step 3: the "latest known" person-details table for one reporting period.
-- Follows reference client-level-data.md §6.6 (and §5 for the date of birth).
--
-- Reads: events, params (period_start, period_end), ref_accommodation, ref_ethnicity.
-- Makes: person_details, one row per la_code × person_id, with la_person_id (latest) and
--        la_person_ids (every LA ID seen), accommodation (with the setting fallback),
--        accommodation_inferred, settled, employment, gender, ethnicity, ethnicity_group,
--        funding_status, psr, has_unpaid_carer, date_of_birth, proxy_dob, date_of_death.
--
-- For each attribute the person's rows are ranked: a known value first, then the later reference
-- period (quarter), then the later end date (open first), then the later start. The top-ranked
-- rows give the value; if they disagree the value is 'Unknown' (ethnicity: 'No data: Undeclared
-- or not known', with 'No data: Refused' outranking it).
--
-- Portable SQL (DuckDB, and Spark SQL through SQLGlot): row_number() instead of arg_min/arg_max,
-- max() where any value of one would do. Every partition is per la_code × person_id, so several
-- councils can be built at once.
--
-- Deliberate deviations from the reference (and why):
-- * Only rows starting on or before the period end are used (undated known-by-association rows
--   too), so a period's figures do not use what was learnt after it. DHSC builds the table from
--   the joined table as it stood, which has the same effect.
-- * "Later submission" for date of birth and death is the later row_key (load order, then row).
-- * An attribute with no known value on its top-ranked rows is 'Unknown' (NULLs included).
-- * The setting fallback ranks the person's service-user service rows: open first, then latest
--   end, then the setting (nursing > residential > community > prison > ST-Max > ongoing low
--   level > other short term), then rows whose component points to a setting, then latest start.
--   Top-ranked rows that infer different accommodations give 'Unknown'.

CREATE OR REPLACE TABLE person_details AS
WITH period AS (
    SELECT period_start, period_end FROM params
),
person_rows AS (
    SELECT e.*
    FROM events AS e, period AS p
    WHERE coalesce(e.event_start, e.ref_period_start) <= p.period_end
       OR (e.event_start IS NULL AND e.ref_period_start IS NULL)
),
-- One row per person × attribute × event row, with how well known the value is.
attribute_values AS (
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'accommodation' AS attribute,
           accommodation AS value,
           CASE WHEN accommodation IN ('Unknown', 'Invalid and not mapped') OR accommodation IS NULL
                THEN 0 ELSE 2 END AS known
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'employment', employment,
           CASE WHEN employment IN ('Unknown', 'Invalid and not mapped') OR employment IS NULL THEN 0 ELSE 2 END
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'gender', gender,
           CASE WHEN gender IN ('Unknown', 'Invalid and not mapped') OR gender IS NULL THEN 0 ELSE 2 END
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'ethnicity', ethnicity,
           CASE
               WHEN ethnicity = 'No data: Refused' THEN 1
               WHEN ethnicity IS NULL OR ethnicity LIKE 'No data:%' OR ethnicity = 'Invalid and not mapped' THEN 0
               ELSE 2
           END
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'funding_status', funding_status,
           CASE WHEN funding_status IN ('Fully social care funded', 'Joint client and social care funded',
                                        'Fully client funded') THEN 2 ELSE 0 END
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'psr', psr,
           CASE WHEN psr IN ('Unknown', 'Invalid and not mapped', 'Social support: Support to unpaid carer')
                  OR psr IS NULL THEN 0 ELSE 2 END
    FROM person_rows
    UNION ALL
    SELECT la_code, person_id, ref_period_end, event_start, event_end, 'has_unpaid_carer', has_unpaid_carer,
           CASE WHEN has_unpaid_carer IN ('Yes', 'No') THEN 2 ELSE 0 END
    FROM person_rows
),
ranked_values AS (
    SELECT *,
           rank() OVER (
               PARTITION BY la_code, person_id, attribute
               ORDER BY known DESC, ref_period_end DESC NULLS LAST, (event_end IS NULL) DESC,
                        event_end DESC NULLS LAST, event_start DESC NULLS LAST
           ) AS position
    FROM attribute_values
),
latest_known AS (
    SELECT
        la_code, person_id, attribute,
        CASE
            WHEN max(known) = 0 AND attribute = 'ethnicity' THEN 'No data: Undeclared or not known'
            WHEN max(known) = 0 THEN 'Unknown'
            WHEN count(DISTINCT value) = 1 THEN max(value)
            WHEN attribute = 'ethnicity' THEN 'No data: Undeclared or not known'
            ELSE 'Unknown'
        END AS value
    FROM ranked_values
    WHERE position = 1
    GROUP BY la_code, person_id, attribute
),
attributes AS (
    SELECT
        la_code, person_id,
        max(value) FILTER (WHERE attribute = 'accommodation') AS accommodation,
        max(value) FILTER (WHERE attribute = 'employment') AS employment,
        max(value) FILTER (WHERE attribute = 'gender') AS gender,
        max(value) FILTER (WHERE attribute = 'ethnicity') AS ethnicity,
        max(value) FILTER (WHERE attribute = 'funding_status') AS funding_status,
        max(value) FILTER (WHERE attribute = 'psr') AS psr,
        max(value) FILTER (WHERE attribute = 'has_unpaid_carer') AS has_unpaid_carer
    FROM latest_known
    GROUP BY la_code, person_id
),
-- §5: date of birth: a known one first, then the later row, then the earliest date. Date of
-- death: a known one first, then the later row, then the latest date. LA person ID: a known one
-- from the later row; la_person_ids: every one seen, sorted.
identity_ranked AS (
    SELECT
        la_code, person_id, date_of_birth, date_of_death, la_person_id,
        row_number() OVER (
            PARTITION BY la_code, person_id
            ORDER BY (date_of_birth IS NULL), row_key DESC, date_of_birth NULLS LAST
        ) AS birth_choice,
        row_number() OVER (
            PARTITION BY la_code, person_id
            ORDER BY (date_of_death IS NULL), row_key DESC, date_of_death DESC NULLS LAST
        ) AS death_choice,
        row_number() OVER (
            PARTITION BY la_code, person_id ORDER BY (la_person_id IS NULL), row_key DESC
        ) AS la_id_choice
    FROM person_rows
),
identity AS (
    SELECT
        la_code, person_id,
        max(CASE WHEN birth_choice = 1 THEN date_of_birth END) AS date_of_birth,
        max(CASE WHEN death_choice = 1 THEN date_of_death END) AS date_of_death,
        max(CASE WHEN la_id_choice = 1 THEN la_person_id END) AS la_person_id,
        CASE
            WHEN count(la_person_id) > 0
                THEN list_sort(list(DISTINCT la_person_id) FILTER (WHERE la_person_id IS NOT NULL))
        END AS la_person_ids
    FROM identity_ranked
    GROUP BY la_code, person_id
),
-- Accommodation fallback: the setting of the person's latest service.
latest_service AS (
    SELECT la_code, person_id, inferred,
           rank() OVER (
               PARTITION BY la_code, person_id
               ORDER BY (event_end IS NULL) DESC, event_end DESC NULLS LAST, setting_rank, component_points DESC,
                        event_start DESC NULLS LAST
           ) AS position
    FROM (
        SELECT
            la_code, person_id, event_start, event_end,
            CASE service_type
                WHEN 'Long term support: Nursing care' THEN 1
                WHEN 'Long term support: Residential care' THEN 2
                WHEN 'Long term support: Community' THEN 3
                WHEN 'Long term support: Prison' THEN 4
                WHEN 'Short term support: ST-Max' THEN 5
                WHEN 'Short term support: Ongoing low level' THEN 6
                WHEN 'Short term support: Other short term' THEN 7
                ELSE 8
            END AS setting_rank,
            coalesce(service_component IN ('Shared Lives', 'Extra care housing', 'Community supported living',
                                           'Home support or domiciliary care'), false) AS component_points,
            CASE
                WHEN service_type = 'Long term support: Nursing care' THEN 'Registered nursing home'
                WHEN service_type = 'Long term support: Residential care' THEN 'Registered care home'
                WHEN service_component = 'Shared Lives' THEN 'Shared Lives scheme'
                WHEN service_component = 'Extra care housing'
                    THEN 'Sheltered housing, extra care housing or other sheltered housing'
                WHEN service_component = 'Community supported living'
                    THEN 'Supported accommodation, supported lodgings or supported group home'
                WHEN service_type = 'Long term support: Community'
                 AND service_component = 'Home support or domiciliary care' THEN 'Unknown: Presumed at home'
                WHEN service_type = 'Long term support: Community' THEN 'Unknown: Presumed in community'
                WHEN service_type = 'Long term support: Prison'
                    THEN 'Prison, young offenders institution or detention centre'
                ELSE 'Unknown'
            END AS inferred
        FROM person_rows
        WHERE event_type = 'Service' AND client_type = 'Service user'
    )
),
inferred_accommodation AS (
    SELECT la_code, person_id,
           CASE WHEN count(DISTINCT inferred) = 1 THEN max(inferred) ELSE 'Unknown' END AS inferred
    FROM latest_service
    WHERE position = 1
    GROUP BY la_code, person_id
),
-- Has-unpaid-carer override: named as a linked adult on a carer row overlapping the year.
linked_by_carers AS (
    SELECT DISTINCT la_code, la_person_id
    FROM (
        SELECT e.la_code, e.linked_person_1 AS la_person_id, e.event_start, e.event_end, e.ref_period_start,
               e.ref_period_end, e.client_type
        FROM events AS e
        UNION ALL
        SELECT e.la_code, e.linked_person_2, e.event_start, e.event_end, e.ref_period_start, e.ref_period_end,
               e.client_type
        FROM events AS e
        UNION ALL
        SELECT e.la_code, e.linked_person_3, e.event_start, e.event_end, e.ref_period_start, e.ref_period_end,
               e.client_type
        FROM events AS e
    ) AS l, period AS p
    WHERE l.client_type IN ('Unpaid carer', 'Unpaid carer known by association')
      AND coalesce(l.event_start, l.ref_period_start, p.period_start) <= p.period_end
      AND coalesce(l.event_end, l.ref_period_end, p.period_end) >= p.period_start
),
cared_for_people AS (
    SELECT DISTINCT r.la_code, r.person_id
    FROM person_rows AS r
    JOIN linked_by_carers AS l ON l.la_code = r.la_code AND l.la_person_id = r.la_person_id
)
SELECT
    a.la_code,
    a.person_id,
    i.la_person_id,
    i.la_person_ids,
    CASE WHEN a.accommodation = 'Unknown' THEN coalesce(f.inferred, 'Unknown') ELSE a.accommodation END
        AS accommodation,
    a.accommodation = 'Unknown' AND coalesce(f.inferred, 'Unknown') <> 'Unknown' AS accommodation_inferred,
    coalesce(s.settled, false) AS settled,
    a.employment,
    a.gender,
    a.ethnicity,
    coalesce(g.grp, 'No data') AS ethnicity_group,
    a.funding_status,
    a.psr,
    CASE WHEN c.person_id IS NOT NULL THEN 'Yes' ELSE a.has_unpaid_carer END AS has_unpaid_carer,
    i.date_of_birth,
    CAST(date_trunc('month', i.date_of_birth) AS DATE) AS proxy_dob,
    i.date_of_death
FROM attributes AS a
JOIN identity AS i USING (la_code, person_id)
LEFT JOIN inferred_accommodation AS f USING (la_code, person_id)
LEFT JOIN ref_accommodation AS s
    ON s.value = CASE WHEN a.accommodation = 'Unknown' THEN coalesce(f.inferred, 'Unknown') ELSE a.accommodation END
LEFT JOIN ref_ethnicity AS g ON g.value = a.ethnicity
LEFT JOIN cared_for_people AS c USING (la_code, person_id);
