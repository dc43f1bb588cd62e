-- Local measure: planned cost of services by service type, over the last quarter of the period.
-- Follows reference client-level-data.md §13.2 steps 1-7 (DHSC's costs method: the latest quarter
-- only, because councils overwrite costs with current rates) and its suggestion for an average:
-- average weekly cost = total planned cost ÷ weeks of service.
--
-- Reads `events_single` (the latest extract alone, §6 "single submissions", which keeps the cost
-- fields as DHSC's costs use), councils and the one-row table params (period_start, period_end:
-- DATEs); the quarter is the three calendar months ending on period_end.
-- Returns, for each council, rows of la_code, measure, grp, numerator, denominator, outcome
-- (money in pounds):
--   'Planned weekly cost' grp = service type ('Not recorded' when blank) and 'Total':
--       numerator   = total planned cost of recurring services in the quarter (DOUBLE, 2 dp),
--       denominator = weeks of service in the quarter (DOUBLE, 2 dp),
--       outcome     = average weekly cost = numerator ÷ denominator (2 dp; 0 with no weeks).
--   'Planned one-off cost' grp = service type and 'Total':
--       numerator = total one-off cost, denominator = one-off services (count),
--       outcome = average one-off cost (2 dp; 0 when there are none).
-- Money is given to the penny rather than the 1 dp of the ASCOF outputs.
--
-- Steps as §13.2: (1) service rows active in the quarter; (2) absolute unit cost and planned
-- units; (3) units per week from the frequency (weekly 1, fortnightly 1/2, 4-weekly 1/4, monthly
-- 12/52, quarterly 4/52, annually 1/52; any other frequency, blank included, takes the planned
-- units per week); (4) rows with no or zero cost dropped, and rows with no or zero units a week
-- unless one-off; (5) cost per week = unit cost × units per week; (6) weeks = days of the service
-- inside the quarter, both ends counted, ÷ 7 (an open service runs to the quarter end); (7) cost in
-- the quarter = cost per week × weeks, or the unit cost for a one-off.
-- Choices (ours): every client type's services count (carers' support shows as its own service
-- type); rows ending before they start are dropped; a one-off cost counts in the quarter whenever
-- the service is active in it.
with
period as (
    select
        period_start,
        period_end,
        cast(period_end + interval 1 day - interval 3 month as date) as quarter_start
    from params
),
step1_active as (
    select s.*, p.quarter_start, p.period_end as quarter_end
    from events_single s
    cross join period p
    where s.event_type = 'Service'
      and s.event_start is not null
      and (s.event_end is null or s.event_end >= s.event_start)
      and s.event_start <= p.period_end
      and (s.event_end is null or s.event_end >= p.quarter_start)
),
step2_3_units as (
    select
        la_code,
        coalesce(service_type, 'Not recorded') as service_type,
        cost_frequency = 'One-off' as one_off,
        abs(cast(unit_cost as double)) as unit_cost,
        case cost_frequency
            when 'Weekly' then cast(1 as double)
            when 'Fortnightly' then cast(1 as double) / 2
            when '4-weekly' then cast(1 as double) / 4
            when 'Monthly' then cast(12 as double) / 52
            when 'Quarterly' then cast(4 as double) / 52
            when 'Annually' then cast(1 as double) / 52
            when 'One-off' then null
            else abs(cast(planned_units_per_week as double))
        end as units_per_week,
        greatest(event_start, quarter_start) as from_date,
        least(coalesce(event_end, quarter_end), quarter_end) as to_date
    from step1_active
),
step4_costed as (
    select *
    from step2_3_units
    where coalesce(unit_cost, 0) <> 0
      and (one_off is true or coalesce(units_per_week, 0) <> 0)
),
step5_7_cost as (
    select
        la_code,
        service_type,
        coalesce(one_off, false) as one_off,
        case when one_off is true then null else unit_cost * units_per_week end as cost_per_week,
        case when one_off is true then null else cast(date_diff('day', from_date, to_date) + 1 as double) / 7 end
            as weeks,
        case
            when one_off is true then unit_cost
            else unit_cost * units_per_week * cast(date_diff('day', from_date, to_date) + 1 as double) / 7
        end as cost_in_quarter
    from step4_costed
),
-- per service type, and a Total for every council (with no rows: zeros).
by_type as (
    select
        la_code,
        service_type as grp,
        sum(cost_in_quarter) filter (where not one_off) as recurring_cost,
        sum(weeks) filter (where not one_off) as weeks,
        sum(cost_in_quarter) filter (where one_off) as one_off_cost,
        count(*) filter (where one_off) as one_offs
    from step5_7_cost
    group by la_code, service_type
    union all
    select
        k.la_code,
        'Total',
        sum(c.cost_in_quarter) filter (where not c.one_off),
        sum(c.weeks) filter (where not c.one_off),
        sum(c.cost_in_quarter) filter (where c.one_off),
        count(c.service_type) filter (where c.one_off)
    from councils k
    left join step5_7_cost c on c.la_code = k.la_code
    group by k.la_code
),
outputs as (
    select
        la_code,
        'Planned weekly cost' as measure,
        grp,
        round(coalesce(recurring_cost, 0), 2) as numerator,
        round(coalesce(weeks, 0), 2) as denominator,
        case when coalesce(weeks, 0) = 0 then 0.0 else round(recurring_cost / weeks, 2) end as outcome
    from by_type
    union all
    select
        la_code,
        'Planned one-off cost',
        grp,
        round(coalesce(one_off_cost, 0), 2),
        one_offs,
        case when one_offs = 0 then 0.0 else round(one_off_cost / one_offs, 2) end
    from by_type
)
select *
from outputs
order by la_code, measure, grp = 'Total', grp
