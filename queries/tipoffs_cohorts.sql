-- Tip conversion by cohort: tips received in [$date_from, $date_to] in the area, counted by the period they were
-- received in ($grain: 'month' | 'quarter' | 'year'), channel, category and how long their case took
-- to be solved, counted tip by tip from the tip's receipt (days = solved_on - received_on):
--   day_bin NULL = no case solved by the data date (no case, or its case still open);
--   0 = solved before the tip arrived (days < 0), 1 = 0-7 days, 2 = 8-14, 3 = 15-30, 4 = 31-60,
--   5 = 61-90, 6 = 91-180, 7 = 181-365, 8 = over 365 (antq/features/tipoffs/figures.py DAY_BINS, same edges).
-- So "linked to a case solved within 30 days" = day_bin <= 3, within 90 = <= 5, within 180 = <= 6.
-- A cohort is complete for a window when its last day inside the period plus the window is on or
-- before $data_date; cohort_from/cohort_to are its days inside the period. Roll day bins, channels and
-- categories up for the cohort curves; roll cohorts up for the channel/category breakdown and the
-- distribution of days (tip counts add up; distinct cases do not, so none are returned here).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE), $grain ('month' | 'quarter' | 'year'), $data_date (DATE, the snapshot's data date).
-- Returns: cohort (DATE, first day), cohort_from, cohort_to, cohort_last (the cohort's last day),
--   channel, category, day_bin, tips, valuable, complete_30, complete_90, complete_180, complete_ever
--   (complete_ever: a year has passed since the cohort's last day inside the period).
-- Read from the derived tables of antq/data/derived.py (same answers as tipoffs joined with their solved cases):
-- the whole country from tip_cohort_days (tips per day, channel, category, valuable, day bin), one
-- province from tip_cohort_province_days (the same per province of each map).
SELECT cohort,
       greatest(cohort, CAST($date_from AS DATE)) AS cohort_from,
       least(cohort_last, CAST($date_to AS DATE)) AS cohort_to, cohort_last,
       channel, category, day_bin, tips, valuable,
       least(cohort_last, CAST($date_to AS DATE)) + 30 <= CAST($data_date AS DATE)  AS complete_30,
       least(cohort_last, CAST($date_to AS DATE)) + 90 <= CAST($data_date AS DATE)  AS complete_90,
       least(cohort_last, CAST($date_to AS DATE)) + 180 <= CAST($data_date AS DATE) AS complete_180,
       least(cohort_last, CAST($date_to AS DATE)) + 365 <= CAST($data_date AS DATE) AS complete_ever
FROM (
    SELECT cohort, (cohort + CAST('1 ' || $grain AS INTERVAL))::DATE - 1 AS cohort_last, channel, category, day_bin,
           CAST(sum(n) AS BIGINT)                               AS tips,
           CAST(coalesce(sum(n) FILTER (WHERE valuable), 0) AS BIGINT) AS valuable
    FROM (
        SELECT date_trunc($grain, received_on)::DATE AS cohort, channel, category, valuable, day_bin, tips AS n
        FROM tip_cohort_days
        WHERE $province IS NULL
          AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
        UNION ALL
        SELECT date_trunc($grain, received_on)::DATE, channel, category, valuable, day_bin, tips
        FROM tip_cohort_province_days
        WHERE (CASE WHEN $map = '2025' THEN p25 ELSE p24 END) = $province
          AND p25 IN (SELECT province_2025 FROM commune_keys  -- the province's rows only (the table is in p25 order)
                      WHERE (CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END) = $province)
          AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
    )
    GROUP BY ALL
)
ORDER BY cohort, channel, category, day_bin
