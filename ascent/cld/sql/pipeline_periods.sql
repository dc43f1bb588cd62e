-- Pipeline step 1: each extract's true reporting period, and which extract serves each quarter.
-- Follows reference client-level-data.md §6.1 (derived reporting period) and §6.2 (choosing
-- submissions), for one council's own extracts.
--
-- Reads: raw (every loaded extract's rows, text as in the file, with extract_id, record_id and
--        load_order), extracts.
-- Makes: raw_dated      raw plus parsed dates and row_key (later-loaded extract, later row = higher)
--        extract_periods one row per extract: stated and derived period, and which rule gave it
--        quarters       every calendar quarter from the earliest derived start to the latest end
--        quarter_extracts the extract chosen for each quarter (the "joined submissions" choice)
--        single_extract the latest loaded extract and its derived period (single submission)
--
-- Deliberate deviations from the reference (and why):
-- * No import date is stored with an extract, so "latest" means latest loaded (load_order), and
--   §6.1's "ignore end dates in or after the month the file was imported" becomes "ignore end
--   dates after the last day of the file's stated reporting-period end month" (an import usually
--   follows the stated end, so the months dropped are nearly the same). There is no as-of date
--   or exclusion list: a council removes a bad extract by not loading it.
-- * Small files (fewer than 100 dated events): we follow DHSC's SQL, not its methodology note —
--   every month holding an event counts. extract_periods.small_file_rule flags such extracts.
-- * The share (2%) and the small-file size count dated events (events with an end date in range).
-- * An extract with no counting month (for example only open services) keeps its stated period
--   (period_source = 'stated').
-- * A quarter no extract fully covers is served by the latest extract that overlaps it
--   (quarter_extracts.partial = true) instead of being left empty with a warning: a single
--   12-month extract whose data start mid-quarter still gives that quarter's events.
-- * Dates are read as ISO (2024-04-01) or as councils write them (01/04/2024), with or without
--   a midnight time; anything else reads as no date.

-- Portable SQL (DuckDB, and Spark SQL through SQLGlot, ascent/cld/spark.py): no macros, QUALIFY,
-- `* REPLACE`/`* EXCLUDE` or list functions. Several councils' extracts may be loaded at once:
-- each extract belongs to one council (the LA code most of its rows carry), and periods, quarters
-- and the submission choice are worked out per council.

