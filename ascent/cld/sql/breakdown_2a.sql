-- Inequality breakdowns of ASCOF 2A: the episodes counted in 2A's Total, one row each.
--
-- Not a query on its own: ascent.cld.breakdowns.breakdown_sql() puts this after the CTE chain of
-- measure_2a.sql (everything before its "-- step 9: outputs" line), so the breakdowns count
-- exactly the episodes 2A counts. It relies on the CTEs step5_adults (age per cluster) and
-- step8_classified (in_denominator, in_numerator per cluster).
--
-- Returns: la_code, person_id, measure ('2A'), age (at the cluster end, as 2A bands it; NULL when
-- unknown), in_numerator. One row per ST-Max episode in 2A's denominator.
,
breakdown_units AS (
    SELECT s.la_code, s.person_id, '2A' AS measure, a.age, s.in_numerator
    FROM step8_classified AS s
    JOIN step5_adults AS a
      ON a.la_code = s.la_code AND a.person_id = s.person_id AND a.cluster_no = s.cluster_no
    WHERE s.in_denominator
)
SELECT la_code, person_id, measure, age, in_numerator FROM breakdown_units
