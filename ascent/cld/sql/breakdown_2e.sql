-- Inequality breakdowns of ASCOF 2E and 2E LD: the people counted in 2E's Total (18 and over, of
-- known age) and in 2E LD's '18 to 64', one row each.
--
-- Not a query on its own: ascent.cld.breakdowns.breakdown_sql() puts this after the CTE chain of
-- measure_2e.sql (everything before its final SELECT). It relies on the CTE banded (one row per
-- person in the cohort: age, age_band, psr, settled), and repeats the two group conditions of
-- that file's memberships CTE (tests check the breakdowns add up to the measure's figures).
--
-- Returns: la_code, person_id, measure ('2E' or '2E LD'), age (as 2E takes it: at the latest
-- long-term support end, capped at the year end), in_numerator (settled).
,
breakdown_units AS (
    SELECT la_code, person_id, '2E' AS measure, age, settled AS in_numerator
    FROM banded
    WHERE age_band IN ('18 to 64', '65 and above')
    UNION ALL
    SELECT la_code, person_id, '2E LD' AS measure, age, settled AS in_numerator
    FROM banded
    WHERE age_band = '18 to 64' AND psr = 'Learning disability support'
)
SELECT la_code, person_id, measure, age, in_numerator FROM breakdown_units
