-- Local measure: reviews of long-term clients completed within 12 months of the previous review
-- (or, for a first review, of the start of the long-term support).
-- Built from reference client-level-data.md §13.1 (a request, assessment or review belongs to a
-- long-term client when a long-term service was open on its start date), §6.3 (a review is in
-- the period when its derived end falls in it and it started on or before the period end),
-- §4.15 (review reasons) and §5 (age from the proxy date of birth).
--
-- Reads the one-row table params (period_start, period_end: DATEs) and councils.
-- Returns, for each council, rows of la_code, measure 'Reviews of long-term clients within 12 months', grp '18 to 64',
-- '65 and above', 'Total' (Total includes unknown ages; known under-18s are left out):
-- numerator = reviews completed no later than 12 calendar months after the reference date,
-- denominator = reviews counted, outcome = per cent, 1 dp (0 when the denominator is 0).
--
-- Definitions (ours; no national one exists):
-- * A review counts when it is a service user's, completed in the period, its reason is not
--   'Review of short term support', and a long-term service (nursing, residential, community or
--   prison) was open on its start date.
-- * The long-term spell is that service together with the person's other long-term rows that
--   overlap it or follow on within a day (changes of package make new rows; they do not restart
--   the clock). Spell start = the earliest start in it.
-- * Reference date = the end of the person's latest earlier review (any reason but short-term
--   support; ended before this one ended) if that fell on or after the spell start, else the
--   spell start.
-- * Within 12 months = review end on or before the reference date plus 12 calendar months.
-- * Age at the review's end; an age under 18 is left out (as the ASCOF measures do).
with
lts_rows as (
    select la_code, person_id, row_key, event_start, coalesce(event_end, date '9999-01-01') as end_date
    from events
    where client_type = 'Service user'
      and event_type = 'Service'
      and service_type in (
          'Long term support: Nursing care',
          'Long term support: Residential care',
          'Long term support: Community',
          'Long term support: Prison'
      )
      and event_start is not null
      and (event_end is null or event_end >= event_start)
),
-- spells: a row more than a day after the latest end so far starts a new spell.
lts_latest_end_so_far as (
    select
        *,
        max(end_date) over (
            partition by la_code, person_id order by event_start, end_date, row_key
            rows between unbounded preceding and 1 preceding
        ) as latest_end_so_far
    from lts_rows
),
lts_spells_numbered as (
    select
        *,
        sum(case when latest_end_so_far is null or event_start > latest_end_so_far + 1 then 1 else 0 end)
            over (
                partition by la_code, person_id order by event_start, end_date, row_key
                rows between unbounded preceding and current row
            ) as spell_no
    from lts_latest_end_so_far
),
lts_spells as (
    select la_code, person_id, spell_no, min(event_start) as spell_start, max(end_date) as spell_end
    from lts_spells_numbered
    group by la_code, person_id, spell_no
),
lts_reviews as (
    select la_code, person_id, row_key, event_start, event_end
    from events
    where client_type = 'Service user'
      and event_type = 'Review'
      and event_start is not null
      and event_end is not null
      and event_end >= event_start
      and review_reason is distinct from 'Review of short term support'
),
reviews_in_period as (
    select r.*, s.spell_start
    from lts_reviews r
    cross join params p
    join lts_spells s
      on s.la_code = r.la_code
     and s.person_id = r.person_id
     and r.event_start between s.spell_start and s.spell_end
    where r.event_start <= p.period_end
      and r.event_end between p.period_start and p.period_end
),
earlier_reviews as (
    select r.la_code, r.person_id, r.row_key, r.spell_start, max(x.event_end) as previous_end
    from reviews_in_period r
    join lts_reviews x on x.la_code = r.la_code and x.person_id = r.person_id and x.event_end < r.event_end
    group by r.la_code, r.person_id, r.row_key, r.spell_start
),
with_reference as (
    select
        r.*,
        greatest(r.spell_start, coalesce(e.previous_end, r.spell_start)) as reference_date
    from reviews_in_period r
    left join earlier_reviews e
      on e.la_code = r.la_code and e.person_id = r.person_id and e.row_key = r.row_key
     and e.spell_start = r.spell_start
),
aged as (
    select
        w.*,
        cast(floor(date_diff('day', pd.proxy_dob, w.event_end) / 365.25) as integer) as age
    from with_reference w
    left join person_details pd on pd.la_code = w.la_code and pd.person_id = w.person_id
),
counted_reviews as (
    select
        *,
        event_end <= cast(reference_date + interval 12 month as date) as on_time,
        case when age is null then 'Unknown' when age <= 64 then '18 to 64' else '65 and above' end as age_group
    from aged
    where age is null or age >= 18
),
groups (grp, sort_order) as (
    values ('18 to 64', 1), ('65 and above', 2), ('Total', 3)
),
counts as (
    select
        k.la_code,
        g.grp,
        g.sort_order,
        count(c.row_key) filter (where c.on_time) as numerator,
        count(c.row_key) as denominator
    from councils k
    cross join groups g
    left join counted_reviews c on c.la_code = k.la_code and (g.grp = 'Total' or g.grp = c.age_group)
    group by k.la_code, g.grp, g.sort_order
)
select
    la_code,
    'Reviews of long-term clients within 12 months' as measure,
    grp,
    numerator,
    denominator,
    case when denominator = 0 then 0.0 else round(cast(numerator as double) * 100 / denominator, 1) end as outcome
from counts
order by la_code, sort_order
