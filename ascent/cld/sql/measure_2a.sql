-- ASCOF 2A: new clients' short-term support to maximise independence (ST-Max) episodes ending in
-- the year whose sequel was no ongoing support or support of a lower level.
--
-- Follows docs/reference client-level-data.md §8.2 steps 1-9 (DHSC's 2024/25-onwards method),
-- §5 (age from the first-of-month proxy date of birth, floor(days / 365.25)) and the common rules
-- of §7 (service users only; rows ending before they start dropped; outcome rounded to 1 dp,
-- 0 when the denominator is 0; Total includes unknown ages).
--
-- Reads the clean `events` table, `person_details` (proxy_dob, date_of_death per council and
-- person, §6.6), `councils` and the one-row `params` table (period_start, period_end). Returns one
-- row per council and group ('18 to 64', '65 and above', 'Total'): la_code, measure, grp,
-- numerator, denominator, outcome. Portable SQL (DuckDB and, through SQLGlot, Spark): ordered
-- "first" values are taken with row_number(), day counts with date_diff.
--
-- The CTEs are named after the reference's steps. The same chain, up to `step8_classified` (one
-- row per episode), feeds measure_2a_sequels.sql (the table by final sequel): that file's final
-- query takes over at the "step 9: outputs" comment line below (see
-- ascent/cld/measures_local.py), so keep that line as it is.
--
-- Deliberate choices and deviations (our reading where the reference is silent):
-- * Tie-breaks use `row_key` (the engine's global load order: later extract and later row =
--   higher) where DHSC uses the record ID; within one extract they agree.
-- * "Valid end" = no end, or an end on or after the start. The derived end (`event_end`, the
--   death rule of §6.3) is used throughout; open ends become 9999-01-01.
-- * The +100 penalty is applied to outcome ranks 1-5 (the progress outcomes, the R1-only
--   pseudo-value and "Continuation of support or services"); a missing outcome ranks 999.
-- * Age uses person_details.proxy_dob; no date of birth = unknown age (kept, in Total only).
--   An age under 18 (including a proxy DOB after the cluster end) is dropped.
-- * Sequel rule 3: the "first ST-Max in the window" cut also applies to the non-service rows
--   used by rule 4(b). (Within one council an ST-Max row starting in the window always joins
--   the cluster, so in practice the cut never bites.) Ties within a hierarchy level, after the
--   preference for short-term residential or nursing components, go to the highest row_key.
-- * Sequel rule 4(c): the latest-ending assessment or review inside the cluster is chosen first
--   (ties: best rank, then highest row_key); it is used only if it ends fewer than 14 days
--   before the cluster end and its rank is under 100 (no fall-back to an earlier one).
-- * Sequel rule 5: "inside the cluster" = an Equipment service starting on or after the
--   cluster start and ending on or before the cluster end (an Equipment service that runs past
--   the end and starts within 7 days of it is already a rule 3 sequel).
-- * Rule 6 with no outcome at all gives 'Invalid and not mapped' (excluded, unable to classify).
with
period as (
    select period_start as year_start, period_end as year_end from params
),

-- step 1: service-user rows of every event type with a valid person, start and end; open ends
-- far in the future; outcome rank with the +100 penalty on outcomes that cannot be a sequel.
step1_rows as (
    select
        la_code,
        person_id,
        row_key,
        event_type,
        service_type,
        service_component,
        event_start as start_date,
        coalesce(event_end, date '9999-01-01') as end_date,
        event_outcome,
        case
            when outcome_rank between 1 and 5 then outcome_rank + 100
            else coalesce(outcome_rank, 999)
        end as sequel_rank
    from events
    where client_type = 'Service user'
      and person_id is not null
      and event_start is not null
      and (event_end is null or event_end >= event_start)
),

-- step 2: ST-Max rows (any component).
step2_stmax as (
    select *
    from step1_rows
    where event_type = 'Service' and service_type = 'Short term support: ST-Max'
),