-- Dates: 01/04/2024 (as councils write them; rearranged to ISO) or ISO 2024-04-01, with or
-- without a time after them; anything else (or an impossible date) reads as no date.
CREATE OR REPLACE TABLE raw_dated AS
SELECT
    r.*,
    CAST(r.load_order AS BIGINT) * 10000000000 + r.record_id AS row_key,  -- load order, then row
    TRY_CAST(CASE
        WHEN trim(r.reporting_period_start_date) LIKE '__/__/____%'
            THEN substr(trim(r.reporting_period_start_date), 7, 4) || '-' || substr(trim(r.reporting_period_start_date), 4, 2) || '-' || substr(trim(r.reporting_period_start_date), 1, 2)
        WHEN trim(r.reporting_period_start_date) LIKE '____-%-%' THEN left(trim(r.reporting_period_start_date), 10)
    END AS DATE) AS stated_start,
    TRY_CAST(CASE
        WHEN trim(r.reporting_period_end_date) LIKE '__/__/____%'
            THEN substr(trim(r.reporting_period_end_date), 7, 4) || '-' || substr(trim(r.reporting_period_end_date), 4, 2) || '-' || substr(trim(r.reporting_period_end_date), 1, 2)
        WHEN trim(r.reporting_period_end_date) LIKE '____-%-%' THEN left(trim(r.reporting_period_end_date), 10)
    END AS DATE) AS stated_end,
    TRY_CAST(CASE
        WHEN trim(r.event_start_date) LIKE '__/__/____%'
            THEN substr(trim(r.event_start_date), 7, 4) || '-' || substr(trim(r.event_start_date), 4, 2) || '-' || substr(trim(r.event_start_date), 1, 2)
        WHEN trim(r.event_start_date) LIKE '____-%-%' THEN left(trim(r.event_start_date), 10)
    END AS DATE) AS start_date,
    TRY_CAST(CASE
        WHEN trim(r.event_end_date) LIKE '__/__/____%'
            THEN substr(trim(r.event_end_date), 7, 4) || '-' || substr(trim(r.event_end_date), 4, 2) || '-' || substr(trim(r.event_end_date), 1, 2)
        WHEN trim(r.event_end_date) LIKE '____-%-%' THEN left(trim(r.event_end_date), 10)
    END AS DATE) AS end_date,
    TRY_CAST(CASE
        WHEN trim(r.date_of_birth) LIKE '__/__/____%'
            THEN substr(trim(r.date_of_birth), 7, 4) || '-' || substr(trim(r.date_of_birth), 4, 2) || '-' || substr(trim(r.date_of_birth), 1, 2)
        WHEN trim(r.date_of_birth) LIKE '____-%-%' THEN left(trim(r.date_of_birth), 10)
    END AS DATE) AS birth_date,
    TRY_CAST(CASE
        WHEN trim(r.date_of_death) LIKE '__/__/____%'
            THEN substr(trim(r.date_of_death), 7, 4) || '-' || substr(trim(r.date_of_death), 4, 2) || '-' || substr(trim(r.date_of_death), 1, 2)
        WHEN trim(r.date_of_death) LIKE '____-%-%' THEN left(trim(r.date_of_death), 10)
    END AS DATE) AS death_date
FROM raw AS r;

-- Each extract's council: the LA code most of its rows carry (ties: the first in order).
CREATE OR REPLACE TABLE extract_councils AS
SELECT extract_id, la_code
FROM (
    SELECT extract_id, la_code,
           row_number() OVER (
               PARTITION BY extract_id ORDER BY rows_with_code DESC, la_code IS NULL, la_code
           ) AS choice
    FROM (
        SELECT extract_id, trim(la_code) AS la_code, count(*) AS rows_with_code
        FROM raw_dated
        GROUP BY extract_id, trim(la_code)
    ) AS counted
) AS ranked
WHERE choice = 1;

