-- ASCOF 2A broken down by final sequel (reference §8.2 step 9: DHSC also publishes a table by
-- sequel type and final sequel), for the measure page and for checking a council's figure.
--
-- Not a query on its own: ascent.cld.measures_local.sequels_2a_sql() puts this final query after
-- the CTE chain of measure_2a.sql (everything before its "-- step 9: outputs" line), so both
-- files always count the same episodes.
--
-- Returns one row per council (la_code), final sequel, sequel rule and age group (with a 'Total' group over all
-- ages, unknown included): measure ('2A'), grp, sequel_rule (1-6: the step 7 rule that decided
-- it), sequel (the final sequel), classification ('Numerator', 'Denominator only', 'Excluded',
-- 'Unable to classify'), episodes (ST-Max clusters, BIGINT).
select
    la_code,
    '2A' as measure,
    case when grouping(age_group) = 1 then 'Total' else age_group end as grp,
    sequel_rule,
    sequel,
    classification,
    count(*) as episodes
from step8_classified
group by grouping sets (
    (la_code, sequel_rule, sequel, classification, age_group), (la_code, sequel_rule, sequel, classification)
)
order by la_code, grp, sequel_rule, sequel