-- step 3: clusters. In start, end, rank, row order a row opens a new cluster when it starts
-- more than 7 days after the latest end seen so far in the person's earlier rows.
step3_latest_end_so_far as (
    select
        *,
        max(end_date) over (
            partition by la_code, person_id
            order by start_date, end_date, sequel_rank, row_key desc
            rows between unbounded preceding and 1 preceding
        ) as latest_end_so_far
    from step2_stmax
),
step3_numbered as (
    select
        *,
        sum(case when latest_end_so_far is null or start_date > latest_end_so_far + 7 then 1 else 0 end)
            over (
                partition by la_code, person_id
                order by start_date, end_date, sequel_rank, row_key desc
                rows between unbounded preceding and current row
            ) as cluster_no
    from step3_latest_end_so_far
),
step3_ranked as (
    select
        *,
        -- the row with the latest end (ties: best rank, then latest row)
        row_number() over (
            partition by la_code, person_id, cluster_no order by end_date desc, sequel_rank, row_key desc
        ) as latest_in_cluster
    from step3_numbered
),
step3_clusters as (
    select
        la_code,
        person_id,
        cluster_no,
        min(start_date) as cluster_start,
        max(end_date) as cluster_end,
        max(case when latest_in_cluster = 1 then event_outcome end) as cluster_outcome,
        max(case when latest_in_cluster = 1 then sequel_rank end) as cluster_rank
    from step3_ranked
    group by la_code, person_id, cluster_no
),

-- step 4: clusters ending in the year.
step4_in_year as (
    select c.*
    from step3_clusters c, period p
    where c.cluster_end between p.year_start and p.year_end
),

-- step 5: age at cluster end from the proxy date of birth; under-18s and people who died
-- before the cluster started are dropped.
step5_aged as (
    select
        c.*,
        pd.date_of_death,
        cast(floor(date_diff('day', pd.proxy_dob, c.cluster_end) / 365.25) as integer) as age
    from step4_in_year c
    left join person_details pd on pd.la_code = c.la_code and pd.person_id = c.person_id
),
step5_adults as (
    select
        *,
        case
            when age is null then 'Unknown'
            when age <= 64 then '18 to 64'
            else '65 and above'
        end as age_group
    from step5_aged
    where (age is null or age >= 18)
      and (date_of_death is null or date_of_death >= cluster_start)
),
-- the person's other rows: everything except this cluster's own ST-Max rows.
step5_other_rows as (
    select r.*, cast(null as bigint) as cluster_no
    from step1_rows r
    where not (r.event_type = 'Service' and r.service_type = 'Short term support: ST-Max')
    union all
    select
        la_code, person_id, row_key, event_type, service_type, service_component, start_date,
        end_date, event_outcome, sequel_rank, cluster_no
    from step3_numbered
),

-- step 6: new clients only. An existing client had long-term support that started before the
-- cluster and ended fewer than 91 days before its start, or later, or is still open.
step6_new as (
    select c.*
    from step5_adults c
    where not exists (
        select 1
        from step1_rows r
        where r.la_code = c.la_code
          and r.person_id = c.person_id
          and r.event_type = 'Service'
          and r.service_type in (
              'Long term support: Nursing care',
              'Long term support: Residential care',
              'Long term support: Community',
              'Long term support: Prison'
          )
          and r.start_date < c.cluster_start
          and date_diff('day', r.end_date, c.cluster_start) < 91
    )
),

