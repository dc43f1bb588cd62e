-- Inequality breakdowns of ASCOF 2B and 2C: the people counted as new admissions, one row each.
--
-- Not a query on its own: ascent.cld.breakdowns.breakdown_sql() puts this after the CTE chain of
-- measure_2b2c.sql (everything before its final SELECT), so the breakdowns count exactly the
-- people 2B and 2C count. It relies on the CTEs aged (age at each admission) and people (one
-- band per person: '18 to 64' if any admission was before 65).
--
-- Returns: la_code, person_id, measure ('2B' or '2C'), age (the youngest adult age at a new
-- admission, which puts the person in the same band as the measure does), in_numerator (always
-- true). 2B and 2C are rates per 100,000 population and population is known only by the two age
-- bands, so their breakdowns are counts of admissions (no denominator); see breakdowns.py.
,
breakdown_ages AS (
    SELECT la_code, person_id, min(age) AS age
    FROM aged
    WHERE age >= 18
    GROUP BY la_code, person_id
),
breakdown_units AS (
    SELECT pp.la_code, pp.person_id,
           CASE WHEN pp.age_band = '18 to 64' THEN '2B' ELSE '2C' END AS measure,
           a.age, true AS in_numerator
    FROM people AS pp
    JOIN breakdown_ages AS a ON a.la_code = pp.la_code AND a.person_id = pp.person_id
)
SELECT la_code, person_id, measure, age, in_numerator FROM breakdown_units
