-- ASCOF 2E: people in long-term support who live in their own home or with family ("settled"
-- accommodation), and its learning-disability variant '2E LD'.
-- Follows reference client-level-data.md §11 (DHSC's Create_ASCOF_2E_2425_Onwards), with §6.6 for
-- the accommodation (latest known, with the setting fallback) and §4.10 for "settled".
--
-- Reads: events, person_details, councils, params (period_start, period_end).
-- Returns per council (la_code): measure '2E' with groups '18 to 64', '65 and above', each also as '<band> Male' and
--          '<band> Female', plus 'Total', 'Male' and 'Female' over both bands; measure '2E LD'
--          with '18 to 64', '18 to 64 Male', '18 to 64 Female'.
--
-- Method notes kept from DHSC: the denominator keeps people whose accommodation is unknown or
-- invalid (they are never in the numerator); "Unknown: Presumed at home" counts as settled; the
-- Total gender group includes other and unknown genders; people of unknown age (age 0 or no date
-- of birth) are in no group; age is taken at the person's latest long-term support end, capped at
-- the year end (an open service counts as the year end).
--
-- Deliberate deviations and choices (and why):
-- * 'Total', 'Male' and 'Female' over both age bands (18 and over, known age) are our addition:
--   DHSC reports per age band only; a council's scorecard wants one headline figure.
-- * The count of people with unknown, invalid or presumed accommodation (an extra DHSC output) is
--   not returned: the contract's rows carry numerator and denominator only.

WITH period AS (
    SELECT period_start AS year_start, period_end AS year_end FROM params
),
-- §11 step 1: long-term support rows active at any time in the year.
cohort_rows AS (
    SELECT e.la_code, e.person_id, e.event_start, e.event_end
    FROM events AS e, period AS p
    WHERE e.client_type = 'Service user'
      AND e.event_type = 'Service'
      AND e.service_type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                             'Long term support: Community', 'Long term support: Prison')
      AND e.event_start IS NOT NULL
      AND (e.event_end IS NULL OR e.event_end >= e.event_start)
      AND e.event_start <= p.year_end
      AND (e.event_end IS NULL OR e.event_end >= p.year_start)
),
cohort_people AS (
    SELECT la_code, person_id,
           CASE WHEN bool_or(event_end IS NULL) THEN NULL ELSE max(event_end) END AS latest_lts_end
    FROM cohort_rows
    GROUP BY la_code, person_id
),
-- §11 steps 2–4: person details, deaths before the year dropped, age and band.
people AS (
    SELECT
        c.la_code, c.person_id, pd.gender, pd.psr, coalesce(pd.settled, false) AS settled,
        CAST(floor(date_diff('day', pd.proxy_dob, least(coalesce(c.latest_lts_end, p.year_end), p.year_end))
                   / 365.25) AS INTEGER) AS age
    FROM cohort_people AS c
    JOIN person_details AS pd USING (la_code, person_id)
    CROSS JOIN period AS p
    WHERE pd.date_of_death IS NULL OR pd.date_of_death >= p.year_start
),
banded AS (
    SELECT *,
           CASE
               WHEN age BETWEEN 1 AND 17 THEN 'Under 18'
               WHEN age BETWEEN 18 AND 64 THEN '18 to 64'
               WHEN age >= 65 THEN '65 and above'
               ELSE 'Unknown'
           END AS age_band
    FROM people
),
-- The groups each person belongs to (§11 step 6: band × gender, Total including any gender).
memberships AS (
    SELECT la_code, '2E' AS measure, age_band AS grp, settled
    FROM banded WHERE age_band IN ('18 to 64', '65 and above')
    UNION ALL
    SELECT la_code, '2E', age_band || ' ' || gender, settled
    FROM banded WHERE age_band IN ('18 to 64', '65 and above') AND gender IN ('Male', 'Female')
    UNION ALL
    SELECT la_code, '2E', 'Total', settled FROM banded WHERE age_band IN ('18 to 64', '65 and above')
    UNION ALL
    SELECT la_code, '2E', gender, settled
    FROM banded WHERE age_band IN ('18 to 64', '65 and above') AND gender IN ('Male', 'Female')
    -- §11 step 5: learning disability support, 18 to 64.
    UNION ALL
    SELECT la_code, '2E LD', age_band, settled
    FROM banded WHERE age_band = '18 to 64' AND psr = 'Learning disability support'
    UNION ALL
    SELECT la_code, '2E LD', age_band || ' ' || gender, settled
    FROM banded
    WHERE age_band = '18 to 64' AND psr = 'Learning disability support' AND gender IN ('Male', 'Female')
),
all_groups AS (
    SELECT * FROM (VALUES
        ('2E', '18 to 64', 1), ('2E', '18 to 64 Male', 2), ('2E', '18 to 64 Female', 3),
        ('2E', '65 and above', 4), ('2E', '65 and above Male', 5), ('2E', '65 and above Female', 6),
        ('2E', 'Total', 7), ('2E', 'Male', 8), ('2E', 'Female', 9),
        ('2E LD', '18 to 64', 10), ('2E LD', '18 to 64 Male', 11), ('2E LD', '18 to 64 Female', 12)
    ) AS g(measure, grp, position)
),
-- §11 steps 6–7: denominator everyone in the group, numerator those settled.
counts AS (
    SELECT k.la_code, g.measure, g.grp, g.position,
           count(m.grp) AS denominator,
           count(m.grp) FILTER (WHERE m.settled) AS numerator
    FROM councils AS k
    CROSS JOIN all_groups AS g
    LEFT JOIN memberships AS m ON m.la_code = k.la_code AND m.measure = g.measure AND m.grp = g.grp
    GROUP BY k.la_code, g.measure, g.grp, g.position
)
-- §11 step 9.
SELECT
    la_code,
    measure,
    grp,
    CAST(numerator AS BIGINT) AS numerator,
    CAST(denominator AS BIGINT) AS denominator,
    CASE WHEN denominator = 0 THEN 0.0 ELSE round(CAST(numerator AS DOUBLE) * 100 / denominator, 1) END AS outcome
FROM counts
ORDER BY la_code, position;
