-- Inequality breakdowns: each measure's counted people or episodes by age band, sex, ethnicity
-- group and primary support reason, before small numbers are suppressed (breakdowns.py does that).
--
-- Reads: breakdown_units (la_code, person_id, measure, age, in_numerator: one row per person or
--        episode in a measure's Total, from the breakdown_<measure>.sql files), person_details
--        (gender, ethnicity_group, psr: latest known for the period, §6.6), breakdown_cells
--        (measure, breakdown, grp, position: the groups to report, zeros included) and events
--        (the councils present).
-- Returns: la_code, measure, breakdown, grp, position, numerator, denominator (the count of
--          people or episodes in the group), outcome (per cent, 1 dp; 0.0 when the denominator
--          is 0).
--
-- Groups (our choices; the reference defines no breakdowns beyond age band and sex):
-- * Age band: the measure's own age at its own date, in bands Under 18 (carers only), 18 to 24,
--   25 to 44, 45 to 64, 65 to 74, 75 to 84, 85 and above, Unknown. The bands nest inside the
--   method's 18 to 64 and 65 and above.
-- * Sex: Male, Female, and "Other or not known" (the other and unknown genders).
-- * Ethnicity group: DHSC's groups (reference §4.9), "No data" for refused, undeclared or missing.
-- * Primary support reason: the broad reasons (Physical support, Sensory support, Support with
--   memory and cognition, Learning disability support, Mental health support, Social support),
--   and Unknown (including the carer support reason, which person details treat as unknown).

WITH units AS (
    SELECT
        u.la_code,
        u.measure,
        u.in_numerator,
        CASE
            WHEN u.age IS NULL THEN 'Unknown'
            WHEN u.age < 18 THEN 'Under 18'
            WHEN u.age <= 24 THEN '18 to 24'
            WHEN u.age <= 44 THEN '25 to 44'
            WHEN u.age <= 64 THEN '45 to 64'
            WHEN u.age <= 74 THEN '65 to 74'
            WHEN u.age <= 84 THEN '75 to 84'
            ELSE '85 and above'
        END AS age_band,
        CASE WHEN pd.gender IN ('Male', 'Female') THEN pd.gender ELSE 'Other or not known' END AS sex,
        coalesce(pd.ethnicity_group, 'No data') AS ethnicity_group,
        CASE
            WHEN pd.psr LIKE 'Physical support:%' THEN 'Physical support'
            WHEN pd.psr LIKE 'Sensory support:%' THEN 'Sensory support'
            WHEN pd.psr = 'Support with memory and cognition' THEN 'Support with memory and cognition'
            WHEN pd.psr = 'Learning disability support' THEN 'Learning disability support'
            WHEN pd.psr = 'Mental health support' THEN 'Mental health support'
            WHEN pd.psr LIKE 'Social support:%' AND pd.psr <> 'Social support: Support to unpaid carer'
                THEN 'Social support'
            ELSE 'Unknown'
        END AS psr_group
    FROM breakdown_units AS u
    LEFT JOIN person_details AS pd ON pd.la_code = u.la_code AND pd.person_id = u.person_id
),
memberships AS (
    SELECT la_code, measure, 'age band' AS breakdown, age_band AS grp, in_numerator FROM units
    UNION ALL
    SELECT la_code, measure, 'sex' AS breakdown, sex AS grp, in_numerator FROM units
    UNION ALL
    SELECT la_code, measure, 'ethnicity group' AS breakdown, ethnicity_group AS grp, in_numerator FROM units
    UNION ALL
    SELECT la_code, measure, 'primary support reason' AS breakdown, psr_group AS grp, in_numerator FROM units
),
member_counts AS (
    SELECT la_code, measure, breakdown, grp,
           sum(CASE WHEN in_numerator THEN 1 ELSE 0 END) AS numerator,
           count(*) AS denominator
    FROM memberships
    GROUP BY la_code, measure, breakdown, grp
),
councils AS (
    SELECT DISTINCT la_code FROM events WHERE la_code IS NOT NULL
),
cells AS (
    SELECT c.la_code, b.measure, b.breakdown, b.grp, b.position
    FROM councils AS c
    CROSS JOIN breakdown_cells AS b
)
SELECT
    c.la_code,
    c.measure,
    c.breakdown,
    c.grp,
    c.position,
    CAST(coalesce(m.numerator, 0) AS BIGINT) AS numerator,
    CAST(coalesce(m.denominator, 0) AS BIGINT) AS denominator,
    CASE
        WHEN coalesce(m.denominator, 0) = 0 THEN 0.0
        ELSE round(CAST(m.numerator AS DOUBLE) * 100 / m.denominator, 1)
    END AS outcome
FROM cells AS c
LEFT JOIN member_counts AS m
    ON m.la_code = c.la_code AND m.measure = c.measure AND m.breakdown = c.breakdown AND m.grp = c.grp
ORDER BY c.la_code, c.position
