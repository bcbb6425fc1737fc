-- Tip conversion by cohort: tips received in [$from, $to] in the area, grouped by the period they
-- were received in ($grain: 'month' | 'quarter' | 'year'), channel and category, with how many were
-- valuable, how many are linked to a case solved by the data date, and how many to a case solved
-- within 30, 90 and 180 days of the tip's receipt (solved_on - received_on <= N; a tip received after
-- its case was solved counts as within). A cohort is complete for a window when its last day inside the
-- period plus the window is on or before $data_date; cohort_from/cohort_to are its days inside the period.
-- Roll channels and categories up for the cohort curves; roll cohorts up for the channel/category
-- breakdown (tip counts add up; distinct cases do not, so none are returned here).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE), $grain ('month' | 'quarter' | 'year'), $data_date (DATE, the snapshot's data date).
-- Returns: cohort (DATE, first day), cohort_from, cohort_to, cohort_last (the cohort's last day), channel,
--   category, tips, valuable, solved_ever, solved_30, solved_90, solved_180, complete_30, complete_90, complete_180, complete_ever
--   (complete_ever: a year has passed since the cohort's last day).
SELECT cohort,
       greatest(cohort, CAST($from AS DATE)) AS cohort_from,
       least(cohort_last, CAST($to AS DATE)) AS cohort_to, cohort_last,
       channel, category, tips, valuable, solved_ever, solved_30, solved_90, solved_180,
       least(cohort_last, CAST($to AS DATE)) + 30 <= CAST($data_date AS DATE)  AS complete_30,
       least(cohort_last, CAST($to AS DATE)) + 90 <= CAST($data_date AS DATE)  AS complete_90,
       least(cohort_last, CAST($to AS DATE)) + 180 <= CAST($data_date AS DATE) AS complete_180,
       least(cohort_last, CAST($to AS DATE)) + 365 <= CAST($data_date AS DATE) AS complete_ever
FROM (
    SELECT cohort, (cohort + CAST('1 ' || $grain AS INTERVAL))::DATE - 1 AS cohort_last, channel, category,
           count(*)                             AS tips,
           count(*) FILTER (WHERE valuable)     AS valuable,
           count(days)                          AS solved_ever,
           count(*) FILTER (WHERE days <= 30)   AS solved_30,
           count(*) FILTER (WHERE days <= 90)   AS solved_90,
           count(*) FILTER (WHERE days <= 180)  AS solved_180
    FROM (
        SELECT date_trunc($grain, t.received_on)::DATE AS cohort, t.channel, t.category, t.valuable,
               s.solved_on - t.received_on AS days
        FROM tipoffs t
        LEFT JOIN cases s ON s.case_id = t.case_id AND s.solved_on IS NOT NULL
        WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
          AND ($province IS NULL OR $province = ''
               OR (t.admin_era, t.commune_code) IN (SELECT admin_era, commune_code FROM placement
                                                    WHERE map = $map AND map_province_code = $province))
    )
    GROUP BY ALL
)
ORDER BY cohort, channel, category
