-- Local measure: assessments completed in the period, and days from request to assessment.
-- Follows reference client-level-data.md §6.3 (an assessment is in the period when its derived end
-- date falls in it and it started on or before the period end) and, for linking an assessment to
-- its request, DHSC's provisional waiting-times method of §13.6.
--
-- Reads the one-row table params (period_start, period_end: DATEs) and councils.
-- Returns rows of la_code, measure, grp, numerator, denominator, outcome, for each council:
--   'Assessments completed'  grp = assessment type ('Not recorded' when blank) and 'Total';
--                            numerator = assessments, denominator = all assessments completed,
--                            outcome = share in per cent, 1 dp.
--   'Days from request to assessment: median' and
--   'Days from request to assessment: 90th percentile'
--                            grp = assessment type and 'Total'; numerator = linked assessments
--                            (how many waits the figure is over), denominator = NULL (not a
--                            proportion), outcome = the days, 1 dp (continuous percentiles,
--                            DuckDB quantile_cont, Spark percentile; NULL when there are no waits).
--
-- The linking rule (ours, built from §13.6; no national figure is defined for completed
-- assessments). For each service user's long-term or short-term assessment completed in the period:
-- * its request is the person's latest request (same council) starting on or before the
--   assessment's start, leaving out requests whose outcome group is NFA or 'Admitted to hospital'
--   (§13.6 drops those: no assessment was to follow). Taking the latest request matches §13.6's
--   rule that a request overtaken by a newer one before its follow-up is dropped;
-- * the wait counts only when this assessment is the request's first response: no other long- or
--   short-term assessment of the person started between the request's start and this one's
--   (same day: the lower row_key is first), and no service (long- or short-term type) started on
--   or after the request's start and before the assessment's start (§13.6: a service before any
--   assessment is the first response);
-- * days = assessment start - request start. No upper limit (a 28-day window, as §13.3 uses to
--   attribute a route of access, would cut off exactly the long waits this figure exists to show).
-- Deviations from §13.6: no new-person test and no age-25 floor (all service users' assessments
-- are counted); the figures are over assessments completed in the period, not by quarter of
-- response; financial assessments are counted in 'Assessments completed' but are never a
-- response to a request.
with
assessments_completed as (
    select e.*, coalesce(e.assessment_type, 'Not recorded') as type_group
    from events e
    cross join params p
    where e.event_type = 'Assessment'
      and e.event_start is not null
      and e.event_start <= p.period_end
      and e.event_end between p.period_start and p.period_end
),
responses as (
    select *
    from events
    where client_type = 'Service user'
      and event_type = 'Assessment'
      and assessment_type in ('Long term assessment', 'Short term assessment')
      and event_start is not null
),
usable_requests as (
    select e.la_code, e.person_id, e.event_start, e.row_key
    from events e
    left join ref_outcome o on o.value = e.event_outcome
    where e.client_type = 'Service user'
      and e.event_type = 'Request'
      and e.event_start is not null
      and coalesce(o.grp, '') not in ('NFA', 'Admitted to hospital')
),
linked as (
    select
        a.la_code,
        a.person_id,
        a.row_key,
        a.type_group,
        a.event_start as assessment_start,
        max(r.event_start) as request_start
    from assessments_completed a
    join usable_requests r
      on r.la_code = a.la_code and r.person_id = a.person_id and r.event_start <= a.event_start
    where a.client_type = 'Service user'
      and a.assessment_type in ('Long term assessment', 'Short term assessment')
    group by a.la_code, a.person_id, a.row_key, a.type_group, a.event_start
),
first_responses as (
    select l.*, date_diff('day', l.request_start, l.assessment_start) as days
    from linked l
    where not exists (
        select 1
        from responses x
        where x.la_code = l.la_code
          and x.person_id = l.person_id
          and x.event_start >= l.request_start
          and (x.event_start < l.assessment_start
               or (x.event_start = l.assessment_start and x.row_key < l.row_key))
    )
      and not exists (
        select 1
        from events s
        where s.la_code = l.la_code
          and s.person_id = l.person_id
          and s.client_type = 'Service user'
          and s.event_type = 'Service'
          and (s.service_type like 'Long term support:%' or s.service_type like 'Short term support:%')
          and s.event_start >= l.request_start
          and s.event_start < l.assessment_start
    )
),
total as (
    select k.la_code, count(a.la_code) as assessments
    from councils k
    left join assessments_completed a on a.la_code = k.la_code
    group by k.la_code
),
completed_rows as (
    select la_code, type_group as grp, count(*) as numerator, 1 as sort_order
    from assessments_completed
    group by la_code, type_group
    union all
    select la_code, 'Total', assessments, 2
    from total
),
wait_groups as (
    select la_code, type_group as grp, days, 1 as sort_order from first_responses
    union all
    select la_code, 'Total', days, 2 from first_responses
    union all
    select la_code, 'Total', cast(null as bigint), 2 from councils
),
waits as (
    select
        la_code,
        grp,
        sort_order,
        count(days) as waits,
        quantile_cont(days, 0.5) as median_days,
        quantile_cont(days, 0.9) as p90_days
    from wait_groups
    group by la_code, grp, sort_order
),
outputs as (
    select
        c.la_code,
        'Assessments completed' as measure,
        c.grp,
        c.numerator,
        t.assessments as denominator,
        case
            when t.assessments = 0 then 0.0 else round(cast(c.numerator as double) * 100 / t.assessments, 1)
        end as outcome
    from completed_rows c
    join total t on t.la_code = c.la_code
    union all
    select la_code, 'Days from request to assessment: median', grp, waits, null, round(median_days, 1)
    from waits
    union all
    select la_code, 'Days from request to assessment: 90th percentile', grp, waits, null, round(p90_days, 1)
    from waits
)
select *
from outputs
order by la_code, measure, grp = 'Total', grp
