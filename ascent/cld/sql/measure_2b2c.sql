-- ASCOF 2B and 2C: new permanent admissions to residential and nursing care, per 100,000 people
-- aged 18 to 64 (2B) and 65 and above (2C).
-- Follows reference client-level-data.md §9 (DHSC's Create_ASCOF_2B2C_2425_Onwards), with §5 for
-- ages (proxy date of birth, age at the service start) and §7's common rules.
--
-- Reads: events, person_details (proxy_dob, date_of_death), population, councils, and params
--        (period_start, period_end: the 12-month year).
-- Returns per council (la_code): measure '2B' group '18 to 64', measure '2C' group '65 and above'.
--
-- Replicated on purpose (so our figures match DHSC's):
-- * The blank-component trap. DHSC means to accept a blank service component, but its test
--   "component does not contain 'short'" is NULL for a blank component, so such rows are dropped.
--   We write the same test and keep the same result: a residential or nursing service row with a
--   blank component is neither an admission nor an earlier placement.
-- * A person with new admissions in both age bands counts once, in '18 to 64' (the minimum
--   band label).
--
-- Deliberate deviations and choices (and why):
-- * Component tests ignore case ('residential', 'nursing', 'short'), as DHSC's collation does.
-- * A blank outcome is not the self-funded outcome (the admission stays in).
-- * Population: the council's rows (matched on la_code; every row when one council is loaded)
--   for the latest year on or before the year the period starts in, else the earliest year given (DHSC uses one table for all years).
--   With no population row for a band, denominator and outcome are NULL rather than 0, so a
--   missing population is never shown as a rate of zero.

WITH period AS (
    SELECT period_start AS year_start, period_end AS year_end FROM params
),
-- §9 step 1: residential and nursing service rows of service users, component permitting.
candidate_rows AS (
    SELECT e.la_code, e.person_id, e.event_start, e.event_end, e.event_outcome, pd.proxy_dob
    FROM events AS e
    JOIN person_details AS pd USING (la_code, person_id)
    CROSS JOIN period AS p
    WHERE e.client_type = 'Service user'
      AND e.event_type = 'Service'
      AND e.event_start IS NOT NULL
      AND (e.event_end IS NULL OR e.event_end >= e.event_start)
      AND e.service_type IN ('Long term support: Residential care', 'Long term support: Nursing care')
      -- The trap, kept: for a blank component the second test is NULL, so the row is dropped.
      AND (lower(e.service_component) LIKE '%residential%' OR lower(e.service_component) LIKE '%nursing%'
           OR e.service_component IS NULL)
      AND lower(e.service_component) NOT LIKE '%short%'
      AND pd.proxy_dob IS NOT NULL
      AND (pd.date_of_death IS NULL OR pd.date_of_death >= p.year_start)
),
-- §9 step 2: admissions starting in the year, less the 12-week disregard / self-funded cases.
admissions_in_year AS (
    SELECT c.*
    FROM candidate_rows AS c, period AS p
    WHERE c.event_start BETWEEN p.year_start AND p.year_end
      AND c.event_outcome IS DISTINCT FROM 'NFA: Self-funded client or under 12wk disregard'
),
-- §9 step 3: new only if no earlier placement was open, or ended on or after the admission, or
-- ended fewer than 365 days before it.
new_admissions AS (
    SELECT a.*
    FROM admissions_in_year AS a
    WHERE NOT EXISTS (
        SELECT 1
        FROM candidate_rows AS prior
        WHERE prior.la_code = a.la_code
          AND prior.person_id = a.person_id
          AND prior.event_start < a.event_start
          AND (prior.event_end IS NULL OR date_diff('day', prior.event_end, a.event_start) < 365)
    )
),
-- §9 step 4: people, aged 18 or over at the admission; one band each.
aged AS (
    SELECT la_code, person_id,
           CAST(floor(date_diff('day', proxy_dob, event_start) / 365.25) AS INTEGER) AS age
    FROM new_admissions
),
people AS (
    SELECT la_code, person_id, min(CASE WHEN age < 65 THEN '18 to 64' ELSE '65 and above' END) AS age_band
    FROM aged
    WHERE age >= 18
    GROUP BY la_code, person_id
),
bands AS (
    SELECT * FROM (VALUES ('2B', '18 to 64'), ('2C', '65 and above')) AS b(measure, age_band)
),
-- §9 step 5: the population of the band.
-- A council's population rows: those with its la_code (when one council alone is loaded, every
-- row given, as a caller passes only that council's).
council_count AS (
    SELECT count(*) AS councils FROM councils
),
council_population AS (
    SELECT k.la_code, pop.year, pop.age_band, pop.population
    FROM councils AS k
    CROSS JOIN council_count AS n
    JOIN population AS pop ON pop.la_code = k.la_code OR n.councils = 1
),
population_year AS (
    SELECT pop.la_code, coalesce(max(pop.year) FILTER (WHERE pop.year <= y.start_year), min(pop.year)) AS year
    FROM council_population AS pop
    CROSS JOIN (SELECT year(year_start) AS start_year FROM period) AS y
    GROUP BY pop.la_code
),
band_population AS (
    SELECT pop.la_code, pop.age_band, sum(pop.population) AS population
    FROM council_population AS pop
    JOIN population_year AS y ON y.la_code = pop.la_code AND pop.year = y.year
    GROUP BY pop.la_code, pop.age_band
),
counts AS (
    SELECT k.la_code, b.measure, b.age_band, count(pp.person_id) AS numerator, bp.population AS denominator
    FROM councils AS k
    CROSS JOIN bands AS b
    LEFT JOIN people AS pp ON pp.la_code = k.la_code AND pp.age_band = b.age_band
    LEFT JOIN band_population AS bp ON bp.la_code = k.la_code AND bp.age_band = b.age_band
    GROUP BY k.la_code, b.measure, b.age_band, bp.population
)
-- §9 step 6: per 100,000, one decimal place.
SELECT
    la_code,
    measure,
    age_band AS grp,
    CAST(numerator AS BIGINT) AS numerator,
    CAST(denominator AS BIGINT) AS denominator,
    CASE
        WHEN denominator IS NULL THEN NULL
        WHEN denominator = 0 THEN 0.0
        ELSE round(CAST(numerator AS DOUBLE) * 100000 / denominator, 1)
    END AS outcome
FROM counts
ORDER BY la_code, measure;