-- step 7: the sequel. Rows in the sequel window started on or after the cluster start, end
-- after the cluster end and start no later than 7 days after it; rows from the first ST-Max in
-- the window onwards are ignored.
step7_window_all as (
    select
        c.la_code, c.person_id, c.cluster_no, o.row_key, o.event_type, o.service_type,
        o.service_component, o.start_date, o.end_date, o.event_outcome, o.sequel_rank
    from step6_new c
    join step5_other_rows o
      on o.la_code = c.la_code
     and o.person_id = c.person_id
     and o.cluster_no is distinct from c.cluster_no
     and o.start_date >= c.cluster_start
     and o.end_date > c.cluster_end
     and o.start_date <= c.cluster_end + 7
),
step7_window as (
    select w.*
    from step7_window_all w
    where w.start_date < coalesce((
        select min(s.start_date)
        from step7_window_all s
        where s.la_code = w.la_code and s.person_id = w.person_id and s.cluster_no = w.cluster_no
          and s.event_type = 'Service' and s.service_type = 'Short term support: ST-Max'
    ), date '9999-12-31')
),
-- rule 3: the highest recognised service in the window.
step7_rule3_ranked as (
    select
        la_code,
        person_id,
        cluster_no,
        case
            when service_type = 'Short term support: Other short term'
             and service_component in ('Short term residential care', 'Short term nursing care')
                then 'Short term support: Residential or Nursing care'
            else service_type
        end as sequel,
        row_number() over (
            partition by la_code, person_id, cluster_no
            order by
                case service_type
                    when 'Long term support: Nursing care' then 1
                    when 'Long term support: Residential care' then 2
                    when 'Long term support: Community' then 3
                    when 'Long term support: Prison' then 4
                    when 'Short term support: ST-Max' then 5
                    when 'Short term support: Ongoing low level' then 6
                    when 'Short term support: Other short term' then 7
                end,
                case
                    when service_component in ('Short term residential care', 'Short term nursing care') then 0
                    else 1
                end,
                row_key desc
        ) as choice
    from step7_window
    where event_type = 'Service'
      and service_type in (
          'Long term support: Nursing care',
          'Long term support: Residential care',
          'Long term support: Community',
          'Long term support: Prison',
          'Short term support: ST-Max',
          'Short term support: Ongoing low level',
          'Short term support: Other short term'
      )
),
step7_rule3_service as (
    select la_code, person_id, cluster_no, sequel
    from step7_rule3_ranked
    where choice = 1
),
-- rule 4 (c): the latest-ending assessment or review lying inside the cluster.
step7_rule4_nested_rows as (
    select
        c.la_code,
        c.person_id,
        c.cluster_no,
        c.cluster_end,
        o.event_outcome,
        o.sequel_rank,
        o.end_date,
        row_number() over (
            partition by c.la_code, c.person_id, c.cluster_no
            order by o.end_date desc, o.sequel_rank, o.row_key desc
        ) as choice
    from step6_new c
    join step5_other_rows o
      on o.la_code = c.la_code
     and o.person_id = c.person_id
     and o.event_type in ('Assessment', 'Review')
     and o.start_date >= c.cluster_start
     and o.end_date > c.cluster_start
     and o.end_date <= c.cluster_end
),
step7_rule4_nested as (
    select la_code, person_id, cluster_no, event_outcome, sequel_rank, end_date, cluster_end
    from step7_rule4_nested_rows
    where choice = 1
),
-- rule 4: the best usable outcome (rank under 100) from (a) the cluster itself, (b) non-service
-- rows in the window other than "NFA: Support ended as planned", (c) the nested row above.
step7_rule4_candidates as (
    select la_code, person_id, cluster_no, cluster_outcome as event_outcome, cluster_rank as sequel_rank,
           1 as source, cast(null as bigint) as row_key
    from step6_new
    union all
    select la_code, person_id, cluster_no, event_outcome, sequel_rank, 2 as source, row_key
    from step7_window
    where event_type <> 'Service' and event_outcome is distinct from 'NFA: Support ended as planned'
    union all
    select la_code, person_id, cluster_no, event_outcome, sequel_rank, 3 as source, null
    from step7_rule4_nested
    where date_diff('day', end_date, cluster_end) < 14
),
step7_rule4_ranked as (
    select
        la_code,
        person_id,
        cluster_no,
        event_outcome,
        row_number() over (
            partition by la_code, person_id, cluster_no order by sequel_rank, source, row_key desc nulls last
        ) as choice
    from step7_rule4_candidates
    where sequel_rank < 100
),
step7_rule4_outcome as (
    select la_code, person_id, cluster_no, event_outcome as sequel
    from step7_rule4_ranked
    where choice = 1
),
-- rule 5: an Equipment service inside the cluster.
step7_rule5_equipment as (
    select distinct c.la_code, c.person_id, c.cluster_no
    from step6_new c
    join step5_other_rows o
      on o.la_code = c.la_code
     and o.person_id = c.person_id
     and o.event_type = 'Service'
     and o.service_component = 'Equipment'
     and o.start_date >= c.cluster_start
     and o.end_date <= c.cluster_end
),
step7_sequel as (
    select
        c.la_code,
        c.person_id,
        c.cluster_no,
        c.cluster_start,
        c.cluster_end,
        c.age_group,
        case
            when c.date_of_death <= c.cluster_end + 7 then 1
            when c.cluster_outcome = 'Admitted to hospital' then 2
            when r3.sequel is not null then 3
            when r4.sequel is not null then 4
            when r5.cluster_no is not null then 5
            else 6
        end as sequel_rule,
        case
            when c.date_of_death <= c.cluster_end + 7 then 'NFA: Deceased'
            when c.cluster_outcome = 'Admitted to hospital' then 'Admitted to hospital'
            when r3.sequel is not null then r3.sequel
            when r4.sequel is not null then r4.sequel
            when r5.cluster_no is not null then 'Short term support: Ongoing low level'
            else coalesce(c.cluster_outcome, 'Invalid and not mapped')
        end as sequel
    from step6_new c
    left join step7_rule3_service r3 using (la_code, person_id, cluster_no)
    left join step7_rule4_outcome r4 using (la_code, person_id, cluster_no)
    left join step7_rule5_equipment r5 using (la_code, person_id, cluster_no)
),