CREATE OR REPLACE TABLE extract_periods AS
WITH stated_period AS (
    SELECT extract_id, max(load_order) AS load_order, min(stated_start) AS stated_start,
           max(stated_end) AS stated_end
    FROM raw_dated
    GROUP BY extract_id
),
-- §6.1 step 1: events by month of end date, leaving out months after the stated period.
dated_events AS (
    SELECT d.extract_id, CAST(date_trunc('month', d.end_date) AS DATE) AS end_month,
           lower(trim(d.event_type)) AS event_type
    FROM raw_dated AS d
    JOIN stated_period AS s ON s.extract_id = d.extract_id
    WHERE d.end_date IS NOT NULL
      AND (s.stated_end IS NULL OR d.end_date <= last_day(s.stated_end))
),
file_totals AS (
    SELECT extract_id, count(*) AS dated_events, count(DISTINCT event_type) AS event_types
    FROM dated_events
    GROUP BY extract_id
),
month_totals AS (
    SELECT extract_id, end_month, count(*) AS events, count(DISTINCT event_type) AS event_types
    FROM dated_events
    GROUP BY extract_id, end_month
),
-- §6.1 step 2 (and step 4's small-file rule, as the SQL has it).
counting_months AS (
    SELECT m.extract_id, m.end_month
    FROM month_totals AS m
    JOIN file_totals AS f ON f.extract_id = m.extract_id
    WHERE f.dated_events < 100
       OR (m.events >= 0.02 * f.dated_events AND m.event_types >= f.event_types - 1)
),
-- §6.1 step 3.
derived_period AS (
    SELECT extract_id, min(end_month) AS derived_start, last_day(max(end_month)) AS derived_end
    FROM counting_months
    GROUP BY extract_id
)
SELECT
    s.extract_id,
    s.load_order,
    s.stated_start,
    s.stated_end,
    coalesce(d.derived_start, s.stated_start) AS period_start,
    coalesce(d.derived_end, s.stated_end) AS period_end,
    CASE WHEN d.extract_id IS NULL THEN 'stated' ELSE 'derived' END AS period_source,
    coalesce(f.dated_events, 0) < 100 AS small_file_rule,
    coalesce(f.dated_events, 0) AS dated_events,
    k.la_code
FROM stated_period AS s
JOIN extract_councils AS k ON k.extract_id = s.extract_id
LEFT JOIN derived_period AS d ON d.extract_id = s.extract_id
LEFT JOIN file_totals AS f ON f.extract_id = s.extract_id;

-- §6.2: the quarters each council's extracts span (quarter_no counts from 1 per council). A
-- quarter is numbered year * 4 + (month - 1) / 3 so a table of offsets (0 to 999 quarters) lists
-- every quarter between the first and the last.
CREATE OR REPLACE TABLE quarters AS
WITH council_span AS (
    SELECT
        la_code,
        min(year(period_start) * 4 + CAST(floor((month(period_start) - 1) / 3) AS INTEGER)) AS first_quarter,
        max(year(period_end) * 4 + CAST(floor((month(period_end) - 1) / 3) AS INTEGER)) AS last_quarter
    FROM extract_periods
    WHERE period_start IS NOT NULL AND period_end IS NOT NULL
    GROUP BY la_code
),
digits AS (
    SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d(n)
),
offsets AS (
    SELECT units.n + 10 * tens.n + 100 * hundreds.n AS n
    FROM digits AS units CROSS JOIN digits AS tens CROSS JOIN digits AS hundreds
),
numbered AS (
    SELECT c.la_code, c.first_quarter + o.n AS quarter_index, o.n + 1 AS quarter_no
    FROM council_span AS c
    JOIN offsets AS o ON o.n <= c.last_quarter - c.first_quarter
),
starts AS (
    SELECT
        la_code, quarter_no,
        make_date(
            CAST(floor(quarter_index / 4) AS INTEGER),
            CAST((quarter_index - 4 * floor(quarter_index / 4)) * 3 + 1 AS INTEGER),
            1
        ) AS quarter_start
    FROM numbered
)
SELECT
    la_code,
    quarter_start,
    last_day(quarter_start + INTERVAL 2 MONTH) AS quarter_end,
    quarter_no
FROM starts;

-- §6.2: per council, the latest loaded extract whose derived period covers the whole quarter
-- (else, our deviation, the latest that overlaps it).
CREATE OR REPLACE TABLE quarter_extracts AS
WITH candidates AS (
    SELECT
        q.la_code, q.quarter_no, q.quarter_start, q.quarter_end, p.extract_id, p.load_order,
        (p.period_start <= q.quarter_start AND p.period_end >= q.quarter_end) AS covers
    FROM quarters AS q
    JOIN extract_periods AS p
      ON p.la_code = q.la_code AND p.period_start <= q.quarter_end AND p.period_end >= q.quarter_start
),
ranked AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY la_code, quarter_no ORDER BY covers DESC, load_order DESC) AS choice
    FROM candidates
)
SELECT quarter_no, quarter_start, quarter_end, extract_id, NOT covers AS partial, la_code
FROM ranked
WHERE choice = 1;

-- §6.2 single submission: per council, the latest loaded extract over its own derived period.
CREATE OR REPLACE TABLE single_extract AS
SELECT extract_id, period_start, period_end, la_code
FROM (
    SELECT extract_id, period_start, period_end, la_code,
           row_number() OVER (PARTITION BY la_code ORDER BY load_order DESC) AS choice
    FROM extract_periods
) AS latest
WHERE choice = 1;
