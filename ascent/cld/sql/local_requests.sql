-- Local measure: requests for support in the period, by route of access and by outcome group.
-- Follows reference client-level-data.md §6.3 for which requests are "in the period" (the derived
-- end date falls in it and the request started on or before its end: CLD carries a request once
-- it is completed), §4.14 for route of access and §4.3 for the outcome groups (DHSC's grouping:
-- every "NFA: …" outcome is 'NFA', the others are their own group; from ref_outcome).
--
-- Reads the one-row table params (period_start, period_end: DATEs) and councils.
-- Returns rows of la_code, measure, grp, numerator, denominator, outcome, for each council:
--   measure 'Requests by route of access': grp = route of access ('Not recorded' when blank),
--   measure 'Requests by outcome group':   grp = outcome group ('Not recorded' when blank; an
--                                          unmappable outcome keeps 'Invalid and not mapped'),
--   each with a 'Total' row; numerator = requests in the group, denominator = all requests in
--   the period, outcome = the group's share in per cent, 1 dp (0 when there are none).
--
-- Choices (no national definition exists; ours):
-- * Every client type's requests count (service users and unpaid carers), one per clean event
--   row; requests are not merged when they follow each other closely (NHSE's STS001 merges
--   requests within 4 days, §13.3: not done here, so repeat contacts show as repeats).
with
requests_in_period as (
    select
        e.la_code,
        coalesce(e.route_of_access, 'Not recorded') as route,
        coalesce(o.grp, e.event_outcome, 'Not recorded') as outcome_group
    from events e
    cross join params p
    left join ref_outcome o on o.value = e.event_outcome
    where e.event_type = 'Request'
      and e.event_start is not null
      and e.event_start <= p.period_end
      and e.event_end between p.period_start and p.period_end
),
total as (
    select k.la_code, count(r.la_code) as requests
    from councils k
    left join requests_in_period r on r.la_code = k.la_code
    group by k.la_code
),
counted as (
    select la_code, 'Requests by route of access' as measure, route as grp, count(*) as numerator, 1 as sort_order
    from requests_in_period
    group by la_code, route
    union all
    select la_code, 'Requests by outcome group', outcome_group, count(*), 1
    from requests_in_period
    group by la_code, outcome_group
    union all
    select la_code, 'Requests by route of access', 'Total', requests, 2
    from total
    union all
    select la_code, 'Requests by outcome group', 'Total', requests, 2
    from total
)
select
    c.la_code,
    c.measure,
    c.grp,
    c.numerator,
    t.requests as denominator,
    case when t.requests = 0 then 0.0 else round(cast(c.numerator as double) * 100 / t.requests, 1) end as outcome
from counted c
join total t on t.la_code = c.la_code
order by c.la_code, c.measure, c.sort_order, c.grp