-- step 8: classify the final sequel. Anything not listed is excluded.
step8_classification (sequel, in_denominator, in_numerator) as (
    values
        ('Long term support: Nursing care', true, false),
        ('Long term support: Residential care', true, false),
        ('Long term support: Community', true, false),
        ('Long term support: Prison', true, false),
        ('Short term support: Residential or Nursing care', true, false),
        ('Short term support: Ongoing low level', true, true),
        ('Short term support: Other short term', true, true),
        ('NFA: Information and advice or signposting', true, true),
        ('NFA: Support ended as planned', true, true),
        ('NFA: Responsibility moved to another local authority', true, true),
        ('NFA: Other', true, true),
        ('NFA: No services offered for other reason', true, true),
        ('NFA: Support ended for other reason', true, true),
        ('NFA: Referral to other service within the local authority', true, true)
),
step8_classified as (
    select
        s.*,
        coalesce(k.in_denominator, false) as in_denominator,
        coalesce(k.in_numerator, false) as in_numerator,
        case
            when k.in_numerator then 'Numerator'
            when k.in_denominator then 'Denominator only'
            when s.sequel in (
                'NFA: Deceased',
                'Admitted to hospital',
                'NFA: Referral to NHS services or NHS funded social care',
                'NFA: Self-funded client or under 12wk disregard',
                'NFA: Support declined',
                'Short term support: ST-Max'
            ) then 'Excluded'
            else 'Unable to classify'
        end as classification
    from step7_sequel s
    left join step8_classification k using (sequel)
)
-- step 9: outputs
,
step9_groups (grp, sort_order) as (
    values ('18 to 64', 1), ('65 and above', 2), ('Total', 3)
),
step9_counts as (
    select
        k.la_code,
        g.grp,
        g.sort_order,
        count(e.cluster_no) filter (where e.in_numerator) as numerator,
        count(e.cluster_no) filter (where e.in_denominator) as denominator
    from councils k
    cross join step9_groups g
    left join step8_classified e on e.la_code = k.la_code and (g.grp = 'Total' or g.grp = e.age_group)
    group by k.la_code, g.grp, g.sort_order
)
select
    la_code,
    '2A' as measure,
    grp,
    numerator,
    denominator,
    case when denominator = 0 then 0.0 else round(cast(numerator as double) * 100 / denominator, 1) end as outcome
from step9_counts
order by la_code, sort_order
