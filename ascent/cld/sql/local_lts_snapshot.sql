-- Local measure: people in long-term support on the last day of the period, by setting and by
-- primary support reason.
-- Follows reference client-level-data.md §13.7 (the LTS001b snapshot: long-term support open on
-- the last day, the person not dead before it, one setting per person by the hierarchy nursing >
-- residential > community > prison), §6.6 (the person's latest-known primary support reason from
-- person_details) and §5 (age from the proxy date of birth).
--
-- Reads the one-row table params (period_start, period_end: DATEs) and councils.
-- Returns rows of la_code, measure, grp, numerator, denominator, outcome, for each council:
--   'People in long-term support by setting'        grp 'Nursing care', 'Residential care',
--                                                   'Community', 'Prison', 'Total';
--   'People in long-term support by support reason' grp = primary support reason ('Unknown' when
--                                                   none is known), 'Total';
--   numerator = people, denominator = all people in long-term support on the day, outcome =
--   share in per cent, 1 dp (0 when there are none). Settings with no one are still listed.
--
-- Choices (ours): service users only; a known age under 18 on the last day is left out (the
-- snapshot is of adults, as LTS001b and ASCOF 3D); unknown ages stay. Community is not split by
-- delivery mechanism here (ASCOF 3D does that). A person dead on the last day itself still counts
-- (§6.3: only a death before the day removes them).
with
open_on_last_day as (
    select
        e.la_code,
        e.person_id,
        case e.service_type
            when 'Long term support: Nursing care' then 1
            when 'Long term support: Residential care' then 2
            when 'Long term support: Community' then 3
            when 'Long term support: Prison' then 4
        end as setting_rank
    from events e
    cross join params p
    where e.client_type = 'Service user'
      and e.event_type = 'Service'
      and e.service_type in (
          'Long term support: Nursing care',
          'Long term support: Residential care',
          'Long term support: Community',
          'Long term support: Prison'
      )
      and e.event_start <= p.period_end
      and (e.event_end is null or e.event_end >= p.period_end)
),
people as (
    select
        o.la_code,
        o.person_id,
        min(o.setting_rank) as setting_rank,
        max(pd.psr) as psr,
        max(pd.date_of_death) as date_of_death,
        max(cast(floor(date_diff('day', pd.proxy_dob, p.period_end) / 365.25) as integer)) as age
    from open_on_last_day o
    cross join params p
    left join person_details pd on pd.la_code = o.la_code and pd.person_id = o.person_id
    group by o.la_code, o.person_id
),
counted_people as (
    select
        la_code,
        case setting_rank
            when 1 then 'Nursing care'
            when 2 then 'Residential care'
            when 3 then 'Community'
            else 'Prison'
        end as setting,
        setting_rank,
        coalesce(psr, 'Unknown') as psr
    from people, params p
    where (date_of_death is null or date_of_death >= p.period_end)
      and (age is null or age >= 18)
),
total as (
    select k.la_code, count(c.la_code) as people
    from councils k
    left join counted_people c on c.la_code = k.la_code
    group by k.la_code
),
settings (setting, setting_rank) as (
    values ('Nursing care', 1), ('Residential care', 2), ('Community', 3), ('Prison', 4)
),
counted as (
    select k.la_code, 'People in long-term support by setting' as measure, s.setting as grp,
           count(c.setting) as numerator, s.setting_rank as sort_order
    from councils k
    cross join settings s
    left join counted_people c on c.la_code = k.la_code and c.setting = s.setting
    group by k.la_code, s.setting, s.setting_rank
    union all
    select la_code, 'People in long-term support by support reason', psr, count(*), 1
    from counted_people
    group by la_code, psr
    union all
    select la_code, 'People in long-term support by setting', 'Total', people, 9
    from total
    union all
    select la_code, 'People in long-term support by support reason', 'Total', people, 9
    from total
)
select
    c.la_code,
    c.measure,
    c.grp,
    c.numerator,
    t.people as denominator,
    case when t.people = 0 then 0.0 else round(cast(c.numerator as double) * 100 / t.people, 1) end as outcome
from counted c
join total t on t.la_code = c.la_code
order by c.la_code, c.measure, c.sort_order, c.grp
