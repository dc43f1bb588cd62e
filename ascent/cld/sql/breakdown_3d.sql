-- Inequality breakdowns of ASCOF 3D: the clients (parts 1a, 2a) and carers (1b, 2b) in each
-- part's Total denominator, one row per person and part.
--
-- Not a query on its own: ascent.cld.breakdowns.breakdown_sql() puts this after the CTE chain of
-- measure_3d.sql (everything before its final SELECT). It relies on the CTEs client_people (best
-- setting rank, age, age_band per client) and carers (best category, youngest age per carer), and
-- repeats the conditions of client_counts and carer_counts (tests check the breakdowns add up
-- to the measure's figures): clients of rank 3–6 (community) aged 18 and over or of unknown age;
-- self-directed = rank 3 or 4, direct payment = rank 3; carers of category 1–3, self-directed =
-- category 1 or 2, direct payment = category 1.
--
-- Returns: la_code, person_id, measure, age (at the year end; carers the youngest seen),
-- in_numerator.
,
breakdown_units AS (
    SELECT la_code, person_id, '3D 1a' AS measure, age, best_rank IN (3, 4) AS in_numerator
    FROM client_people
    WHERE age_band <> 'Under 18' AND best_rank BETWEEN 3 AND 6
    UNION ALL
    SELECT la_code, person_id, '3D 2a' AS measure, age, best_rank = 3 AS in_numerator
    FROM client_people
    WHERE age_band <> 'Under 18' AND best_rank BETWEEN 3 AND 6
    UNION ALL
    SELECT la_code, person_id, '3D 1b' AS measure, age, best_category IN (1, 2) AS in_numerator
    FROM carers
    WHERE best_category IN (1, 2, 3)
    UNION ALL
    SELECT la_code, person_id, '3D 2b' AS measure, age, best_category = 1 AS in_numerator
    FROM carers
    WHERE best_category IN (1, 2, 3)
)
SELECT la_code, person_id, measure, age, in_numerator FROM breakdown_units
