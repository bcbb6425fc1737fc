-- Tip conversion by cohort: tips received in [$from, $to] in the area, counted by the period they were
-- received in ($grain: 'month' | 'quarter' | 'year'), channel, category and how long their case took
-- to be solved, counted tip by tip from the tip's receipt (days = solved_on - received_on):
--   day_bin NULL = no case solved by the data date (no case, or its case still open);
--   0 = solved before the tip arrived (days < 0), 1 = 0-7 days, 2 = 8-14, 3 = 15-30, 4 = 31-60,
--   5 = 61-90, 6 = 91-180, 7 = 181-365, 8 = over 365 (antq/charts_tipoffs.py DAY_BINS, same edges).
-- So "linked to a case solved within 30 days" = day_bin <= 3, within 90 = <= 5, within 180 = <= 6.
-- A cohort is complete for a window when its last day inside the period plus the window is on or
-- before $data_date; cohort_from/cohort_to are its days inside the period. Roll day bins, channels and
-- categories up for the cohort curves; roll cohorts up for the channel/category breakdown and the
-- distribution of days (tip counts add up; distinct cases do not, so none are returned here).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE), $grain ('month' | 'quarter' | 'year'), $data_date (DATE, the snapshot's data date).
-- Returns: cohort (DATE, first day), cohort_from, cohort_to, cohort_last (the cohort's last day),
--   channel, category, day_bin, tips, valuable, complete_30, complete_90, complete_180, complete_ever
--   (complete_ever: a year has passed since the cohort's last day inside the period).
-- Read from the derived tables of antq/db.py (same answers as tipoffs joined with their solved cases):
-- the whole country from tip_cohort_days (tips per day, channel, category, valuable, day bin), one
-- province from tip_facts (one row per tip with its days to solution, in commune order).
SELECT cohort,
       greatest(cohort, CAST($from AS DATE)) AS cohort_from,
       least(cohort_last, CAST($to AS DATE)) AS cohort_to, cohort_last,
       channel, category, day_bin, tips, valuable,
       least(cohort_last, CAST($to AS DATE)) + 30 <= CAST($data_date AS DATE)  AS complete_30,
       least(cohort_last, CAST($to AS DATE)) + 90 <= CAST($data_date AS DATE)  AS complete_90,
       least(cohort_last, CAST($to AS DATE)) + 180 <= CAST($data_date AS DATE) AS complete_180,
       least(cohort_last, CAST($to AS DATE)) + 365 <= CAST($data_date AS DATE) AS complete_ever
FROM (
    SELECT cohort, (cohort + CAST('1 ' || $grain AS INTERVAL))::DATE - 1 AS cohort_last, channel, category, day_bin,
           CAST(sum(n) AS BIGINT)                               AS tips,
           CAST(coalesce(sum(n) FILTER (WHERE valuable), 0) AS BIGINT) AS valuable
    FROM (
        SELECT date_trunc($grain, received_on)::DATE AS cohort, channel, category, valuable, day_bin, tips AS n
        FROM tip_cohort_days
        WHERE ($province IS NULL OR $province = '')
          AND received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
        UNION ALL
        SELECT date_trunc($grain, t.received_on)::DATE, t.channel, t.category, t.valuable,
               CASE WHEN days IS NULL THEN NULL WHEN days < 0 THEN 0 WHEN days <= 7 THEN 1 WHEN days <= 14 THEN 2
                    WHEN days <= 30 THEN 3 WHEN days <= 60 THEN 4 WHEN days <= 90 THEN 5 WHEN days <= 180 THEN 6
                    WHEN days <= 365 THEN 7 ELSE 8 END, 1
        FROM (SELECT t.*, t.days_to_solve AS days FROM tip_facts t) t
        JOIN placement p ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code
                        AND p.map = $map AND p.map_province_code = $province
        WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    )
    GROUP BY ALL
)
ORDER BY cohort, channel, category, day_bin
