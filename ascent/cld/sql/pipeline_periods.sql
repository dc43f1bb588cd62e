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

CREATE OR REPLACE TEMP MACRO cld_date(v) AS
    CASE
        WHEN trim(v) LIKE '__/__/____%' THEN CAST(try_strptime(left(trim(v), 10), '%d/%m/%Y') AS DATE)
        ELSE CAST(try_strptime(left(trim(v), 10), '%Y-%m-%d') AS DATE)
    END;

CREATE OR REPLACE TABLE raw_dated AS
SELECT
    r.*,
    CAST(r.load_order AS BIGINT) * 10000000000 + r.record_id AS row_key,  -- load order, then row
    cld_date(r.reporting_period_start_date) AS stated_start,
    cld_date(r.reporting_period_end_date) AS stated_end,
    cld_date(r.event_start_date) AS start_date,
    cld_date(r.event_end_date) AS end_date,
    cld_date(r.date_of_birth) AS birth_date,
    cld_date(r.date_of_death) AS death_date
FROM raw AS r;

CREATE OR REPLACE TABLE extract_periods AS
WITH stated_period AS (
    SELECT extract_id, any_value(load_order) AS load_order, min(stated_start) AS stated_start,
           max(stated_end) AS stated_end
    FROM raw_dated
    GROUP BY extract_id
),
-- §6.1 step 1: events by month of end date, leaving out months after the stated period.
dated_events AS (
    SELECT d.extract_id, CAST(date_trunc('month', d.end_date) AS DATE) AS end_month,
           lower(trim(d.event_type)) AS event_type
    FROM raw_dated AS d
    JOIN stated_period AS s USING (extract_id)
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
    JOIN file_totals AS f USING (extract_id)
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
    coalesce(f.dated_events, 0) AS dated_events
FROM stated_period AS s
LEFT JOIN derived_period AS d USING (extract_id)
LEFT JOIN file_totals AS f USING (extract_id);

-- §6.2: the quarters the loaded extracts span.
CREATE OR REPLACE TABLE quarters AS
SELECT
    CAST(q AS DATE) AS quarter_start,
    CAST(q + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS quarter_end,
    row_number() OVER (ORDER BY q) AS quarter_no
FROM (
    SELECT unnest(generate_series(
        date_trunc('quarter', min(period_start)), date_trunc('quarter', max(period_end)), INTERVAL 3 MONTH
    )) AS q
    FROM extract_periods
    WHERE period_start IS NOT NULL AND period_end IS NOT NULL
);

-- §6.2: the latest loaded extract whose derived period covers the whole quarter (else, our
-- deviation, the latest that overlaps it).
CREATE OR REPLACE TABLE quarter_extracts AS
WITH candidates AS (
    SELECT
        q.quarter_no, q.quarter_start, q.quarter_end, p.extract_id, p.load_order,
        (p.period_start <= q.quarter_start AND p.period_end >= q.quarter_end) AS covers
    FROM quarters AS q
    JOIN extract_periods AS p ON p.period_start <= q.quarter_end AND p.period_end >= q.quarter_start
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY quarter_no ORDER BY covers DESC, load_order DESC) AS choice
    FROM candidates
)
SELECT quarter_no, quarter_start, quarter_end, extract_id, NOT covers AS partial
FROM ranked
WHERE choice = 1;

-- §6.2 single submission: the latest loaded extract over its own derived period.
CREATE OR REPLACE TABLE single_extract AS
SELECT extract_id, period_start, period_end
FROM extract_periods
ORDER BY load_order DESC
LIMIT 1;
